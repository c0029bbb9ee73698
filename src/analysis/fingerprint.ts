import type { Sentence } from './text.ts';

/**
 * Near-duplicate fingerprints that survive syndication and synonym spinning.
 *
 * A spinner swaps ordinary words ("release" → "launch", "said" → "mentioned") every few words, so
 * word shingles of a spun copy share almost nothing with the original. What it leaves alone are
 * names and numbers. The fingerprint is therefore built from the article's *anchors* — proper
 * nouns that are not the first word of a sentence, and numbers — in text order, shingled three at
 * a time:
 *
 *   "Hamas delegation left Cairo on Sunday … 34,683 killed"  → anchors: cairo sunday 34683 …
 *   "Hamas delegation departed Cairo on Sunday … 34,683 killed" → the same anchors, the same shingles
 *
 * A MinHash of the shingle set (64 values) is cut into 16 bands of 4; articles sharing any band
 * are candidates (LSH: no all-pairs comparison), confirmed by the Jaccard similarity of their
 * shingle sets. Two articles that share a band but tell different stories (the same actors,
 * other numbers and places) fall below the threshold.
 */

export const MINHASH_SIZE = 64;
export const LSH_BANDS = 16;
const ROWS = MINHASH_SIZE / LSH_BANDS;
/** Jaccard similarity of anchor shingles above which two articles are one story. */
export const DUPLICATE_THRESHOLD = 0.45;
/** A short copy inside a longer one (an excerpt) counts when this share of its shingles is in the other. */
export const CONTAINMENT_THRESHOLD = 0.75;

/** 32-bit FNV-1a. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const SEEDS = Array.from({ length: MINHASH_SIZE }, (_, i) => mix(i + 1, 0x9e3779b9));

const SENTENCE_START_SKIP = /^["“‘'(\[]*$/;

/** Proper nouns (not sentence-initial) and numbers, lower-cased, in text order. */
export function anchors(sentences: readonly Sentence[]): string[] {
  const out: string[] = [];
  for (const s of sentences) {
    const words = s.text.split(/\s+/);
    let first = true;
    for (const raw of words) {
      const word = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (word === '') {
        if (!SENTENCE_START_SKIP.test(raw)) first = false;
        continue;
      }
      if (/^\d[\d,.]*$/.test(word)) out.push(word.replace(/[,.]/g, ''));
      else if (!first && /^\p{Lu}/u.test(word) && word.length > 1) out.push(word.toLowerCase().replace(/['’]s$/, ''));
      first = false;
    }
  }
  return out;
}

/** Sorted, distinct shingle hashes of k consecutive anchors. */
export function shingles(tokens: readonly string[], k = 3): number[] {
  const set = new Set<number>();
  if (tokens.length < k) {
    if (tokens.length) set.add(hash32(tokens.join(' ')));
  } else {
    for (let i = 0; i + k <= tokens.length; i++) set.add(hash32(tokens.slice(i, i + k).join(' ')));
  }
  return [...set].sort((a, b) => a - b);
}

export function minhash(shingleSet: readonly number[]): number[] {
  const sig = new Array<number>(MINHASH_SIZE).fill(0xffffffff);
  for (const s of shingleSet) {
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const v = mix(s, SEEDS[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** Band keys for the LSH table: `band:hash of the band's rows`. */
export function bandKeys(signature: readonly number[]): string[] {
  const keys: string[] = [];
  for (let b = 0; b < LSH_BANDS; b++) {
    let h = 0x811c9dc5;
    for (let r = 0; r < ROWS; r++) h = mix(h ^ signature[b * ROWS + r]!, b + 1);
    keys.push(`${b}:${h.toString(36)}`);
  }
  return keys;
}

/** Jaccard similarity and containment (of the smaller set in the larger) of two sorted sets. */
export function overlap(a: readonly number[], b: readonly number[]): { jaccard: number; containment: number } {
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      both++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  const union = a.length + b.length - both;
  const smaller = Math.min(a.length, b.length);
  return { jaccard: union ? both / union : 0, containment: smaller ? both / smaller : 0 };
}

/** True when two fingerprints are the same story told twice (a copy, a rewrite, an excerpt). */
export function isDuplicate(a: readonly number[], b: readonly number[]): { duplicate: boolean; similarity: number } {
  const { jaccard, containment } = overlap(a, b);
  const enough = Math.min(a.length, b.length) >= 8;
  return { duplicate: jaccard >= DUPLICATE_THRESHOLD || (enough && containment >= CONTAINMENT_THRESHOLD), similarity: Math.max(jaccard, enough ? containment : 0) };
}
