import { describe, expect, it } from 'vitest';
import { eventKeys, findClaims, isBackground } from '../../src/analysis/claims.ts';

// Sentences written for these tests, one per kind of construction.
describe('the events a sentence reports', () => {
  it('include a refusal to free captives, a delegation sent, talks begun, a deal opposed, a truce in force, protests and condemnation', () => {
    expect(eventKeys('The group vowed on Friday not to release the captives until the war ends.')).toContain('ev:withhold');
    expect(eventKeys('The prime minister is dispatching a team of negotiators to the talks.')).toContain('ev:arrive');
    expect(eventKeys('The spy chief recalled the negotiating team from the talks.')).toContain('ev:depart');
    expect(eventKeys('Talks on the second stage of the truce have begun, the group said.')).toContain('ev:round');
    expect(eventKeys('Two ministers said they will vote against the deal.')).toContain('ev:reject');
    expect(eventKeys('The prime minister ruled out a full withdrawal of the troops.')).toContain('ev:reject');
    expect(eventKeys('The army is withdrawing from the city and will pull back to the border.')).toContain('ev:withdraw');
    expect(eventKeys('The truce takes effect at noon, the army said.')).toContain('ev:in-effect');
    expect(eventKeys('Thousands rallied in the capital and the unions called a general strike.')).toContain('ev:protest');
    expect(eventKeys('The mediator condemned the killing as a dangerous escalation.')).toContain('ev:condemn');
    expect(eventKeys('A final deal had been complicated by new demands.')).toContain('ev:stall');
    expect(eventKeys('The minister said the two sides were closer than ever to a deal.')).toContain('ev:progress');
    expect(eventKeys('The government ratified the truce on Friday.')).toContain('ev:accept');
    expect(eventKeys('The group’s chief said he had received guarantees from the mediators that the war was over.')).toContain('ev:guarantee');
    expect(eventKeys('Three captives were released from captivity on Saturday and handed over to the Red Cross.')).toContain('ev:freed');
    // The release a deal is about has not happened.
    expect(eventKeys('The deal would see the release of all the captives in stages.')).not.toContain('ev:freed');
    expect(eventKeys('The group handed its response to the mediators on Tuesday.')).toContain('ev:respond');
    expect(eventKeys('The group replied to the offer with a list of changes.')).toContain('ev:respond');
    // Answering a question or a report is not a party's answer to an offer.
    expect(eventKeys('The minister was responding to a report on the radio.')).not.toContain('ev:respond');
  });
});

describe('background', () => {
  it('is a sentence dated in the past, unless it also names a day of this week', () => {
    expect(isBackground('The group killed hundreds of people in its October 7 attack.')).toBe(true);
    expect(isBackground('The group vowed on Friday not to free the captives it seized in its October 7 attack.')).toBe(false);
    expect(isBackground('A three-stage agreement that went into effect in the winter aims at a permanent end to the war.')).toBe(true);
    expect(isBackground('Qatar has long hosted the group’s political office.')).toBe(true);
    expect(isBackground('The killing of the leader had raised hopes of a turning point in the war.')).toBe(true);
    expect(isBackground('The leader’s killing had raised hopes on Friday of a turning point.')).toBe(false);
    expect(isBackground('The group’s exiled chief said he had received written assurances from the mediators.')).toBe(false);
  });
});

describe('the names of a headline', () => {
  const body = [{ paragraph: 0, index: 0, text: 'Prime Minister Omar Lavon said on Tuesday that the army would not withdraw from the city as part of a deal.' }];

  it('in Title Case are only the words the body also capitalises', () => {
    const [title] = findClaims(body, 'Lavon Says He Won’t Withdraw From the City for a New Deal');
    expect(title!.sentence).toBe(-1);
    expect(title!.keys).toContain('lavon');
    for (const word of ['says', 'won', 'withdraw', 'city', 'new', 'deal']) expect(title!.keys).not.toContain(word);
  });

  it('in sentence case keep their capitals', () => {
    const [title] = findClaims(body, 'Lavon rules out a withdrawal from Ardana for a deal');
    expect(title!.keys).toEqual(expect.arrayContaining(['lavon', 'ardana']));
  });
});
