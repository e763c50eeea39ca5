import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE_RULES } from './cadence-rules.ts';
import { rank, score, scoreParts } from './ranking.ts';
import { emptyFigures, type Figures } from './statistics.ts';

const weights = DEFAULT_CADENCE_RULES.ranking;
const figures = (over: Partial<Figures>): Figures => ({ ...emptyFigures(), ...over });

describe('monthly score', () => {
  const none = { closureRate: 0, acceptancePassRate: 0, overdue: 0, reportPunctuality: 0, standardScore: 0 };

  it('weighs closure, acceptance, overdue, punctuality and the standard (40/30/20/10/20 by default)', () => {
    const f = figures({
      total: 10,
      closed: 5,
      overdue: 2,
      acceptedCount: 3,
      rejectedCount: 1,
      reportsExpected: 4,
      reportsOnTime: 2,
      standardScore: 85,
      standardMax: 100,
    });
    expect(scoreParts(f)).toEqual({
      closureRate: 0.5,
      acceptancePassRate: 0.75,
      onTimeShare: 0.8,
      reportPunctuality: 0.5,
      standardScore: 0.85,
    });
    // 100 × (40·0.5 + 30·0.75 + 20·0.8 + 10·0.5 + 20·0.85) / 120 = 67.08…
    expect(score(f, weights)).toBe(67.1);
  });

  it("takes a subdistrict's standing as its villages' scores over their totals", () => {
    const f = figures({ standardScore: 150, standardMax: 200, unitsScored: 2 });
    expect(scoreParts(f).standardScore).toBe(0.75);
    expect(score(f, { ...none, standardScore: 1 })).toBe(75);
  });

  it('normalises any weights to 0–100 and rounds to one decimal', () => {
    const f = figures({ total: 3, closed: 1 });
    expect(score(f, { ...none, closureRate: 1 })).toBe(33.3);
    expect(score(f, { ...none, acceptancePassRate: 5, overdue: 5 })).toBe(100);
  });

  it('counts a rate with nothing to measure as full marks (no inspection yet: the standard part is full)', () => {
    expect(score(emptyFigures(), weights)).toBe(100);
    expect(scoreParts(emptyFigures()).standardScore).toBe(1);
  });
});

describe('ranking', () => {
  const entries = [
    { id: 'a', name: '安家村', score: 80 },
    { id: 'b', name: '大闵村', score: 90 },
    { id: 'c', name: '上庄村', score: 80 },
    { id: 'd', name: '张东村', score: 70 },
  ];

  it('shares a rank between equal scores and skips the next (1, 2, 2, 4), ties listed by name', () => {
    const r = rank(entries);
    expect(r.map((x) => [x.name, x.rank, x.tied])).toEqual([
      ['大闵村', 1, false],
      ['安家村', 2, true],
      ['上庄村', 2, true],
      ['张东村', 4, false],
    ]);
  });

  it('lists the tie by name whatever the input order', () => {
    expect(rank([...entries].reverse()).map((x) => x.name)).toEqual(['大闵村', '安家村', '上庄村', '张东村']);
  });

  it('shows the movement against last month: up, down, same, new', () => {
    const previous = new Map([
      ['a', 4],
      ['b', 2],
      ['c', 2],
    ]);
    const r = new Map(rank(entries, previous).map((x) => [x.id, x]));
    expect(r.get('a')).toMatchObject({ rank: 2, previousRank: 4, movement: 2 });
    expect(r.get('b')).toMatchObject({ rank: 1, previousRank: 2, movement: 1 });
    expect(r.get('c')).toMatchObject({ rank: 2, previousRank: 2, movement: 0 });
    expect(r.get('d')).toMatchObject({ rank: 4, previousRank: null, movement: null });
    expect(rank(entries, new Map([['b', 1]]))[0]!.movement).toBe(0);
    expect(rank([{ id: 'b', name: '大闵村', score: 1 }, ...entries.slice(0, 1)], new Map([['b', 1]]))[1]!.movement).toBe(-1);
  });
});
