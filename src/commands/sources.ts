import dns from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { UserError } from '../errors.ts';
import { formatDate } from '../render/describe.ts';
import { isFollowedFeed, isOneOffFeed } from '../sources/feed-ingest.ts';
import { blockedAddressRange } from '../sources/network-guard.ts';
import type { CommandHandler, CommandServices, Invocation, ParsedCommand } from './types.ts';

type Of<N extends ParsedCommand['name']> = Extract<ParsedCommand, { name: N }>;

export interface FeedHealth {
  id: number;
  url: string;
  origin: 'config' | 'admin';
  failing: boolean;
  lastError: string | null;
  lastOkAt: string | null;
}

export async function feedHealth(services: CommandServices): Promise<FeedHealth[]> {
  const rows = await services.db
    .selectFrom('feeds')
    .select(['id', 'url', 'origin', 'failures', 'last_error', 'last_ok_at'])
    .where(isFollowedFeed)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    url: row.url,
    origin: row.origin,
    failing: row.failures > 0,
    lastError: row.last_error,
    lastOkAt: row.last_ok_at,
  }));
}

/**
 * A feed URL an admin may add: http or https, no credentials, and — unless private networks are
 * allowed — a host that resolves only to public addresses, judged by the fetcher's own rule (the
 * fetcher checks again at every connection).
 */
export async function checkFeedUrl(raw: string, allowPrivateNetworks: boolean): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UserError('bad_feed_url', `“${raw}” is not a URL. Example: /parley sources add https://example.org/world/rss.xml`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError('bad_feed_url', `“${raw}”: only http and https feeds can be added.`);
  }
  if (url.username || url.password) throw new UserError('bad_feed_url', `“${url.host}”: feed URLs with credentials are not accepted.`);
  if (!allowPrivateNetworks) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = ipaddr.isValid(host) ? [host] : (await dns.lookup(host, { all: true })).map((entry) => entry.address);
    } catch {
      throw new UserError('bad_feed_url', `“${url.host}”: the host name does not resolve.`);
    }
    for (const address of addresses) {
      const range = blockedAddressRange(address);
      if (range) throw new UserError('private_address', `“${url.host}” resolves to a private address (${range}); feeds on private networks are refused here.`);
    }
  }
  return url.toString();
}

const addedBy = (invocation: Invocation) => `${invocation.platform}:${invocation.userId}`;

export const sourcesAdd: CommandHandler<Of<'sources-add'>> = {
  admin: true,
  async run(services, invocation, command) {
    const url = await checkFeedUrl(command.url, services.loaded.allowPrivateNetworks);
    const added = { origin: 'admin' as const, added_by: addedBy(invocation), added_at: services.now().toISOString() };
    const existing = await services.db.selectFrom('feeds').select(['id', 'origin', 'added_by']).where('url', '=', url).executeTakeFirst();
    if (existing && !isOneOffFeed(existing)) return { kind: 'notice', text: `That feed is already followed as source #${existing.id}.`, visibility: 'private' };
    let id: number;
    if (existing) {
      // A feed read once with `parley ingest URL` keeps its row (and what was read from it), now followed.
      await services.db.updateTable('feeds').set(added).where('id', '=', existing.id).execute();
      id = existing.id;
    } else {
      id = (await services.db.insertInto('feeds').values({ url, ...added }).returning('id').executeTakeFirstOrThrow()).id;
    }
    return { kind: 'notice', text: `Added source #${id}: ${url}. It is fetched with the next feed round.`, visibility: 'channel' };
  },
};

export const sourcesRemove: CommandHandler<Of<'sources-remove'>> = {
  admin: true,
  async run(services, _invocation, command) {
    const id = Number(command.id.replace(/^#/, ''));
    if (!Number.isInteger(id) || id <= 0) throw new UserError('bad_source_id', `“${command.id}” is not a source id; /parley sources list shows them.`);
    const feed = await services.db.selectFrom('feeds').select(['id', 'url', 'origin']).where('id', '=', id).where(isFollowedFeed).executeTakeFirst();
    if (!feed) throw new UserError('unknown_source', `There is no source #${id}; /parley sources list shows them.`);
    if (feed.origin === 'config') {
      throw new UserError('config_source', `Source #${id} (${feed.url}) comes from the config file; remove it there.`);
    }
    await services.db.deleteFrom('feeds').where('id', '=', id).execute();
    return { kind: 'notice', text: `Removed source #${id}: ${feed.url}. Articles already stored from it stay.`, visibility: 'channel' };
  },
};

export const sourcesList: CommandHandler = {
  admin: false,
  async run(services) {
    const feeds = await feedHealth(services);
    if (feeds.length === 0) {
      return { kind: 'notice', text: 'No feeds yet (only article files). An admin can add one with /parley sources add <feed url>.', visibility: 'private' };
    }
    const lines = feeds.map((feed) => {
      const state = feed.failing ? `failing: ${feed.lastError ?? 'unknown error'}` : feed.lastOkAt ? `ok, last read ${formatDate(feed.lastOkAt)}` : 'not read yet';
      return `#${feed.id} ${feed.url} (${feed.origin === 'config' ? 'config file' : 'added here'}; ${state})`;
    });
    return { kind: 'notice', text: ['Sources:', ...lines].join('\n'), visibility: 'private' };
  },
};
