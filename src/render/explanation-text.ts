import type { Explanation } from '../digest/explanation.ts';

/**
 * "Why wasn't this posted?" as text for a terminal of 100 columns: the articles grouped by what
 * became of them, then every candidate development with its score and the planner's reason.
 */

const WIDTH = 100;
const ARTICLE_ORDER = ['posted', 'not posted', 'copy', 'told before', 'off-topic'] as const;
const CANDIDATE_ORDER = ['posted', 'below the cut', 'repeats', 'leans', 'background', 'already told'] as const;

/** `text` cut to `width` columns, with an ellipsis when it was longer. */
function fit(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 1).trimEnd()}…`;
}

/** `text` over as many lines of at most `width` columns as it needs, broken between words. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

export function renderExplanationText(explanation: Explanation): string {
  const lines = [`Why each article and development was or was not posted (engine: ${explanation.engine})`, '', 'Articles:'];
  for (const fate of ARTICLE_ORDER) {
    const group = explanation.articles.filter((a) => a.fate === fate);
    if (group.length === 0) continue;
    lines.push(`  ${fate} (${group.length})`);
    for (const a of group) {
      lines.push(`    #${a.id} ${fit(`${a.title ?? '(untitled)'}${a.outlet ? ` — ${a.outlet}` : ''}`, WIDTH - 6 - String(a.id).length)}`);
      lines.push(`      ${fit(a.detail, WIDTH - 6)}`);
    }
  }
  lines.push('', 'Candidate developments:');
  for (const fate of CANDIDATE_ORDER) {
    const group = explanation.candidates.filter((c) => c.fate === fate);
    if (group.length === 0) continue;
    lines.push(`  ${fate} (${group.length})`);
    for (const c of group) {
      lines.push(`    ${fit(c.summary, WIDTH - 4)}`);
      const parts = Object.entries(c.parts).map(([k, v]) => `${k} ${v}`).join(', ');
      lines.push(`      ${fit(`${c.detail} · articles ${c.articles.map((id) => `#${id}`).join(' ')}`, WIDTH - 6)}`);
      lines.push(...wrap(`score ${c.score}: ${parts}`, WIDTH - 6).map((l) => `      ${l}`));
    }
  }
  return lines.join('\n');
}
