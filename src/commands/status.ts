import { formatDate, plural } from '../render/describe.ts';
import { formatRun, subscriptionOf, upcomingRuns } from './subscription-settings.ts';
import { feedHealth } from './sources.ts';
import type { CommandHandler } from './types.ts';

/** `/parley status`: schedule, next run, last digest, delivery and sources health. */
export const status: CommandHandler = {
  admin: false,
  async run(services, invocation) {
    const row = await subscriptionOf(services, invocation);
    const now = services.now();
    const lines = [`This channel follows “${services.loaded.config.topic.name}”.`];
    const next = row.paused ? null : upcomingRuns(row.schedule, row.time_zone, now, 1)[0];
    lines.push(
      `Schedule: “${row.schedule}” (${row.time_zone})` +
        (row.paused ? ' — paused.' : next ? ` — next run ${formatRun(next, row.time_zone)}.` : ' — never runs.'),
    );
    const last = await services.db
      .selectFrom('digests')
      .select(['created_at', 'empty', 'trigger', 'model'])
      .where('subscription_id', '=', row.id)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last) {
      const updates = last.empty ? 0 : ((JSON.parse(last.model) as { updates?: unknown[] }).updates?.length ?? 0);
      lines.push(`Last digest: ${formatRun(new Date(last.created_at), row.time_zone)} (${last.trigger}, ${updates === 0 ? 'nothing new' : plural(updates, 'update')}).`);
    } else {
      lines.push('Last digest: none yet.');
    }
    const pending = await services.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subscription_id', '=', row.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (row.status === 'failing') lines.push(`Delivery is failing: ${row.status_reason ?? 'unknown reason'}.`);
    else if (Number(pending?.n ?? 0) > 0) lines.push(`Delivery: ${plural(Number(pending?.n), 'message')} waiting to be posted.`);
    const articles = await services.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const feeds = await feedHealth(services);
    const failing = feeds.filter((feed) => feed.failing);
    const newest = await services.db.selectFrom('articles').select((eb) => eb.fn.max('ingested_at').as('at')).executeTakeFirst();
    lines.push(
      `Sources: ${plural(Number(articles?.n ?? 0), 'article')} stored` +
        (newest?.at ? `, newest ingested ${formatDate(newest.at)}` : '') +
        `; ${plural(feeds.length, 'feed')}${failing.length > 0 ? `, ${failing.length} failing` : feeds.length > 0 ? ', all healthy' : ''}.`,
    );
    for (const feed of failing) lines.push(`• #${feed.id} ${feed.url}: ${feed.lastError ?? 'failing'}`);
    return { kind: 'notice', text: lines.join('\n'), visibility: 'private' };
  },
};
