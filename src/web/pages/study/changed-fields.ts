/**
 * The fields of `next` that differ from `before` (arrays and objects compared by content). An edit form sends only
 * these with the version it showed: after a 409 the retry carries the latest version and the user's own changes,
 * and leaves what someone else changed in the other fields as they saved it.
 */
export function changedFields<T extends Record<string, unknown>>(before: T, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as Array<keyof T>) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(next[key] ?? null)) out[key] = next[key];
  }
  return out;
}
