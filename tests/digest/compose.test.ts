import { describe, expect, it } from 'vitest';
import { leansOnContext, standAlone } from '../../src/analysis/text.ts';
import { briefSummary, claimPlaces, headline, headlineParts, quoteCandidates, shortQuote, summarize, summaryClaim } from '../../src/digest/compose.ts';

describe('summaries that stand alone', () => {
  it('drop datelines and wire credits', () => {
    expect(standAlone('CAIRO (Wire) -Hamas said on Tuesday it would study the offer.')).toBe('Hamas said on Tuesday it would study the offer.');
    expect(standAlone('GAZA CITY, April 9 (Wire) — Residents returned to the ruins.')).toBe('Residents returned to the ruins.');
    expect(standAlone('Tel Aviv, Israel (Wire) - Negotiators were recalled.')).toBe('Negotiators were recalled.');
    expect(standAlone('Dubai [UAE]: The envoy said the pause had ended.')).toBe('The envoy said the pause had ended.');
    expect(standAlone('July 9-Hamas has warned the mediators.')).toBe('Hamas has warned the mediators.');
    expect(standAlone('Washington, Feb 4, (Wire/Agency) - The envoy landed in Doha.')).toBe('The envoy landed in Doha.');
    expect(standAlone('ABOARD THE ENVOY’S PLANE — (Wire) — The envoy said talks would resume.')).toBe('The envoy said talks would resume.');
    expect(standAlone('(Wire) -- Mediators met again in Cairo.')).toBe('Mediators met again in Cairo.');
  });

  it('make a headline of a statement: never a name alone, a dangling relative clause or a claim without its claimant', () => {
    expect(headline(['Israeli Prime Minister Omar Lavi, plans to discuss the second phase of the truce with the envoys in the capital when he visits it next week.'])).toBe(
      'Israeli Prime Minister Omar Lavi, plans to discuss the second phase of the truce with the envoys in the capital when he visits it next week.',
    );
    expect(headline(['The envoy Dana Sorel, who is in Dubai for the summit, spoke with the emir after the negotiations broke down on Saturday, officials said.'])).toMatch(/^The envoy Dana Sorel, who is in Dubai for the summit, spoke with the emir/);
    expect(headline(['The militant group said that Israel is to blame for the resumption of violence in Gaza , a senior official said on Friday.'])).toBe('The militant group said that Israel is to blame for the resumption of violence in Gaza.');
  });

  it('make a headline of the sentence, not of its dateline', () => {
    expect(headline(['Washington, Feb 4, (Wire) – The prime minister plans to discuss the second phase of the truce with the envoy, when he visits the capital next week.'])).toBe(
      'The prime minister plans to discuss the second phase of the truce with the envoy.',
    );
  });

  it('keep a title with a colon, and drop a leading conjunction', () => {
    expect(standAlone('Israel-Hamas war: Cairo talks make progress')).toBe('Israel-Hamas war: Cairo talks make progress');
    expect(standAlone('Gaza: Hamas says it will study the offer')).toBe('Gaza: Hamas says it will study the offer');
    expect(standAlone('But Blinken said the offer stands.')).toBe('Blinken said the offer stands.');
    expect(standAlone('And Israel has rejected the terms.')).toBe('Israel has rejected the terms.');
  });

  it('are cut at a clause boundary outside any quotation', () => {
    const long =
      'The mediators said the two delegations, which met for a third day in the Egyptian capital, had agreed on “the order of the exchanges, the number of prisoners, the return of the displaced and the guarantees”, and would meet again on Sunday.';
    const cut = summarize(long);
    expect(cut.split(/\s+/).length).toBeLessThanOrEqual(46);
    expect((cut.match(/“/g) ?? []).length).toBe((cut.match(/”/g) ?? []).length);
  });
});

describe('summaries without what a reader can skip', () => {
  it('drop a relative clause between a name and its verb, and a parenthesis between dashes', () => {
    expect(summarize('The envoy Dana Sorel, who is in the capital for the summit, spoke with the emir on Saturday.')).toBe('The envoy Dana Sorel spoke with the emir on Saturday.');
    expect(summarize('The group, which the mediators have met twice this week, is studying the proposal.')).toBe('The group is studying the proposal.');
    expect(summarize('The six — including a reporter, Lior Amsel, whose family had campaigned for months — were found on Saturday, the army said.')).toBe('The six were found on Saturday, the army said.');
  });

  it('drop a short appositive after a name, an aside before the verb and a date the day already gives', () => {
    expect(summarize('The envoy Dana Sorel, a key negotiator, was due in the capital on Wednesday for talks with the mediators.')).toBe('The envoy Dana Sorel was due in the capital on Wednesday for talks with the mediators.');
    expect(summarize('The foreign ministry of Qatar, in a statement, said continued bombing complicates the mediation.')).toBe('The foreign ministry of Qatar said continued bombing complicates the mediation.');
    expect(summarize('A senior official, speaking on condition of anonymity, told the paper a deal was close.')).toBe('A senior official told the paper a deal was close.');
    expect(summarize('The cabinet ratified the truce on Friday (Oct 10), clearing the way for the exchange.')).toBe('The cabinet ratified the truce on Friday, clearing the way for the exchange.');
    // A long appositive says who someone is: it stays.
    expect(summarize('The group is set to free Lior Amsel, a 21-year-old soldier and the last captive of his unit held in the south, after direct talks.')).toMatch(/a 21-year-old soldier/);
  });

  it('drop a long scene-setting opening, never one cut inside a list', () => {
    expect(summarize('As reports emerged about a possible framework deal that includes a long pause in the fighting, the prime minister told students that there would be no deal.')).toBe(
      'The prime minister told students that there would be no deal.',
    );
    expect(summarize('Late Thursday, eight more captives were freed under the terms of the deal.')).toBe('Late Thursday, eight more captives were freed under the terms of the deal.');
    expect(summarize('Despite pressure from the envoys of the region, Egypt and Qatar, the delegation left the capital on Sunday.')).toMatch(/^Despite pressure/);
  });

  it('keep a relative clause inside a quotation', () => {
    expect(summarize('The ministry said the bombing “complicates the talks, which were close to a deal, and endangers everyone”.')).toMatch(/which were close to a deal/);
  });
});

describe('a long summary', () => {
  it('is never cut between its subject and its verb', () => {
    const s = summarize(
      'The prime minister of Qatar, which has acted as a mediator in the ceasefire negotiations between Israel and Hamas since the first weeks of the war, suggested on Wednesday that the killing of the Hamas leader in Tehran could jeopardize all of the efforts to secure a truce in Gaza.',
    );
    expect(s).toMatch(/suggested on Wednesday/);
    expect(s).toMatch(/truce in Gaza\.$/);
  });
});

describe('the quote of an update', () => {
  const quote = (paragraph: number, text: string) => ({ segments: [text], speaker: 'Dana Sorel', attribution: 'said', partial: false, paragraph, reworded: false });
  const analysis = (quotes: ReturnType<typeof quote>[]) => ({ quotes, figures: [], claims: [], shingles: [], bands: [], spin: 0 });
  const development = { claims: [{ claim: { sentence: 1, paragraph: 1, text: 'The envoy Dana Sorel said the talks in the capital would resume on Sunday.', quoted: false, keys: ['ev:round', 'sorel'], weight: 5, background: false }, story: 1, article: 1, outlet: 'Wire', spin: 0, time: 0 }], keys: ['ev:round', 'sorel'], importance: 1 };

  it('is near the development or names it, and is not what the summary already says', () => {
    const quotes = [
      quote(9, 'The weather in the north has been terrible for farmers all month long'),
      quote(2, 'the talks in the capital would resume on Sunday'),
      quote(2, 'We expect every party to come back to the table with new ideas'),
    ];
    const chosen = quoteCandidates(development, new Map([[1, analysis(quotes)]]), summarize(development.claims[0]!.claim.text), claimPlaces([development])).map((c) => c.text);
    expect(chosen).toEqual(['We expect every party to come back to the table with new ideas']);
  });

  it('is not one beside the sentence of another development shown, unless it names this one', () => {
    const other = { claims: [{ claim: { sentence: 3, paragraph: 3, text: 'The ministry blamed the militant group for the end of the truce.', quoted: false, keys: ['ev:ceasefire', 'ministry'], weight: 5, background: false }, story: 1, article: 1, outlet: 'Wire', spin: 0, time: 0 }], keys: ['ev:ceasefire', 'ministry'], importance: 1 };
    const quotes = [quote(3, 'It failed to keep its part of the agreement on the captives'), quote(3, 'Sorel will be back in the capital on Sunday with new ideas')];
    const chosen = (places: ReturnType<typeof claimPlaces>) => quoteCandidates(development, new Map([[1, analysis(quotes)]]), summarize(development.claims[0]!.claim.text), places).map((c) => c.text);
    expect(chosen(claimPlaces([development, other]))).toEqual(['Sorel will be back in the capital on Sunday with new ideas']);
    // When the other development is not shown, its quote may still speak for this one.
    expect(chosen(claimPlaces([development]))).toHaveLength(2);
  });

  it('is shown by its leading sentences when it is long', () => {
    const long = 'We will keep working until every captive is home. Nothing else matters to us now, and nothing will stop us. We have said this many times before and we will say it again and again to anyone who asks.';
    expect(shortQuote(long)).toBe('We will keep working until every captive is home. Nothing else matters to us now, and nothing will stop us.');
    expect(shortQuote('We will keep working.')).toBe('We will keep working.');
  });
});

describe('the summary sentence of a development', () => {
  const claim = (sentence: number, text: string, weight: number) => ({ claim: { sentence, paragraph: sentence, text, quoted: false, keys: [], weight, background: false }, story: 1, article: 1, outlet: 'Wire', spin: 0, time: 0 });

  it('is not one that leans on the sentence before it, when another says it', () => {
    const d = { claims: [claim(1, 'That Burns flew to Cairo for a fresh round of talks was first reported last week.', 6), claim(3, 'Burns flew to Cairo on Sunday for a fresh round of talks with the mediators.', 4)], keys: [], importance: 1 };
    expect(summaryClaim(d).claim.text).toMatch(/^Burns flew/);
    expect(leansOnContext('He said the talks would resume.')).toBe(true);
    expect(leansOnContext('Hamas said the talks would resume.')).toBe(false);
  });
});

describe('headlines', () => {
  const development = (text: string, sentence: number) => ({ claims: [{ claim: { sentence, paragraph: sentence, text, quoted: false, keys: [], weight: 5, background: false }, story: 1, article: 1, outlet: 'Wire', spin: 0, time: 0 }], keys: [], importance: 1 });

  it('are made from the titles of the top developments that have one, else from their summaries', () => {
    const scene = development('The envoy spoke with reporters before his meeting with the negotiating team on Monday.', 0);
    const titled = development('Bodies of six captives recovered as unions call a general strike', -1);
    expect(headlineParts([scene, titled])).toEqual(['Bodies of six captives recovered as unions call a general strike']);
    expect(headlineParts([scene])).toEqual(['The envoy spoke with reporters before his meeting with the negotiating team on Monday.']);
  });

  it('are one statement, never cut inside a quote', () => {
    const h = headline([
      'Hamas negotiators were expected to return to the Egyptian capital “within two days to finalise the terms of the agreement, and the rest”, state media said.',
    ]);
    expect((h.match(/“/g) ?? []).length).toBe((h.match(/”/g) ?? []).length);
    expect(h).toMatch(/\.$/);
    expect(h).not.toMatch(/…/);
  });
});

describe('brief summaries', () => {
  it('name a titled speaker by the surname, and drop what follows the reporting verb', () => {
    expect(summarize('Talks on the port strike will resume on Sunday in Velmar, the transport ministry’s chief mediator Ilse Brandt said Tuesday.', 28)).toBe(
      'Talks on the port strike will resume on Sunday in Velmar, Brandt said Tuesday.',
    );
    expect(summarize('The two unions agreed to a joint pay claim, the labour ministry said in a statement on its website.', 28)).toBe('The two unions agreed to a joint pay claim, the labour ministry said.');
  });

  it('keep an institution and an attribution that names nobody', () => {
    expect(summarize('The strike is over, the White House said.', 28)).toBe('The strike is over, the White House said.');
    expect(summarize('The strike is over, two union officials said.', 28)).toBe('The strike is over, two union officials said.');
  });

  it('leave a full-length summary alone', () => {
    expect(summarize('Talks will resume on Sunday, chief mediator Ilse Brandt said Tuesday.')).toBe('Talks will resume on Sunday, chief mediator Ilse Brandt said Tuesday.');
  });
});

describe('a brief summary of a development', () => {
  const claim = (sentence: number, weight: number, text: string) => ({
    claim: { sentence, paragraph: Math.max(sentence, -1), text, quoted: false, keys: [], weight, background: false },
    story: 1,
    article: 1,
    outlet: 'a',
    spin: 0,
    time: 0,
  });

  it('takes the heaviest claim that fits whole, and a title without its outlet', () => {
    const d = {
      claims: [
        claim(0, 5, 'The dockworkers union, which represents some 4,000 workers at the port of Velmar and two smaller harbours along the coast, agreed on Monday after a night of talks with the operator and the labour ministry to end its strike over pay and pensions.'),
        claim(-1, 4, 'Velmar dockworkers end strike after pay deal | Coast News'),
      ],
      keys: [],
      importance: 1,
    };
    expect(briefSummary(d, 20).text).toBe('Velmar dockworkers end strike after pay deal.');
  });

  it('names the person a "He said" opening refers to, when the planner knows who', () => {
    const resolved = claim(3, 5, 'She said the union had lifted its pickets at three depots.');
    const d = { claims: [{ ...resolved, claim: { ...resolved.claim, antecedent: 'Brandt' } }], keys: [], importance: 1 };
    expect(briefSummary(d, 28).text).toBe('Brandt said the union had lifted its pickets at three depots.');
    const after = claim(4, 5, 'The talks were constructive, she said.');
    const later = { claims: [{ ...after, claim: { ...after.claim, antecedent: 'Brandt' } }], keys: [], importance: 1 };
    expect(briefSummary(later, 28).text).toBe('The talks were constructive, Brandt said.');
  });

  it('tells another report of a development than the one its headline already gives', () => {
    const d = {
      claims: [
        claim(-1, 5, 'Velmar dockworkers end strike after pay deal'),
        claim(0, 4, 'The dockworkers union agreed on Monday to end its strike after the operator raised pay by 6 percent.'),
      ],
      keys: [],
      importance: 1,
    };
    expect(briefSummary(d, 28).text).toBe('Velmar dockworkers end strike after pay deal.');
    expect(briefSummary(d, 28, 'Velmar dockworkers end strike after pay deal; ferry services cut.').text).toBe('The dockworkers union agreed on Monday to end its strike after the operator raised pay by 6 percent.');
    const context = claim(1, 6, 'Brandt spoke hours after the strike ended.');
    const withContext = { ...d, claims: [...d.claims, { ...context, claim: { ...context.claim, background: true } }] };
    expect(briefSummary(withContext, 28).text).toBe('Velmar dockworkers end strike after pay deal.');
  });
});
