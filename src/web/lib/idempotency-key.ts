import { useRef } from 'react';

/**
 * Idempotency-Key for the API's writes (src/server/http/idempotency.ts): a retry of a save whose answer was lost
 * carries the key of the first try, and the server answers it with the first answer instead of writing twice.
 */

/** 32 random hex digits. getRandomValues, not randomUUID: the latter needs https, and a village server may be plain http. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `k-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** cyrb53: a fast 53-bit string hash, enough to name a file's upload. */
function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/**
 * The key of one file's upload to one place (the address with its query, and the form's fields): the same photo sent
 * again there (the retry, or the photo picked again after the answer was lost) is the same upload; the server keeps
 * one. The address matters: a ledger's check (`?dryRun=1`) and its import send the same file with no field, and
 * under one key the import was answered with the check's answer (nothing imported, "导入完成" shown).
 */
export function uploadKey(
  url: string,
  target: Record<string, string | undefined>,
  file: { name: string; size: number; lastModified: number },
): string {
  const where = Object.entries(target)
    .filter(([, v]) => v !== undefined && v !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const what = `${url}|${where}|${file.name}|${file.size}|${file.lastModified}`;
  return `u-${hash53(what)}${hash53(what, 7)}`;
}

/**
 * The key of a version-guarded step (a problem's transition): its path and body, the version among it, name it
 * entirely, so the same step sent again is the same request. Its retry after a lost answer gets the first answer
 * (the problem as the step left it) instead of 409 "changed by someone else": she did it herself.
 */
export function stepKey(path: string, body: unknown, answer: 'full' | 'minimal' = 'full'): string {
  const what = `${answer}|${path}|${JSON.stringify(body)}`;
  return `s-${hash53(what)}${hash53(what, 7)}`;
}

/**
 * A key for a form's save, kept while the same content is sent again (a retry) and new once the content changes
 * (an edit is another request) or the save succeeded (`done`).
 */
export function useIdempotencyKey(): { keyFor: (body: unknown) => string; done: () => void } {
  const last = useRef<{ body: string; key: string } | null>(null);
  return {
    keyFor(body: unknown) {
      const text = JSON.stringify(body);
      if (last.current?.body !== text) last.current = { body: text, key: newIdempotencyKey() };
      return last.current.key;
    },
    done() {
      last.current = null;
    },
  };
}
