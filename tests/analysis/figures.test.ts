import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countKey, findFigures, type FigureMention } from '../../src/analysis/figures.ts';
import { splitArticle } from '../../src/analysis/text.ts';
import { figureChanges } from '../../src/digest/figure-delta.ts';

const figuresOf = (text: string) => findFigures(splitArticle(text).sentences);
const fixture = figuresOf(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/analysis/figures.txt'), 'utf8'));
const valued = (figures: readonly FigureMention[], value: number) => figures.find((f) => f.value === value);

/** Each label's words stand in the sentence that states the number (compared on their first four letters). */
function labelInSentence(text: string, figure: FigureMention): boolean {
  const sentence = splitArticle(text).sentences[figure.sentence]!.text.toLowerCase();
  const words = sentence.split(/[^\p{L}\p{N}]+/u).map((w) => w.slice(0, 4));
  return figure.label.toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length > 2).every((w) => words.includes(w.slice(0, 4)));
}

describe('figures in the words of their sentence', () => {
  it('reads a toll and the wounded as running counts, with the number as written', () => {
    expect(valued(fixture, 35034)).toMatchObject({ label: 'Palestinians killed', kind: 'count', background: false });
    expect(valued(fixture, 35034)!.written).toBe('At least 35,034');
    expect(valued(fixture, 78755)).toMatchObject({ label: 'wounded', kind: 'count' });
    expect(valued(fixture, 130)).toMatchObject({ label: 'hostages', kind: 'count' });
  });

  it('tells the terms of an offer from a running count', () => {
    expect(valued(fixture, 33)).toMatchObject({ label: 'Israeli hostages released', kind: 'term' });
    // "including 150 Palestinian prisoners": whom, but not what the offer does with them.
    expect(valued(fixture, 150)).toBeUndefined();
  });

  it('knows the day a sentence dates its figures to', () => {
    expect(valued(fixture, 1200)).toMatchObject({ label: 'people killed', dated: 'October 7' });
    expect(valued(fixture, 253)).toMatchObject({ label: 'hostages', dated: 'October 7' });
    expect(valued(fixture, 35034)!.dated).toBeNull();
  });

  it('reads other stories in their own words', () => {
    const text = [
      'The earthquake death toll in Marenia rose to 2,310 on Thursday, the civil protection agency said.',
      'More than 41,000 people have been displaced in the coastal provinces, according to the agency.',
      'Under the accord, the two armies would exchange 390 prisoners of war each by the end of the month.',
      'Only 12 aid trucks crossed into the valley on Wednesday.',
      'The strikers, who have been out for 64 days, rejected the offer.',
      'On Friday the two sides would carry out a 175-for-175 prisoner exchange, the mediator said.',
    ].join('\n\n');
    const figures = figuresOf(text);
    expect(valued(figures, 2310)).toMatchObject({ label: 'death toll in Marenia', kind: 'count' });
    expect(valued(figures, 41000)).toMatchObject({ label: 'people displaced', kind: 'count' });
    expect(valued(figures, 390)).toMatchObject({ label: 'prisoners of war exchanged', kind: 'term' });
    expect(valued(figures, 12)).toMatchObject({ label: 'aid trucks crossed', kind: 'event' });
    expect(valued(figures, 64)).toBeUndefined();
    expect(valued(figures, 175)).toMatchObject({ label: 'prisoner exchange', kind: 'term' });
    for (const f of figures) expect(labelInSentence(text, f)).toBe(true);
  });

  it('counts no age, year, date, time, share, sum or score', () => {
    const text = [
      'Tomas Reyl, 34, a father of two, was freed on 12 March after 71 days.',
      'The 2019 accord expired on March 12, 2024, at 11:30 p.m.',
      'Turnout was 64 percent and the fund holds $300 million.',
      'The council voted 14-0 for resolution 2728, and the 28-point plan was published.',
      'He was one of the 240 taken that day.',
    ].join('\n\n');
    expect(figuresOf(text)).toEqual([]);
  });

  it('names one running count the same whoever words it', () => {
    expect(countKey('Palestinians killed')).toBe(countKey('people killed in Gaza'));
    expect(countKey('death toll in Marenia')).toBe(countKey('people killed'));
    expect(countKey('injured')).toBe(countKey('wounded'));
    expect(countKey('hostages held')).not.toBe(countKey('hostages released'));
  });
});

describe('figure changes', () => {
  const at = (label: string, value: number, published: string, kind: FigureMention['kind'] = 'count', article = 1) =>
    ({ figure: { label, value, written: String(value), sentence: 0, kind, background: false, dated: null }, article, published });

  it('joins a reading only to the last reading of the same count, and never a late lower toll', () => {
    const told = new Map([['kille', 30000], ['hosta held', 130]]);
    const changes = figureChanges([at('people killed in Gaza', 34683, '2024-05-05'), at('Palestinians killed', 34500, '2024-05-04', 'count', 2), at('hostages held', 130, '2024-05-05'), at('wounded', 78018, '2024-05-05')], told);
    expect(changes.map((c) => [c.label, c.value, c.previous])).toEqual([
      ['people killed in Gaza', 34683, 30000],
      ['wounded', 78018, null],
    ]);
    expect(figureChanges([at('people killed', 29000, '2024-05-05')], told)).toEqual([]);
  });

  it('says when reports of one window differ by more than a tenth on a count, not when one is a day’s count', () => {
    const differ = (readings: number[]) => figureChanges(readings.map((v, i) => at('people killed', v, '2024-05-05', 'count', i + 1)), new Map())[0]!.sourcesDiffer;
    expect(differ([34683, 30100])).toBe(true);
    expect(differ([34683, 34500])).toBe(false);
    expect(differ([34683, 18])).toBe(false);
    // An older reading is an earlier state of the count, not a disagreement.
    const monthApart = figureChanges([at('people killed', 34683, '2024-05-05'), at('people killed', 30000, '2024-03-05', 'count', 2)], new Map());
    expect(monthApart[0]).toMatchObject({ value: 34683, sourcesDiffer: false });
  });

  it('tells one reading once, by its fuller label', () => {
    const changes = figureChanges([at('hostages', 100, '2024-05-05'), at('hostages held', 100, '2024-05-05', 'count', 2)], new Map());
    expect(changes.map((c) => c.label)).toEqual(['hostages held']);
  });

  it('counts what an offer would do, and elsewhere what is the case', () => {
    const text = ['Under the plan, the release of 40 strikers still held would come first.', 'The ministry wants to ensure the release of more than 100 strikers still held in Velmar.'].join('\n\n');
    expect(valued(figuresOf(text), 40)).toMatchObject({ label: 'strikers released', kind: 'term' });
    expect(valued(figuresOf(text), 100)).toMatchObject({ label: 'strikers held in Velmar', kind: 'count' });
  });

  it('leaves out the figures of an event dated a month or more before the article', () => {
    const dated = (value: number, when: string) => ({ ...at('people killed', value, '2024-05-05'), figure: { ...at('people killed', value, '2024-05-05').figure, dated: when } });
    expect(figureChanges([dated(1200, 'October 7')], new Map())).toEqual([]);
    expect(figureChanges([dated(1200, 'a November')], new Map())).toEqual([]);
    expect(figureChanges([dated(35, 'May 4')], new Map())).toHaveLength(1);
  });

  it('never draws an arrow between two offers, and leaves out a misreading', () => {
    const told = new Map([['term: hosta relea', 35], ['hosta held', 130]]);
    const changes = figureChanges([at('hostages released', 40, '2024-05-05', 'term'), at('hostages held', 1400, '2024-05-05')], told);
    expect(changes.map((c) => [c.label, c.value, c.previous])).toEqual([['hostages released', 40, null]]);
    // One offer's term told by three reports in their own words is one figure.
    expect(figureChanges([at('prisoners exchanged', 1000, '2024-05-05', 'term'), at('prisoners of war exchanged', 1000, '2024-05-05', 'term', 2), at('prisoners swapped', 1000, '2024-05-05', 'event', 3)], new Map())).toHaveLength(1);
    // Two articles giving the same reading confirm it.
    expect(figureChanges([at('hostages held', 1400, '2024-05-05'), at('hostages held', 1400, '2024-05-05', 'count', 2)], told)).toHaveLength(1);
  });
});
