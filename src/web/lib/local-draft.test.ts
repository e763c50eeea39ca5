import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clearDraft, clearDraftsOf, draftKey, readDraft, writeDraft } from './local-draft.ts';

/** A browser's localStorage, in memory. */
class MemoryStorage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

beforeEach(() => vi.stubGlobal('localStorage', new MemoryStorage()));

describe('drafts kept on the phone', () => {
  it('keeps what was typed with the version it was typed over, until cleared', () => {
    const key = draftKey('u1', 'weekly-report', 'r1');
    expect(readDraft(key)).toBeNull();
    writeDraft(key, { progress: '第一段' }, 3, new Date('2026-12-06T02:00:00Z'));
    expect(readDraft(key)).toEqual({ value: { progress: '第一段' }, baseVersion: 3, savedAt: '2026-12-06T02:00:00.000Z' });
    clearDraft(key);
    expect(readDraft(key)).toBeNull();
  });

  it('clears every draft of the user who signs out, and nobody else’s', () => {
    writeDraft(draftKey('u1', 'weekly-report', 'r1'), 'a', 1);
    writeDraft(draftKey('u1', 'weekly-report', 'r2'), 'b', 1);
    writeDraft(draftKey('u2', 'weekly-report', 'r1'), 'c', 1);
    localStorage.setItem('taizhang.lang', 'en');
    clearDraftsOf('u1');
    expect(readDraft(draftKey('u1', 'weekly-report', 'r1'))).toBeNull();
    expect(readDraft(draftKey('u1', 'weekly-report', 'r2'))).toBeNull();
    expect(readDraft(draftKey('u2', 'weekly-report', 'r1'))?.value).toBe('c');
    expect(localStorage.getItem('taizhang.lang')).toBe('en');
  });

  it('reads a damaged entry, or storage that refuses, as no draft', () => {
    localStorage.setItem(draftKey('u1', 'weekly-report', 'r1'), '{not json');
    expect(readDraft(draftKey('u1', 'weekly-report', 'r1'))).toBeNull();
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    });
    expect(() => writeDraft('k', 'x', 1)).not.toThrow();
    expect(readDraft('k')).toBeNull();
  });
});
