import { findClaims, type Claim } from './claims.ts';
import { findFigures, type FigureMention } from './figures.ts';
import { anchors, bandKeys, minhash, shingles } from './fingerprint.ts';
import { findPeople } from './people.ts';
import { attributeQuotes, spunAttributions } from './quote-speaker.ts';
import { findQuotes } from './quotes.ts';
import { splitArticle } from './text.ts';

/**
 * Everything the planner needs from one article that does not depend on the channel or the
 * topic: computed once, stored in `annotations` (kind `analysis`, version ANALYSIS_VERSION) and
 * reused by every digest, so planning a thousand new articles reads JSON instead of re-parsing.
 * Bump the version when an extractor changes: stale annotations are recomputed.
 */
export const ANALYSIS_VERSION = 25;

export interface AnalyzedQuote {
  /** Each segment is verbatim from one paragraph; a quote over two paragraphs has two. */
  segments: string[];
  speaker: string | null;
  attribution: string | null;
  partial: boolean;
  paragraph: number;
  /**
   * Attributed with a verb synonym spinners put in ("the diplomat mentioned"): the sentence was
   * machine-rewritten, so the words inside the marks are likely the spinner's, not the speaker's.
   */
  reworded: boolean;
}

export interface ArticleAnalysis {
  quotes: AnalyzedQuote[];
  figures: FigureMention[];
  claims: Claim[];
  /** Sorted anchor-shingle hashes (near-duplicate fingerprint). */
  shingles: number[];
  bands: string[];
  /** Lower is cleaner: spun attribution verbs and junk lines. */
  spin: number;
}

export function analyzeArticle(title: string | null, text: string): ArticleAnalysis {
  const { paragraphs, sentences } = splitArticle(text);
  const people = findPeople(paragraphs);
  const quotes = attributeQuotes(paragraphs, findQuotes(paragraphs), people);
  const sh = shingles(anchors(sentences));
  const junkLines = text.split(/\n+/).filter((l) => l.trim() !== '').length - paragraphs.length;
  return {
    quotes: quotes.map((q) => ({
      segments: q.segments.map((s) => s.text),
      speaker: q.speaker,
      attribution: q.attribution,
      partial: q.partial,
      paragraph: q.segments[0]!.paragraph,
      reworded: q.spunVerb,
    })),
    figures: findFigures(sentences),
    claims: findClaims(sentences, title),
    shingles: sh,
    bands: bandKeys(minhash(sh)),
    spin: spunAttributions(paragraphs) * 2 + Math.max(0, junkLines),
  };
}
