import fs from 'node:fs';
import path from 'node:path';
import { splitArticle } from '../src/analysis/text.ts';

/**
 * Synthetic articles for benchmarks: the bundled articles' sentences recombined, with names,
 * places, numbers and dates varied, so no two articles are the same text but all read like the
 * story. One in twenty is a syndicated copy of an earlier one under another title (duplicates
 * must be found), one in fifty is off-topic.
 */

const PEOPLE = ['Benjamin Netanyahu', 'Antony Blinken', 'William Burns', 'Osama Hamdan', 'Yoav Gallant', 'Majed al-Ansari', 'John Kirby', 'Bernard Smith', 'Sami Abu Zuhri', 'Basem Naim', 'Ismail Haniyeh', 'Abbas Kamel', 'David Barnea', 'Khalil al-Hayya', 'Brett McGurk', 'Ron Dermer', 'Hossam Badran', 'Mohammed bin Abdulrahman Al Thani'];
const PLACES = ['Cairo', 'Doha', 'Paris', 'Rafah', 'Khan Younis', 'Riyadh', 'Amman', 'Istanbul', 'Rome', 'Geneva', 'Abu Dhabi', 'Beirut'];
const OUTLETS = ['Al Jazeera', 'Associated Press', 'Reuters', 'Al Mayadeen English', 'Times of Israel', 'Middle East Eye', 'The National', 'Haaretz'];
const OFF_TOPIC = [
  'Al Sadd beat Al Duhail 2-1 at Jassim bin Hamad Stadium in Doha on Thursday night in front of 11,000 fans.',
  '"We kept our heads until the last minute," coach Felix Sanchez told reporters after the match.',
  'Talks over a new two-year contract for the coach were progressing, the club said.',
  'Qatar Stars League leaders Al Sadd are three points clear after five rounds.',
];

/** Deterministic pseudo-random numbers (LCG), so every run generates the same articles. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function sentencePool(articlesDir: string): string[] {
  const pool: string[] = [];
  for (const file of fs.readdirSync(articlesDir).sort()) {
    if (!file.endsWith('.txt')) continue;
    const { sentences } = splitArticle(fs.readFileSync(path.join(articlesDir, file), 'utf8'));
    for (const s of sentences) if (s.text.split(' ').length >= 6 && !/^(Source link|Leave a Comment|Related Article)/.test(s.text)) pool.push(s.text);
  }
  return pool;
}

const NAME_RE = new RegExp(`\\b(${PEOPLE.map((p) => p.split(' ').pop()).join('|')})\\b`, 'g');
const PLACE_RE = new RegExp(`\\b(${PLACES.join('|')})\\b`, 'g');

/** The `i`-th synthetic article as file text with front matter. */
export function syntheticArticle(i: number, pool: readonly string[], earlier: (j: number) => string): string {
  const rnd = random(i * 2654435761 + 17);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 300) * 86_400_000).toISOString();
  if (i > 20 && i % 20 === 0) {
    // A syndicated copy: an earlier article's body under another title and outlet.
    const body = earlier(i - 1 - Math.floor(rnd() * Math.min(i - 1, 200))).split('\n---\n')[1] ?? '';
    return `---\ntitle: "Copy ${i}: ceasefire talks latest"\noutlet: "${pick(OUTLETS)} syndication"\npublished: "${day}"\n---\n${body}`;
  }
  if (i % 50 === 7) {
    return `---\ntitle: "Doha derby report ${i}"\noutlet: "Gulf Sports Daily"\npublished: "${day}"\n---\n${OFF_TOPIC.join('\n\n')}\n`;
  }
  const people = [pick(PEOPLE), pick(PEOPLE), pick(PEOPLE)];
  const places = [pick(PLACES), pick(PLACES)];
  const count = 8 + Math.floor(rnd() * 12);
  const paragraphs: string[] = [];
  for (let k = 0; k < count; k++) {
    let s = pick(pool);
    s = s.replace(NAME_RE, () => pick(people).split(' ').pop()!);
    s = s.replace(PLACE_RE, () => pick(places));
    s = s.replace(/\d[\d,]*/g, (n) => (n.length >= 4 ? (Number(n.replace(/,/g, '')) + Math.floor(rnd() * 5000)).toLocaleString('en-US') : String(1 + Math.floor(rnd() * 99))));
    paragraphs.push(s);
  }
  const title = `${people[0]} in ${places[0]} as Gaza ceasefire talks continue (${i})`;
  return `---\ntitle: "${title}"\noutlet: "${pick(OUTLETS)}"\nurl: "https://news.example/${i}"\npublished: "${day}"\n---\n${paragraphs.join('\n\n')}\n`;
}

/** Writes articles 1 … `size` as files under `folder` (a thousand per subfolder); returns their paths. */
export function writeSyntheticArticles(folder: string, size: number, pool: readonly string[]): string[] {
  const files: string[] = [];
  const cache = new Map<number, string>();
  const earlier = (j: number): string => cache.get(j) ?? syntheticArticle(j, pool, earlier);
  for (let i = 1; i <= size; i++) {
    const text = syntheticArticle(i, pool, earlier);
    cache.set(i, text);
    if (cache.size > 250) cache.delete(i - 250);
    const file = path.join(folder, String(Math.floor(i / 1000)), `a${i}.txt`);
    if (i % 1000 === 0 || i === 1) fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    files.push(file);
  }
  return files;
}
