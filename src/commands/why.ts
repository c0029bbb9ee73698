import { lastRecordedDigest } from '../digest/index.ts';
import type { ArticleFate, CandidateFate } from '../digest/explanation.ts';
import { formatDate, plural } from '../render/describe.ts';
import { lowerWords } from '../analysis/text.ts';
import { subscriptionOf } from './subscription-settings.ts';
import type { CommandHandler, CommandServices, ParsedCommand } from './types.ts';

/** Matches shown of each kind: an answer stays a few lines. */
const MAX_MATCHES = 4;
const SUMMARY_CHARS = 140;

/**
 * `/parley why <words or URL>`: what became of the matching articles and candidate developments
 * in the channel's last digest, from the reasons the planner kept with it (digest/explanation.ts).
 */
export const why: CommandHandler<Extract<ParsedCommand, { name: 'why' }>> = {
  admin: true,
  async run(services, invocation, command) {
    const row = await subscriptionOf(services, invocation);
    const last = await lastRecordedDigest(services.db, row.id);
    if (!last) return { kind: 'notice', text: 'This channel has had no digest with news yet, so there is nothing to explain.', visibility: 'private' };
    const when = formatDate(last.recordedAt);
    if (!last.explanation) return { kind: 'notice', text: `The last digest (${when}) was recorded before parley kept its reasons.`, visibility: 'private' };
    const { articles, candidates } = last.explanation;
    const byUrl = /^https?:\/\//i.test(command.about) ? await articleIdsAt(services, command.about) : null;
    const words = byUrl ? [] : wordsOf(command.about);
    const matches = (text: string) => {
      const own = wordsOf(text);
      return words.length > 0 && words.every((w) => own.some((t) => t.startsWith(w)));
    };
    const foundArticles = articles.filter((a) => (byUrl ? byUrl.has(a.id) : matches(`${a.title ?? ''} ${a.outlet ?? ''}`)));
    const ids = new Set(foundArticles.map((a) => a.id));
    const foundCandidates = candidates.filter((c) => (byUrl ? c.articles.some((id) => byUrl.has(id)) : matches(c.summary) || c.articles.some((id) => ids.has(id))));
    if (foundArticles.length === 0 && foundCandidates.length === 0) {
      const titles = articles.filter((a) => a.title).slice(0, 3).map((a) => `“${a.title}”`);
      return {
        kind: 'notice',
        text: `Nothing in the last digest (${when}) matches “${command.about}”. It weighed ${plural(articles.length, 'article')}${titles.length ? `, such as ${titles.join(', ')}` : ''}: try words of a title, or an article’s URL.`,
        visibility: 'private',
      };
    }
    const lines = [`In the last digest (${when}):`];
    for (const a of foundArticles.slice(0, MAX_MATCHES)) lines.push(articleLine(a));
    if (foundArticles.length > MAX_MATCHES) lines.push(`… and ${plural(foundArticles.length - MAX_MATCHES, 'more article')}.`);
    for (const c of foundCandidates.slice(0, MAX_MATCHES)) lines.push(candidateLine(c));
    if (foundCandidates.length > MAX_MATCHES) lines.push(`… and ${plural(foundCandidates.length - MAX_MATCHES, 'more development')}.`);
    return { kind: 'notice', text: lines.join('\n'), visibility: 'private' };
  },
};

function articleLine(a: ArticleFate): string {
  return `• Article “${a.title ?? `#${a.id}`}”${a.outlet ? ` (${a.outlet})` : ''}: ${a.fate} — ${a.detail}.`;
}

function candidateLine(c: CandidateFate): string {
  const summary = c.summary.length > SUMMARY_CHARS ? `${c.summary.slice(0, SUMMARY_CHARS - 1).trimEnd()}…` : c.summary;
  return `• Development “${summary}”: ${c.fate} — ${c.detail} (score ${c.score}).`;
}

function wordsOf(text: string): string[] {
  return lowerWords(text).filter((w) => w.length > 2);
}

/** The stored articles at a URL (as fetched or as their canonical address). */
async function articleIdsAt(services: CommandServices, url: string): Promise<Set<number>> {
  const rows = await services.db.selectFrom('articles').select('id').where((eb) => eb.or([eb('url', '=', url), eb('canonical_url', '=', url)])).execute();
  return new Set(rows.map((r) => r.id));
}
