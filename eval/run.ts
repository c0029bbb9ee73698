/**
 * Replay evaluation: `npm run eval`.
 *
 * Replays the dated moments of eval/moments in order through the real `parley` command on a fresh
 * database (`parley ingest <moment dir>` then `parley digest --format json --now <moment>`) and
 * scores each digest against eval/gold.json:
 *
 * - recall of new developments (a gold development's term groups all match one update),
 * - stale items reported as news (background or already-told matter in an update's summary),
 * - verbatim-quote rate (every posted quote appears in its source file),
 * - speaker accuracy (posted quotes that are in the gold list), plus the extractor's accuracy on
 *   every gold quote, posted or not,
 * - duplicates posted twice (a copy of a story cited first in a second update, now or later),
 * - off-topic files cited, and figures expected vs. posted.
 *
 * Exits 1 when a target is missed, so it can gate a change.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeArticle } from '../src/analysis/analyze-article.ts';
import { normalizeTypography } from '../src/analysis/text.ts';
import { digestSchema, type Digest } from '../src/digest/model.ts';
import { readArticleFile } from '../src/sources/files.ts';

interface GoldMoment {
  dir: string;
  now: string;
  new: { name: string; terms: string[] }[];
  stale: { name: string; terms: string[] }[];
  quotes: { text: string; speaker: string | null }[];
  figures: { label: string; value: number; previous: number | null }[];
  duplicates: string[][];
  offTopic: string[];
}

const root = path.resolve(import.meta.dirname, '..');
const momentsDir = path.join(root, 'eval', 'moments');
const gold = JSON.parse(fs.readFileSync(path.join(root, 'eval', 'gold.json'), 'utf8')) as { moments: GoldMoment[] };
const verbose = process.argv.includes('--verbose');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-eval-'));
const db = `sqlite:${path.join(tmp, 'eval.db')}`;

function parley(args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'parley.js'), ...args, '--db', db], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PARLEY_LOG_LEVEL: 'warn' },
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) throw new Error(`parley ${args.join(' ')} failed (${result.status}): ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return result.stdout;
}

const norm = (s: string) => normalizeTypography(s).toLowerCase();
const matches = (text: string, terms: string[]) => terms.every((t) => new RegExp(t, 'i').test(text));
const fileKey = (file: string | null) => (file ? path.relative(momentsDir, path.resolve(root, file)) : '');

function sameSpeaker(got: string | null, want: string | null): boolean {
  if (got === null || want === null) return got === want;
  const last = (s: string) => s.toLowerCase().replace(/^(al|el)-/, '').split(/\s+/).pop()!.replace(/^(al|el)-/, '');
  const a = last(got);
  const b = last(want);
  return a === b || (a.length >= 4 && b.length >= 4 && (a.startsWith(b) || b.startsWith(a)));
}

const totals = { newWanted: 0, newFound: 0, staleReported: 0, quotes: 0, verbatim: 0, goldPosted: 0, speakerRight: 0, extractorQuotes: 0, extractorRight: 0, dupTwice: 0, offTopicCited: 0, figuresWanted: 0, figuresFound: 0, quotesRepeated: 0 };
const firstCited = new Map<string, string>(); // duplicate group → the member first cited
const postedQuotes = new Set<string>();
const groups = gold.moments.flatMap((m) => m.duplicates);
const groupOf = (file: string) => groups.findIndex((g) => g.includes(file));

for (const moment of gold.moments) {
  parley(['ingest', path.join(momentsDir, moment.dir), '--now', moment.now]);
  const digest: Digest = digestSchema.parse(JSON.parse(parley(['digest', '--format', 'json', '--now', moment.now])));
  const lines: string[] = [`\n## ${moment.dir}: ${digest.headline}`];
  const updateTexts = digest.updates.map((u) => [u.summary, ...u.quotes.map((q) => q.text)].join(' \n '));

  for (const want of moment.new) {
    totals.newWanted++;
    const hit = updateTexts.some((t) => matches(t, want.terms));
    if (hit) totals.newFound++;
    lines.push(`  ${hit ? 'found  ' : 'MISSED '} new: ${want.name}`);
  }
  for (const stale of moment.stale) {
    const reported = digest.updates.some((u) => matches(u.summary, stale.terms)) || matches(digest.headline, stale.terms);
    if (reported) totals.staleReported++;
    if (reported || verbose) lines.push(`  ${reported ? 'STALE REPORTED' : 'not reported '}: ${stale.name}`);
  }
  for (const u of digest.updates) {
    for (const q of u.quotes) {
      totals.quotes++;
      const file = q.source.file ? path.resolve(root, q.source.file) : null;
      const source = file && fs.existsSync(file) ? norm(fs.readFileSync(file, 'utf8')) : '';
      const verbatim = source.includes(norm(q.text));
      if (verbatim) totals.verbatim++;
      const key = norm(q.text);
      if (postedQuotes.has(key)) totals.quotesRepeated++;
      postedQuotes.add(key);
      const g = moment.quotes.find((x) => norm(q.text).includes(norm(x.text)) || norm(x.text).includes(norm(q.text)));
      let verdict = '';
      if (g) {
        totals.goldPosted++;
        const right = sameSpeaker(q.speaker, g.speaker);
        if (right) totals.speakerRight++;
        verdict = right ? ' speaker ok' : ` SPEAKER WRONG (want ${g.speaker})`;
      }
      lines.push(`    quote${verbatim ? '' : ' NOT VERBATIM'}: "${q.text.slice(0, 70)}" — ${q.speaker ?? 'unattributed'}${verdict}`);
    }
    // A story's copies: only one of them may lead an update, in this digest or any later one.
    const lead = fileKey(u.sources[0]?.file ?? null);
    const g = groupOf(lead);
    if (g >= 0) {
      const first = firstCited.get(String(g));
      if (first && first !== lead) totals.dupTwice++;
      if (!first) firstCited.set(String(g), lead);
    }
    const cited = [...u.sources, ...u.quotes.map((q) => q.source)].map((s) => fileKey(s.file ?? null));
    totals.offTopicCited += cited.filter((f) => gold.moments.some((m) => m.offTopic.includes(f))).length;
    if (verbose) lines.push(`  - ${u.summary}  [${u.sources.map((s) => s.outlet ?? s.file).join(', ')}]`);
  }
  for (const f of digest.figures) totals.offTopicCited += gold.moments.some((m) => m.offTopic.includes(fileKey(f.source.file ?? null))) ? 1 : 0;
  for (const want of moment.figures) {
    totals.figuresWanted++;
    const got = digest.figures.find((f) => f.label === want.label);
    const ok = got !== undefined && got.value === want.value && got.previous === want.previous;
    if (ok) totals.figuresFound++;
    lines.push(`  ${ok ? 'figure ok' : 'FIGURE MISSING'}: ${want.label} ${want.previous ?? '—'} → ${want.value}${got && !ok ? ` (got ${got.previous ?? '—'} → ${got.value})` : ''}`);
  }
  if (verbose) for (const f of digest.figures) lines.push(`  figure: ${f.label} ${f.previous ?? '—'} → ${f.value}`);
  lines.push(`  stats: ${JSON.stringify(digest.stats)}; background: ${digest.background.join(' ') || '—'}`);

  // The extractor on every gold quote of the moment, whether or not the digest posted it.
  for (const file of fs.readdirSync(path.join(momentsDir, moment.dir))) {
    const article = await readArticleFile(path.join(momentsDir, moment.dir, file));
    const analysis = analyzeArticle(article.title, article.text);
    for (const g of moment.quotes) {
      const q = analysis.quotes.find((x) => norm(x.segments.join(' ')).includes(norm(g.text)));
      if (!q) continue;
      totals.extractorQuotes++;
      if (sameSpeaker(q.speaker, g.speaker)) totals.extractorRight++;
      else lines.push(`  extractor: "${g.text.slice(0, 50)}" → ${q.speaker} (want ${g.speaker})`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
}

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);
const results = [
  ['new-development recall', pct(totals.newFound, totals.newWanted), `${totals.newFound}/${totals.newWanted}`, totals.newWanted === 0 || totals.newFound / totals.newWanted >= 0.9, '≥ 90 %'],
  ['stale reported as new', String(totals.staleReported), '', totals.staleReported === 0, '0'],
  ['quotes verbatim', pct(totals.verbatim, totals.quotes), `${totals.verbatim}/${totals.quotes}`, totals.verbatim === totals.quotes, '100 %'],
  ['speaker accuracy (posted gold quotes)', pct(totals.speakerRight, totals.goldPosted), `${totals.speakerRight}/${totals.goldPosted}`, totals.goldPosted === 0 || totals.speakerRight / totals.goldPosted >= 0.95, '≥ 95 %'],
  ['speaker accuracy (extractor, all gold quotes)', pct(totals.extractorRight, totals.extractorQuotes), `${totals.extractorRight}/${totals.extractorQuotes}`, totals.extractorQuotes === 0 || totals.extractorRight / totals.extractorQuotes >= 0.95, '≥ 95 %'],
  ['duplicates posted twice', String(totals.dupTwice), '', totals.dupTwice === 0, '0'],
  ['quotes posted twice', String(totals.quotesRepeated), '', totals.quotesRepeated === 0, '0'],
  ['off-topic files cited', String(totals.offTopicCited), '', totals.offTopicCited === 0, '0'],
  ['figures (label, value, previous)', pct(totals.figuresFound, totals.figuresWanted), `${totals.figuresFound}/${totals.figuresWanted}`, true, 'reported'],
] as const;
process.stdout.write('\n');
for (const [name, value, detail, ok, target] of results) process.stdout.write(`${ok ? 'ok  ' : 'MISS'} ${name.padEnd(46)} ${value.padStart(8)} ${detail.padStart(7)}   target ${target}\n`);
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(results.every((r) => r[3]) ? 0 : 1);
