import { describe, expect, it } from 'vitest';
import { findClaims } from '../../src/analysis/claims.ts';
import { groupDevelopments, toldSimilarity, type ClaimRef } from '../../src/analysis/developments.ts';
import { splitArticle } from '../../src/analysis/text.ts';

const common = new Set(['hamas', 'israel', 'gaza', 'qatar', 'egypt', 'doha', 'cairo']);

function refs(article: number, outlet: string, text: string, title: string | null = null): ClaimRef[] {
  return findClaims(splitArticle(text).sentences, title).map((claim) => ({ claim, story: article, article, outlet, spin: 0, time: Date.parse('2024-05-05') }));
}

describe('developments', () => {
  const a = refs(1, 'Wire A', 'The Hamas delegation left Cairo on Sunday after two days of talks, Egyptian media said.\n\nCIA Director William Burns flew to Doha for emergency talks with the Qatari prime minister.');
  const b = refs(2, 'Wire B', 'Hamas negotiators departed Cairo on Sunday and are expected back on Tuesday, officials said.\n\nIsraeli strikes on Rafah killed 12 people overnight, health officials said.');

  it('groups claims from two outlets about the same event into one development', () => {
    const developments = groupDevelopments([...a, ...b], common);
    const cairo = developments.find((d) => d.claims.some((c) => c.claim.text?.includes('left Cairo')))!;
    expect(cairo.claims.map((c) => c.outlet).sort()).toEqual(['Wire A', 'Wire B']);
  });

  it('keeps different events apart and ranks the one more outlets report first', () => {
    const developments = groupDevelopments([...a, ...b], common);
    expect(developments[0]!.claims.some((c) => c.claim.text?.includes('left Cairo'))).toBe(true);
    expect(developments.find((d) => d.claims.some((c) => c.claim.text?.includes('Burns')))!.claims).toHaveLength(1);
  });

  it('marks October 7 and the November truce as background', () => {
    const claims = findClaims(splitArticle('More than 100 hostages were released during a week-long truce in November.\n\nHamas attacked southern Israel on October 7, killing about 1,200 people, and the war began.').sentences, null);
    expect(claims.every((c) => c.background)).toBe(true);
  });

  it('does not take a new stall in talks for one told before, nor the same event with other numbers', () => {
    const [march] = findClaims(splitArticle('Talks in Cairo between Hamas and Israel ended in deadlock before Ramadan.').sentences, null);
    const [april] = findClaims(splitArticle('A Qatari spokesman said the talks had essentially stalled.').sentences, null);
    expect(toldSimilarity(april!.keys, march!.keys, common)).toBe(0);
    const [day3] = findClaims(splitArticle('Mediators from Qatar and Egypt will meet again in Paris within 3 days.').sentences, null);
    const [day5] = findClaims(splitArticle('Mediators from Qatar and Egypt will meet again in Paris within 5 days.').sentences, null);
    expect(toldSimilarity(day5!.keys, day3!.keys, common)).toBe(0);
    expect(toldSimilarity(day3!.keys, day3!.keys, common)).toBe(1);
  });
  it('reads an article telling one event over nearby sentences as one development, not several', () => {
    const story = refs(
      3,
      'Wire C',
      'Hamas vowed on Friday not to release the hostages seized during its attack on Israel until the Gaza war ends, as it mourned its leader Yahya Daher in Rafah.\n\n' +
        'Thousands attended the funeral in the south of the city.\n\n' +
        'Senior official Omar Lavi told Radio Meridian in Beirut that no hostages would be released while the war goes on, and the deputy leader Sami Noor of the Daher movement agreed.',
    );
    const developments = groupDevelopments(story, common);
    const vow = developments.find((d) => d.claims.some((c) => c.claim.text?.startsWith('Hamas vowed')))!;
    expect(vow.claims.some((c) => c.claim.text?.startsWith('Senior official Omar Lavi'))).toBe(true);
  });

  it('reads a headline and its own lead on the same kind of event as one development', () => {
    const story = refs(4, 'Wire D', 'Significant progress was made in the Cairo meeting on Tuesday, an official said, as the negotiations resumed on Wednesday.\n\nThe army pushed deeper into the north of the city.', 'Hostage talks resume in Qatar as Lavon’s envoys weigh the Meridian plan');
    const developments = groupDevelopments(story, common);
    const resumed = developments.find((d) => d.claims.some((c) => c.claim.sentence === -1))!;
    expect(resumed.claims.map((c) => c.claim.sentence).sort()).toEqual([-1, 0]);
  });
});
