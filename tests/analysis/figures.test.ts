import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFigures } from '../../src/analysis/figures.ts';
import { splitArticle } from '../../src/analysis/text.ts';
import { figureChanges } from '../../src/digest/figure-delta.ts';

const text = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/analysis/figures.txt'), 'utf8');
const figures = findFigures(splitArticle(text).sentences);
const value = (label: string) => figures.find((f) => f.label === label);

describe('figures', () => {
  it('reads the death toll and the injured, with the number as written', () => {
    expect(value('killed in Gaza')).toMatchObject({ value: 35034, background: false });
    expect(value('killed in Gaza')!.written).toContain('35,034');
    expect(value('injured in Gaza')).toMatchObject({ value: 78755 });
  });

  it('tells hostages held from hostages to be released and from Palestinian prisoners', () => {
    expect(value('hostages held in Gaza')?.value).toBe(130);
    expect(value('hostages to be released')?.value).toBe(33);
    expect(value('Palestinian prisoners')?.value).toBe(150);
  });

  it('reads a truce length, a deadline, days and months of war', () => {
    expect(value('proposed ceasefire length (days)')?.value).toBe(42);
    expect(value('deadline (days)')?.value).toBe(3);
    expect(value('days of war')?.value).toBe(214);
    expect(value('months of war')?.value).toBe(7);
  });

  it('marks the October 7 figures as background', () => {
    expect(value('killed in Israel on October 7')).toMatchObject({ value: 1200, background: true });
    expect(value('hostages taken on October 7')).toMatchObject({ value: 253, background: true });
  });

  it('reports a change against the value the channel was told, and not a repeat or a late lower count', () => {
    const at = (label: string, v: number, published: string, article = 1) => ({ figure: { label, value: v, written: String(v), sentence: 0, background: false }, article, published });
    const told = new Map([['killed in Gaza', 30000], ['hostages held in Gaza', 130]]);
    const changes = figureChanges(
      [at('killed in Gaza', 34683, '2024-05-05'), at('killed in Gaza', 34500, '2024-05-04', 2), at('hostages held in Gaza', 130, '2024-05-05'), at('injured in Gaza', 78018, '2024-05-05')],
      told,
    );
    expect(changes).toEqual([
      { label: 'injured in Gaza', value: 78018, previous: null, article: 1 },
      { label: 'killed in Gaza', value: 34683, previous: 30000, article: 1 },
    ]);
    expect(figureChanges([at('killed in Gaza', 29000, '2024-05-05')], told)).toEqual([]);
  });
});
