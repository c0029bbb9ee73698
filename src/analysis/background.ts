/**
 * Sentences that tell what came before the news, in general English: an earlier time ("last
 * year", "in March 2022", "three years ago"), the past perfect of narration ("The killing had raised
 * hopes of …"), a standing fact ("has long hosted", "has no formal diplomatic relations"), what the
 * news comes after ("The second round follows the talks of May 16"). A
 * sentence that also names a day of this week reports something new, with the past as its modifier
 * ("The envoy said on Friday the talks that began last year would resume").
 */

const EARLIER = [
  /\blast (?:year|month|summer|winter|spring|autumn)\b|\b(?:years|months|decades) ago\b/i,
  /\b(?:in|during|since) (?:(?:early|late|mid-?)\s?)?(?:january|february|march|april|may|june|july|august|september|october|november|december) (?:of )?(?:19|20)\d\d\b/i,
  /\b(?:in|since) (?:19|20)\d\d\b/i,
  /\bsince the (?:war|conflict|fighting|invasion|crisis) (?:began|started|erupted)\b|\bsince the (?:start|beginning|outbreak) of the\b/i,
  /\b(?:that|which) (?:went|came) into (?:effect|force)\b|\b(?:that|which) took effect\b/i,
  /\bin recent (?:years|months|decades)\b/i,
  // "The second round follows the talks of May 16", "The announcement comes as …": what it comes after.
  /^[^,;"“]{3,80}?(?:, [^,;"“]{3,60},)? (?:follows|followed|comes (?:after|as|amid)|came (?:after|as|amid))\b/i,
];

/** Standing facts: a role long held, a relation, a reminder. */
const STANDING = [
  /\bhas (?:played|hosted|served|been hosting|maintained)\b|\b(?:has|have) long\b/i,
  /\bno formal diplomatic relations\b|\bit['’]s worth noting\b|\bit is important to note\b/i,
  /\bconsecutive rounds\b|\bprevious(?:ly)? (?:rounds?|agreements?)\b/i,
];

/** The past perfect, unless it is reported speech moved back a tense ("she said he had agreed"). */
const PAST_PERFECT = /\bhad (?:already |long |previously |earlier )?(?:been )?[a-z]+(?:ed|en|wn)\b/;
const REPORTED_PERFECT = /\b(?:said|says|told|added|announced|confirmed|reported|stated)\b(?:\s+\S+){0,6}?\s+had\b/;
const THIS_WEEK = /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|today|yesterday)\b/i;

export function tellsBackground(sentence: string): boolean {
  if (STANDING.some((re) => re.test(sentence))) return true;
  const earlier = EARLIER.some((re) => re.test(sentence)) || (PAST_PERFECT.test(sentence) && !REPORTED_PERFECT.test(sentence));
  return earlier && !THIS_WEEK.test(sentence);
}

/**
 * A sentence whose news is that someone did not speak ("The operator has not yet commented on the
 * walkout.", "The ministry did not immediately respond to a request for comment."): nothing to tell.
 */
const SILENCE = /\b(?:(?:has|have|had|did|does|do|was|were) not|(?:hasn|haven|hadn|didn|doesn|don|wasn|weren)['’]t)(?: yet| immediately| publicly| officially)? (?:commented|comment|responded|respond|replied|reply|disclosed|disclose|confirmed|confirm|been (?:reached|available) for comment)\b|\bdeclined to (?:comment|elaborate|give details)\b|\bcould not (?:immediately )?be reached\b|\bno immediate comment\b/i;

export function tellsNothing(sentence: string): boolean {
  return SILENCE.test(sentence);
}
