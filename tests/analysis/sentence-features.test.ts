import { beforeAll, describe, expect, it } from 'vitest';
import { languageModel, type LanguageModel } from '../../src/analysis/language.ts';
import { sentenceFeatures } from '../../src/analysis/sentence-features.ts';

describe('sentence features', () => {
  let nlp: LanguageModel;
  beforeAll(async () => {
    nlp = await languageModel();
  });

  it('finds who acts and the event a reporting verb frames', () => {
    const f = sentenceFeatures(nlp, 'The mayor told reporters on Tuesday that the two unions would end their strike at 14 depots.');
    expect(f.subject).toBe('mayor');
    expect(f.verb).toBe('end');
    expect(f.reported).toBe(true);
    expect(f.numbers).toEqual(['2', '14']);
    expect(f.dates).toContain('tuesday');
    expect(f.lemmas).toEqual(expect.arrayContaining(['union', 'strike', 'depot']));
    expect(f.lemmas).not.toContain('tuesday');
  });

  it('skips an opening phrase to find the subject, and reads a trailing attribution', () => {
    const f = sentenceFeatures(nlp, 'After a night of talks, the rebel delegation left the capital, Colonel Amara Diallo said.');
    expect(f.subject).toBe('delegation');
    expect(f.verb).toBe('leave');
    expect(f.reported).toBe(true);
    expect(f.names.some((n) => n.endsWith('amara diallo'))).toBe(true);
  });

  it('keeps counts and drops years', () => {
    const f = sentenceFeatures(nlp, 'Both sides agreed in 2025 to swap 1,000 detained fishermen and three vessels.');
    expect(f.numbers).toEqual(['1000', '3']);
  });

  it('marks a sentence that leans on the one before it', () => {
    expect(sentenceFeatures(nlp, 'He said the strike had ended before dawn.').leans).toBe(true);
    expect(sentenceFeatures(nlp, 'But the committee rejected the offer on Friday.').leans).toBe(true);
    expect(sentenceFeatures(nlp, 'You should never have started it.').leans).toBe(true);
    expect(sentenceFeatures(nlp, 'The committee rejected the offer on Friday.').leans).toBe(false);
  });

  it('tells what is still to come', () => {
    expect(sentenceFeatures(nlp, 'Negotiators are set to meet again in Geneva next week.').future).toBe(true);
    expect(sentenceFeatures(nlp, 'Negotiators met again in Geneva on Monday.').future).toBe(false);
  });
});

describe('sentence features of a fragment', () => {
  it('marks an attribution left alone by a sentence split as leaning', async () => {
    const nlp = await languageModel();
    expect(sentenceFeatures(nlp, 'The harbour master and the port authority press service reported.').leans).toBe(true);
    expect(sentenceFeatures(nlp, 'The port authority reported a fire on the quay.').leans).toBe(false);
    expect(sentenceFeatures(nlp, 'Harbour master Ilse Brandt wrote on X.').leans).toBe(true);
    expect(sentenceFeatures(nlp, 'The union said in a statement on Tuesday.').leans).toBe(true);
    expect(sentenceFeatures(nlp, 'The ministry confirmed the deaths of three workers.').leans).toBe(false);
  });
});

describe('background in general English', () => {
  it('tells an earlier time, the past perfect of narration and a standing fact from this week’s news', async () => {
    const { tellsBackground } = await import('../../src/analysis/background.ts');
    expect(tellsBackground('The strike that began in March 2022 closed three depots.')).toBe(true);
    expect(tellsBackground('The previous talks had collapsed over the pension fund.')).toBe(true);
    expect(tellsBackground('Norway has long hosted the two delegations.')).toBe(true);
    expect(tellsBackground('The operator has long complained that the port fees are too high.')).toBe(true);
    expect(tellsBackground('Relations between the two unions have suffered in recent years.')).toBe(true);
    expect(tellsBackground('The second round of talks, hosted by the ministry, follows the first meeting of May 16.')).toBe(true);
    expect(tellsBackground('The announcement comes as the two sides prepare for another round.')).toBe(true);
    expect(tellsBackground('The union said the strike follows a breakdown of talks on Monday.')).toBe(false);
    expect(tellsBackground('The mediator said the union had agreed to the offer.')).toBe(false);
    expect(tellsBackground('On Friday the union rejected the offer made last year.')).toBe(false);
    expect(tellsBackground('The union rejected the offer on Friday.')).toBe(false);
  });

  it('tells a sentence that only says someone did not comment', async () => {
    const { tellsNothing } = await import('../../src/analysis/background.ts');
    expect(tellsNothing('The operator has not yet commented on the walkout.')).toBe(true);
    expect(tellsNothing('The ministry did not immediately respond to a request for comment.')).toBe(true);
    expect(tellsNothing('A spokesperson declined to comment.')).toBe(true);
    expect(tellsNothing('The union did not accept the offer.')).toBe(false);
    // When someone spoke can carry the news: "… spoke hours after the strike ended".
    expect(tellsNothing('Brandt spoke hours after the strike at the port had ended.')).toBe(false);
    expect(tellsNothing('The ministry confirmed the strike had ended.')).toBe(false);
  });
});

describe('questions and teasers', () => {
  it('tells a title that asks from one that states', async () => {
    const nlp = await languageModel();
    expect(sentenceFeatures(nlp, 'What the two unions agreed in Velmar: first details').question).toBe(true);
    expect(sentenceFeatures(nlp, 'Will the port strike end this week?').question).toBe(true);
    expect(sentenceFeatures(nlp, 'Port unions agree to end the Velmar strike').question).toBe(false);
  });
});

describe('a speaker named the sentence before', () => {
  it('knows a subject named in full and a sentence that opens on "He said"', async () => {
    const nlp = await languageModel();
    expect(sentenceFeatures(nlp, 'Port authority chief Ilse Brandt said the strike would end on Monday.').person).toBe('Brandt');
    expect(sentenceFeatures(nlp, 'The White House said talks would begin at once.').person).toBeNull();
    expect(sentenceFeatures(nlp, 'Brandt told reporters the strike was over.').person).toBeNull();
    const next = sentenceFeatures(nlp, 'She said the union had lifted its pickets at three depots.');
    expect(next.pronounSpeaker).toBe(true);
    expect(next.leans).toBe(true);
    expect(sentenceFeatures(nlp, 'He was not at the meeting.').pronounSpeaker).toBe(false);
  });

  it('knows a pronoun for who spoke after what was said, and "according to him"', async () => {
    const nlp = await languageModel();
    for (const s of ['The talks with the operator were constructive, he said.', 'According to her, the union put forward conditions the operator rejected.']) {
      const f = sentenceFeatures(nlp, s);
      expect(f.pronounSpeaker).toBe(true);
      expect(f.leans).toBe(true);
    }
    expect(sentenceFeatures(nlp, 'The operator said he would meet the union on Monday.').pronounSpeaker).toBe(false);
  });
});
