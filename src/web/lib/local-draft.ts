/**
 * Drafts kept on the phone while a long form is being typed: a reload, Back, a dropped connection or a session that
 * ended mid-form (sign in again and the form comes back with it) no longer loses a village secretary's work. One per
 * user and form, in localStorage; gone once saved, and all of a user's at sign-out (a shared phone). Storage that
 * is missing or full only means no draft.
 */
const PREFIX = 'taizhang.draft.';

export interface StoredDraft<T> {
  value: T;
  /** The server's version the draft was typed over. */
  baseVersion: number;
  savedAt: string;
}

export const draftKey = (userId: string, form: string, id: string): string => `${PREFIX}${userId}.${form}.${id}`;

const storage = (): Storage | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
};

export function readDraft<T>(key: string): StoredDraft<T> | null {
  try {
    const text = storage()?.getItem(key);
    if (!text) return null;
    const parsed = JSON.parse(text) as StoredDraft<T>;
    return parsed && typeof parsed === 'object' && 'value' in parsed && typeof parsed.baseVersion === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

export function writeDraft<T>(key: string, value: T, baseVersion: number, now = new Date()): void {
  try {
    storage()?.setItem(key, JSON.stringify({ value, baseVersion, savedAt: now.toISOString() } satisfies StoredDraft<T>));
  } catch {
    // Full or refused: the form still works, without a draft.
  }
}

export function clearDraft(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // Nothing to clear.
  }
}

/** Every draft of the user (at sign-out: the next person on the phone must not find them). */
export function clearDraftsOf(userId: string): void {
  const s = storage();
  if (!s) return;
  try {
    const mine = `${PREFIX}${userId}.`;
    const keys = Array.from({ length: s.length }, (_, i) => s.key(i)).filter((k): k is string => k !== null && k.startsWith(mine));
    for (const k of keys) s.removeItem(k);
  } catch {
    // Nothing to clear.
  }
}
