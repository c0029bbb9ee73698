/**
 * The day a date expression names, resolved against the article's publication: "Oct. 7",
 * "7 October", "October 7, 2023", "on March 18". A month and day without a year is that day in the
 * publication's year, or in the year before when it would fall more than ANNOUNCED_DAYS after
 * publication ("Oct. 7" in an article of 4 September 2024 is 7 October 2023).
 * Weekdays and relative words ("Tuesday", "yesterday") are this week's, and not resolved here.
 */

/** Up to this many days after publication, a month and day is an announced date ("talks on March 23"). */
const ANNOUNCED_DAYS = 21;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthOf(word: string): number {
  const at = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return at < 0 || (word.length > 3 && !/^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:uary|ruary|ch|il|e|y|ust|tember|ober|ember|t)?\.?$/i.test(word)) ? -1 : at;
}

const MONTH_DAY = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d\d))?\b/;
const DAY_MONTH = /\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?(?:,?\s+((?:19|20)\d\d))?\b/;

/** The resolved day (ms since the epoch, UTC midnight), or null when `text` names no month and day. */
export function resolveDate(text: string, published: number): number | null {
  let month = -1;
  let day = 0;
  let year: number | null = null;
  const md = MONTH_DAY.exec(text);
  if (md && monthOf(md[1]!) >= 0) {
    month = monthOf(md[1]!);
    day = Number(md[2]);
    year = md[3] ? Number(md[3]) : null;
  } else {
    const dm = DAY_MONTH.exec(text);
    if (!dm || monthOf(dm[2]!) < 0) return null;
    month = monthOf(dm[2]!);
    day = Number(dm[1]);
    year = dm[3] ? Number(dm[3]) : null;
  }
  if (day < 1 || day > 31) return null;
  if (year !== null) return Date.UTC(year, month, day);
  const thisYear = new Date(published).getUTCFullYear();
  const candidate = Date.UTC(thisYear, month, day);
  return candidate > published + ANNOUNCED_DAYS * 86_400_000 ? Date.UTC(thisYear - 1, month, day) : candidate;
}

/** A day this long before an article's publication is an earlier event's, not the article's news. */
export const EARLIER_MS = 30 * 86_400_000;

/** `text` names a month and day at least EARLIER_MS before `published` (ms). */
export function datesEarlier(text: string, published: number): boolean {
  const day = resolveDate(text, published);
  return day !== null && day < published - EARLIER_MS;
}
