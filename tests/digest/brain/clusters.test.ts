import { beforeAll, describe, expect, it } from 'vitest';
import { languageModel, type LanguageModel } from '../../../src/analysis/language.ts';
import { sentenceFeatures } from '../../../src/analysis/sentence-features.ts';
import { alreadyTold, clusterSentences, type Candidate } from '../../../src/digest/brain/clusters.ts';

const DAY = 86_400_000;
let nlp: LanguageModel;
beforeAll(async () => {
  nlp = await languageModel();
});

/** A candidate sentence of story `story`, at `sentence` in its article. */
function candidate(story: number, sentence: number, text: string, time = 0): Candidate {
  return { story, article: story, outlets: [`outlet-${story}`], spin: 0, time, sentence, paragraph: Math.max(sentence, -1), quoted: false, words: text.split(' ').length, features: sentenceFeatures(nlp, text), background: false };
}

function clusterOf(clusters: ReturnType<typeof clusterSentences>, story: number, sentence: number) {
  return clusters.findIndex((c) => c.members.some((m) => m.story === story && m.sentence === sentence));
}

describe('clustering sentences into developments', () => {
  it('groups one event reported by several outlets in other words, and keeps another event apart (a strike)', () => {
    const clusters = clusterSentences(
      [
        candidate(1, 0, 'The dockworkers union agreed on Monday to end its strike at the port of Velmar after the operator offered a 9 percent raise.'),
        candidate(2, 0, 'Velmar port workers will end their strike after the union accepted a 9 percent pay rise on Monday, the operator said.'),
        candidate(3, 1, 'The operator of Velmar port said the union had agreed to a 9 percent raise, ending the strike.'),
        candidate(1, 1, 'Shipping lines said they would divert container traffic to Ostrava until the backlog clears.'),
      ],
      new Set(['strike', 'union']),
    );
    expect(clusterOf(clusters, 1, 0)).toBe(clusterOf(clusters, 2, 0));
    expect(clusterOf(clusters, 1, 0)).toBe(clusterOf(clusters, 3, 1));
    expect(clusterOf(clusters, 1, 1)).not.toBe(clusterOf(clusters, 1, 0));
    const strike = clusters[clusterOf(clusters, 1, 0)]!;
    expect(strike.salience).toBeGreaterThan(clusters[clusterOf(clusters, 1, 1)]!.salience);
  });

  it('takes one sentence per article, except a headline with its own lead (a trade negotiation)', () => {
    const clusters = clusterSentences(
      [
        candidate(1, -1, 'Trade ministers agree to cut tariffs on steel'),
        candidate(1, 0, 'Trade ministers from the two blocs agreed on Thursday to cut tariffs on steel and aluminium by half.'),
        candidate(1, 3, 'The ministers said the tariff cuts on steel would be phased in over two years.'),
      ],
      new Set(['trade', 'tariff']),
    );
    expect(clusterOf(clusters, 1, -1)).toBe(clusterOf(clusters, 1, 0));
    expect(clusterOf(clusters, 1, 3)).not.toBe(clusterOf(clusters, 1, 0));
  });

  it('keeps reports days apart as different developments', () => {
    const clusters = clusterSentences(
      [
        candidate(1, 0, 'The dockworkers union rejected the operator’s offer of a 5 percent raise in Velmar.', 0),
        candidate(2, 0, 'The dockworkers union rejected the operator’s offer of a 5 percent raise in Velmar.', 10 * DAY),
      ],
      new Set(),
    );
    expect(clusters).toHaveLength(2);
  });
});

describe('told memory', () => {
  it('knows a development told before, and a newer one with a new number is news', () => {
    const told = [['velmar', 'strike', 'union', 'end', 'raise', 'n:9']];
    expect(alreadyTold(['velmar', 'strike', 'union', 'end', 'n:9'], told)).toBe(true);
    expect(alreadyTold(['velmar', 'strike', 'union', 'end', 'n:12'], told)).toBe(false);
    expect(alreadyTold(['ostrava', 'container', 'divert', 'backlog'], told)).toBe(false);
  });
});

describe('clustering by what verbs report', () => {
  it('joins two outlets that tell one answer with other verbs (studying, reviewing)', () => {
    const clusters = clusterSentences(
      [
        candidate(1, 0, 'The rebel council said on Friday it was studying the mediators’ new offer for the northern province.'),
        candidate(2, 1, 'Rebel council leader Amara Diallo said the group was reviewing the new offer from the mediators.'),
        candidate(3, 0, 'Flooding closed the main highway to the northern province for a third day.'),
      ],
      new Set(['rebel', 'mediator']),
    );
    expect(clusterOf(clusters, 1, 0)).toBe(clusterOf(clusters, 2, 1));
    expect(clusterOf(clusters, 3, 0)).not.toBe(clusterOf(clusters, 1, 0));
  });
});

describe('clusters across stories need a shared event', () => {
  it('keeps apart two reports of different stories that share only their names', () => {
    const clusters = clusterSentences(
      [
        candidate(1, 0, 'Ilse Brandt met Omar Haddad in Velmar.'),
        candidate(2, 0, 'Ilse Brandt and Omar Haddad spoke by phone.'),
      ],
      new Set(),
    );
    expect(clusterOf(clusters, 1, 0)).not.toBe(clusterOf(clusters, 2, 0));
  });
});
