import { describe, expect, it } from 'vitest';
import { noteRecordChange } from '../audit/record-generation.ts';
import { currentGeneration, MAX_ENTRIES, PageCache, RecordState, STATE_TTL_MS } from './portal.cache.ts';

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

/** A full cache makes room by the least recently used pages, never by dropping everything (a crawler could flush it). */
describe('PageCache when full', () => {
  it('keeps the pages asked for lately and the large ones while a visitor walks thousands of others', () => {
    const cache = new PageCache();
    const state = '1';
    const gen = currentGeneration();
    cache.put('home', state, gen, '<p>province home</p>', 'text/html', 0, { large: true });
    cache.put('village:popular', state, gen, '<p>a poster village</p>', 'text/html', 0);
    for (let i = 0; i < MAX_ENTRIES * 3; i++) {
      cache.put(`news:${i}`, state, gen, `<p>${i}</p>`, 'text/html', 0);
      // The poster's village is read all the time.
      if (i % 100 === 0) expect(cache.get('village:popular', state, 1), `after ${i}`).not.toBeNull();
      expect(cache.size).toBeLessThanOrEqual(MAX_ENTRIES);
    }
    expect(cache.get('home', state, 1)).not.toBeNull();
    expect(cache.get('village:popular', state, 1)).not.toBeNull();
    expect(cache.get(`news:${MAX_ENTRIES * 3 - 1}`, state, 1)).not.toBeNull();
    expect(cache.get('news:0', state, 1)).toBeNull();
  });
});
