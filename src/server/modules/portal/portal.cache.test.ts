import { describe, expect, it } from 'vitest';
import { noteRecordChange } from '../audit/record-generation.ts';
import { RecordState, STATE_TTL_MS } from './portal.cache.ts';

/** The portal's reading of the record's state: one database read per second at most, unless this process changed something. */
describe('RecordState', () => {
  function counting() {
    let reads = 0;
    let height = 10;
    const state = new RecordState(async () => {
      reads += 1;
      return String(height);
    });
    return {
      state,
      reads: () => reads,
      setHeight: (h: number) => {
        height = h;
      },
    };
  }

  it('serves one reading while it is young and this process recorded nothing', async () => {
    const c = counting();
    expect(await c.state.current(1_000)).toBe('10');
    c.setHeight(11); // another instance's change
    expect(await c.state.current(1_000 + STATE_TTL_MS - 1)).toBe('10');
    expect(c.reads()).toBe(1);
    // …and notices it once the reading is old.
    expect(await c.state.current(1_000 + STATE_TTL_MS)).toBe('11');
    expect(c.reads()).toBe(2);
  });

  it('reads again at once after this process recorded a change', async () => {
    const c = counting();
    expect(await c.state.current(5_000)).toBe('10');
    c.setHeight(12);
    noteRecordChange();
    expect(await c.state.current(5_001)).toBe('12');
    expect(c.reads()).toBe(2);
  });

  it('lets concurrent callers share one read', async () => {
    const c = counting();
    const all = await Promise.all([c.state.current(9_000), c.state.current(9_000), c.state.current(9_000)]);
    expect(all).toEqual(['10', '10', '10']);
    expect(c.reads()).toBe(1);
  });

  it('reads again after a failed read', async () => {
    let fail = true;
    const state = new RecordState(async () => {
      if (fail) throw new Error('db down');
      return '7';
    });
    await expect(state.current(1)).rejects.toThrow('db down');
    fail = false;
    expect(await state.current(2)).toBe('7');
  });
});
