import type { Sentence } from './text.ts';

/**
 * Figures a reader tracks from digest to digest: the death toll, the injured, hostages held and
 * released, prisoners, how long the war has lasted, a proposed truce's length. Each keeps the
 * sentence it came from and the number as written, so every number posted appears in a source.
 *
 *   "At least 34,683 people … have been killed and 78,018 injured in Israel's war in Gaza"
 *     → killed in Gaza 34683, injured in Gaza 78018
 *   "killing at least 1,139 people" on October 7 → killed in Israel on October 7 1139 (background)
 */

export interface FigureMention {
  label: string;
  value: number;
  /** The number as written ("34,683", "more than 30,000", "six-week"). */
  written: string;
  sentence: number;
  /** About a past, fixed event (October 7, the November truce): context, never news. */
  background: boolean;
}

// Digits only: a figure posted must appear in its source as written, so "six" is not turned into 6.
const NUM = `(?:\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)(?:\\s+(?:million|thousand))?`;
const QUALIFIER = `(?:at least|more than|greater than|upwards of|in excess of|over|nearly|almost|about|around|some|roughly|approximately|estimated|an estimated|up to|fewer than|less than)`;

export function parseNumber(text: string): number | null {
  const t = text.toLowerCase().trim();
  const scale = /million$/.test(t) ? 1_000_000 : /thousand$/.test(t) ? 1000 : 1;
  const n = Number(t.replace(/\s+(million|thousand)$/, '').replace(/,/g, ''));
  return Number.isFinite(n) ? Math.round(n * scale) : null;
}

type Rule = { re: RegExp; label: (m: RegExpExecArray, sentence: string) => string | null };

const GAP = `(?:[^.;\\d]{0,60}?)`;
const HOSTAGE = '(?:hostages|captives|abductees|prisoners|detainees|Israelis held)';

const RULES: Rule[] = [
  {
    re: new RegExp(`(?:death toll|toll)${GAP}(?:to|of|at|reached|is|stands at)\\s+(?:${QUALIFIER}\\s+)?(${NUM})`, 'gi'),
    label: (_m, s) => (/\bisrael(?!'s war)|october 7/i.test(s) && !/gaza/i.test(s) ? 'killed in Israel' : 'killed in Gaza'),
  },
  {
    re: new RegExp(`(?:${QUALIFIER}\\s+)?(${NUM})\\s+(?:people|palestinians|civilians|israelis|persons|others|children)?${GAP}(?:have been|had been|were|was|been|are)?\\s*(?:killed|dead)\\b`, 'gi'),
    label: (_m, s) => killedLabel(s),
  },
  {
    re: new RegExp(`(?:killed|killing)\\s+(?:${QUALIFIER}\\s+)?(${NUM})\\s+(?!percent|per cent|years|km|kilometres|miles)\\p{L}+`, 'giu'),
    label: (_m, s) => killedLabel(s),
  },
  {
    re: new RegExp(`(?:${QUALIFIER}\\s+)?(${NUM})\\s+(?:people\\s+)?(?:have been\\s+|were\\s+)?(?:injured|wounded)`, 'gi'),
    label: (_m, s) => (/october 7|southern israel/i.test(s) ? 'injured in Israel' : 'injured in Gaza'),
  },
  {
    re: new RegExp(`(?:${QUALIFIER}\\s+)?(${NUM})\\s+(?:(?:israeli|palestinian|remaining|other)\\s+)?${HOSTAGE}`, 'gi'),
    label: (m, s) => hostageLabel(m, s),
  },
  {
    re: new RegExp(`(${NUM})[- ](day|week|month)(?:s)?[- ](?:long\\s+)?(?:ceasefire|cease-fire|truce|pause|break|halt)`, 'gi'),
    label: (m) => `proposed ceasefire length (${m[2]!.toLowerCase()}s)`,
  },
  {
    re: new RegExp(`(?:${QUALIFIER}\\s+)?(${NUM})[- ](months?|days?)[- ](?:of\\s+|long\\s+)?(?:the\\s+)?(?:war|fighting|conflict|offensive|combat)`, 'gi'),
    label: (m) => (/month/i.test(m[2]!) ? 'months of war' : 'days of war'),
  },
  {
    re: new RegExp(`(?:its|the)\\s+(${NUM})-(month|day)\\s+mark`, 'gi'),
    label: (m) => (/month/i.test(m[2]!) ? 'months of war' : 'days of war'),
  },
  {
    re: new RegExp(`\\bday\\s+(${NUM})\\s+of\\s+(?:the\\s+)?(?:war|fighting|conflict)`, 'gi'),
    label: () => 'days of war',
  },
  {
    re: new RegExp(`\\bwithin\\s+(${NUM})\\s+(days|weeks|hours)`, 'gi'),
    label: (m) => `deadline (${m[2]!.toLowerCase()})`,
  },
];

function killedLabel(sentence: string): string {
  if (/october 7|7 october|southern israel|in israel\b/i.test(sentence) && !/in gaza|on gaza|gaza ministry|gaza health/i.test(sentence)) return 'killed in Israel';
  return 'killed in Gaza';
}

function hostageLabel(m: RegExpExecArray, sentence: string): string | null {
  const end = m.index + m[0].length;
  const before = sentence.slice(Math.max(0, m.index - 40), m.index).toLowerCase();
  const after = sentence.slice(end, end + 40).toLowerCase();
  const phrase = m[0].toLowerCase();
  const window = before + phrase + after;
  if (/palestinian/.test(phrase) || (/prisoners|detainees/.test(phrase) && /palestinian/.test(window) && !/israeli/.test(phrase))) return 'Palestinian prisoners';
  if (/^\s*(?:\S+\s+){0,3}?(?:still held|held|holding|hold|remain|remaining|in captivity|in gaza)\b/.test(after)) return 'hostages held in Gaza';
  if (/\b(taken|took|abducted|kidnapped|seized|captured)\b/.test(window)) return 'hostages taken';
  if (/\b(release[ds]?|freed|free|launch|exchange|swap|handed over|return)\b/.test(window)) return 'hostages to be released';
  if (/\b(held|holding|hold|still|captive)\b/.test(window)) return 'hostages held in Gaza';
  return null;
}

/** "in November", "on October 7", "last year": the figure is about an earlier, fixed event. */
const PAST_EVENT = /october 7|7 october|oct\.? 7|\bin (?:january|february|march|april|may|june|july|august|september|october|november|december)\b|last year|during (?:a|the) (?:week-long|one-week|temporary|brief|previous)/i;

export function findFigures(sentences: readonly Sentence[]): FigureMention[] {
  const out: FigureMention[] = [];
  for (const s of sentences) {
    const seen = new Set<string>();
    for (const rule of RULES) {
      rule.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = rule.re.exec(s.text))) {
        const value = parseNumber(m[1]!);
        if (value === null || value === 0) continue;
        // Years and dates are not counts.
        if (value >= 1900 && value <= 2100 && !/,/.test(m[1]!)) continue;
        let label = rule.label(m, s.text);
        if (!label) continue;
        const background = PAST_EVENT.test(s.text);
        if (background && /^killed in Israel$|^injured in Israel$|^hostages taken$/.test(label)) label += ' on October 7';
        const key = `${label}:${m.index}`;
        if (seen.has(label) || seen.has(key)) continue;
        seen.add(label);
        out.push({ label, value, written: m[0].trim(), sentence: s.index, background });
      }
    }
  }
  return out;
}
