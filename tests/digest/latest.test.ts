import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { answerLatest } from '../../src/digest/index.ts';
import { parseQuery } from '../../src/digest/latest/query.ts';
import { saveArticle } from '../../src/store/index.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

const config = parseConfig(fs.readFileSync(path.resolve(import.meta.dirname, '../../config/default.yaml'), 'utf8'), 'config/default.yaml');

/** Articles written for these tests: one invented story, told the way wire copy tells it. */
const ARTICLES = [
  {
    name: 'paris-meeting',
    published: '2024-01-28T10:00:00Z',
    title: 'Spy chiefs meet in Paris on a framework for a Gaza truce',
    text: [
      'PARIS (Wire) - Intelligence chiefs from Israel, Egypt and Qatar met in Paris on Sunday to draft a framework for a truce in Gaza and the release of hostages held by Hamas, officials said.',
      'The framework would pause the fighting for six weeks in a first stage, an Egyptian official said.',
      'Hamas has not yet seen the text, according to a Qatari diplomat.',
    ],
  },
  {
    name: 'doha-stall',
    published: '2024-05-02T09:00:00Z',
    title: 'Doha talks stall over the length of a truce',
    text: [
      'DOHA (Wire) - Talks in Doha on a truce in Gaza stalled on Thursday after Hamas and Israel disagreed over how long a pause in the fighting should last, Qatari mediators said.',
      '“We are not there yet,” said Majed al-Ansari, the spokesman of Qatar’s foreign ministry.',
    ],
  },
  {
    name: 'doha-resume',
    published: '2024-05-09T09:00:00Z',
    title: 'Doha talks resume as mediators bring a new text',
    text: [
      'DOHA (Wire) - Talks in Doha on a truce in Gaza resumed on Thursday after Qatari and Egyptian mediators brought a new text on the length of the pause, officials said.',
      'Hamas sent a delegation to Doha and Israel sent a team of negotiators, Qatar said.',
    ],
  },
  {
    name: 'doha-resume-other-outlet',
    published: '2024-05-09T15:00:00Z',
    title: 'Negotiators back in Doha',
    text: [
      'Negotiators for Hamas and Israel were back in Doha on Thursday as Qatari and Egyptian mediators put a new text on the length of a Gaza truce before them.',
      'Neither side commented on the new text.',
    ],
  },
  {
    name: 'rafah-crossing-lavi',
    published: '2024-05-03T12:00:00Z',
    title: 'Egypt will not open the Rafah crossing under fire, minister says',
    text: [
      'CAIRO (Wire) - Egypt will keep the Rafah crossing closed while Israeli troops hold the Gaza side of it, Egyptian minister Omar Lavi said on Friday, as truce talks continued in Doha.',
      '“The crossing opens when the guns fall silent,” Lavi told reporters in Cairo.',
    ],
  },
  {
    name: 'rafah-aid-trucks',
    published: '2024-05-10T12:00:00Z',
    title: 'Aid trucks queue at Rafah as Gaza talks drag on',
    text: [
      'CAIRO (Wire) - Hundreds of aid trucks queued on the Egyptian side of the Rafah crossing on Friday as talks between Israel and Hamas in Doha dragged on, drivers said.',
      'Gaza’s health ministry said hospitals in the south were running out of fuel.',
    ],
  },
  {
    name: 'cairo-offer-terms',
    published: '2024-04-20T09:00:00Z',
    title: 'Envoy brings a new offer to Cairo',
    text: [
      'CAIRO (Wire) - The envoy Dana Sorel presented a new offer for a truce in Gaza to the mediators in Cairo on Saturday, officials said.',
      'Sorel met the Egyptian and Qatari mediators at the intelligence service headquarters in Cairo.',
      'The offer would see 40 captives go home in a first stage, in exchange for 700 prisoners.',
    ],
  },
  {
    name: 'first-phase-numbers',
    published: '2024-05-11T12:00:00Z',
    title: 'What the first phase of the Gaza deal would bring',
    text: [
      'DOHA (Wire) - Under the first phase of the deal discussed in Doha, Hamas would free 33 hostages held in Gaza and Israel would release Palestinian prisoners, Qatari officials said on Saturday.',
      'The first phase would last six weeks, during which talks on a second phase would begin, Egypt said.',
    ],
  },
];

describe('/latest', () => {
  let store: TestStore;
  const now = new Date('2024-05-12T08:00:00Z');
  beforeEach(async () => {
    store = await openTestStore();
    for (const a of ARTICLES) {
      await saveArticle(store.db, { sourceKey: `file:/tests/${a.name}.md`, kind: 'file', file: `${a.name}.md`, title: a.title, outlet: 'Wire', publishedAt: a.published, text: a.text.join('\n\n') }, now);
    }
  });
  afterEach(async () => {
    await store.dispose();
  });
  const ask = (query: string, limit = 3) => answerLatest({ db: store.db, dialect: store.dialect, query, config, limit, now });
  const files = (answer: Awaited<ReturnType<typeof ask>>) => answer.updates.map((u) => u.sources[0]!.file);

  it('reads a question as a person means it: question and function words do not count', () => {
    const parsed = parseQuery('Why did the U.N. Security Council back Egypt’s plan, and when will it start?');
    expect(parsed.terms.map((t) => t.word)).toEqual(['UN', 'Security', 'Council', 'back', 'Egypt', 'plan', 'start']);
    expect(parsed.terms[0]!.forms).toEqual(['UN', 'U.N.', 'United Nations']);
    expect(parsed.wantsCause && parsed.wantsTime).toBe(true);
    expect(parseQuery('is Qatar still mediating').wantsNewest).toBe(true);
    expect(parseQuery('how many hostages').wantsCount).toBe(true);
    // Words news copy uses for one thing are one term: "sending" finds "dispatch", "released" finds "freed".
    expect(parseQuery('why is Israel sending envoys').terms[1]!.forms).toEqual(['sending', 'send', 'dispatch']);
    expect(parseQuery('when will hostages be released').terms[1]!.forms).toEqual(['released', 'release', 'free', 'freed']);
    expect(parseQuery('what is the latest?').terms).toEqual([]);
    // Words that are also names of object properties are words like any other.
    expect(parseQuery('constructor toString').terms.map((t) => t.forms)).toEqual([['constructor'], ['tostring']]);
  });

  it('lets a name in the question dominate: the minister asked about comes before newer news of the same place', async () => {
    const answer = await ask('what did Lavi say about the Rafah crossing');
    expect(files(answer)[0]).toBe('rafah-crossing-lavi.md');
    expect(answer.updates[0]!.quotes[0]).toMatchObject({ text: 'The crossing opens when the guns fall silent', speaker: 'Omar Lavi' });
  });

  it('answers a development once, however many outlets report it, and the newer of two on one matter first', async () => {
    const answer = await ask('Doha talks truce length');
    expect(files(answer).slice(0, 2)).toEqual(['doha-resume.md', 'doha-stall.md']);
    // The other outlet's report of the resumed talks is a source of that answer, not a second answer.
    expect(files(answer)).not.toContain('doha-resume-other-outlet.md');
    expect(answer.updates[0]!.sources.map((s) => s.file)).toContain('doha-resume-other-outlet.md');
  });

  it('still finds an older matter that only one article covers', async () => {
    const answer = await ask('Paris framework');
    expect(files(answer)[0]).toBe('paris-meeting.md');
    expect(answer.updates[0]!.summary).toMatch(/^Intelligence chiefs from Israel, Egypt and Qatar met in Paris/);
  });

  it('gives the terms of an offer when the article states them with figures right after', async () => {
    const answer = await ask('new offer Sorel Cairo');
    expect(files(answer)[0]).toBe('cairo-offer-terms.md');
    expect(answer.updates[0]!.summary).toMatch(/presented a new offer.*Sorel met.*40 captives go home/);
  });

  it('answers "how many" with the figure first: value, what it counts, source and date', async () => {
    const answer = await ask('how many hostages would be freed in the first phase?');
    expect(files(answer)[0]).toBe('first-phase-numbers.md');
    expect(answer.updates[0]!.summary).toMatch(/^33 hostages\b.*\(Wire, 2024-05-11\): Under the first phase of the deal/);
  });

  it('with no question, answers with the newest developments of the topic', async () => {
    const answer = await ask('');
    expect(answer.updates.length).toBeGreaterThan(0);
    expect(files(answer)[0]).toBe('first-phase-numbers.md');
  });

  it('says so when nothing matches, and suggests what the topic is about', async () => {
    const answer = await ask('football transfer window');
    expect(answer.updates).toEqual([]);
    expect(answer.suggestions).toEqual(['ceasefire', 'truce', 'hostage', 'captives', 'prisoner exchange']);
  });
});
