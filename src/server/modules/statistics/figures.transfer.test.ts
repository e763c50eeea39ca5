import { describe, expect, it } from 'vitest';
import { emptyFigures, REPORT_STATUSES } from '../../../domain/statistics.ts';
import { seededRandom } from '../../testing/seeded-random.ts';
import type { OrgFigures } from './figures.service.ts';
import { packFigures, unpackFigures } from './figures.transfer.ts';

describe('figures packed for the trip between threads (figures.transfer.ts)', () => {
  it('unpack(pack(map)) equals the map, in its order, for every shape of organization and figures', () => {
    const random = seededRandom(5);
    const names = ['大闵村', '张东村 "引号"', 'a\\b\u0000c', '', '𠀀村', 'x'.repeat(300)];
    // A tree: most paths are the parent's and the id (sent without the path), some organizations' parents are not in
    // the map (the root of a subtree asked for) or their paths are not their parent's (sent whole); the map's order
    // puts some children before their parents.
    const entries: Array<[string, OrgFigures]> = [];
    for (let i = 0; i < 400; i++) {
      const id = `org-${i}`;
      const parent = i === 0 ? undefined : i % 17 === 0 ? { id: 'outside', path: '/outside/' } : entries[Math.floor(random() * i)]![1].org;
      const figures = emptyFigures();
      for (const key of Object.keys(figures) as Array<keyof typeof figures>)
        if (key !== 'overdueAges') figures[key] = Math.floor(random() * 1000) - (i % 5 === 0 ? 500 : 0);
      figures.standardScore = random() * 100; // not a whole number
      figures.overdueAges = Array.from({ length: i % 4 === 0 ? 0 : Math.floor(random() * 20) }, () => Math.floor(random() * 400));
      entries.push([
        id,
        {
          org: {
            id,
            parentId: parent?.id ?? null,
            path: i % 23 === 0 ? `/elsewhere/${id}/` : `${parent?.path ?? '/'}${id}/`,
            kind: ['district', 'subdistrict', 'village', 'community', 'branch'][i % 5]!,
            name: names[i % names.length]!,
            depth: i % 4,
            ...(i % 3 === 0 ? { createdAt: '2026-01-01T00:00:00.000Z' } : {}),
          },
          figures,
          reportStatus: i % 4 === 3 ? null : REPORT_STATUSES[i % 3]!,
        },
      ]);
    }
    const map = new Map(entries.sort(() => random() - 0.5));
    const packed = packFigures(map);
    // Most paths left out of the text.
    expect((JSON.parse(packed.strings) as string[]).filter((x, i) => i % 6 === 2 && x === '').length).toBeGreaterThan(300);
    // Through what the worker's message does to it (a structured clone).
    const back = unpackFigures(structuredClone(packed));
    expect(back).toEqual(map);
    expect([...back.keys()]).toEqual([...map.keys()]);
    // No field more or less, not even one undefined (toEqual passes over those), and each object's fields in the
    // same order (the same shape as the figures counted on this thread).
    expect(back).toStrictEqual(map);
    for (const [id, v] of map) expect(JSON.stringify(back.get(id))).toBe(JSON.stringify(v));
    expect(unpackFigures(packFigures(new Map()))).toEqual(new Map());
  });
});
