/**
 * When evidence may still be added. One rule for problems and measures: once a
 * problem is accepted (已验收) or closed (已销号) its file is settled, so no more
 * material is taken for it — directly, or through a measure that serves it.
 */
const SETTLED = new Set(['accepted', 'closed']);

export const isSettledStatus = (status: string): boolean => SETTLED.has(status);

/**
 * A measure takes evidence while at least one problem it serves is still being
 * worked on (a measure may serve several problems); a measure not yet linked to
 * any problem is still being drafted and takes evidence.
 */
export const measureTakesEvidence = (problemStatuses: readonly string[]): boolean =>
  problemStatuses.length === 0 || problemStatuses.some((s) => !isSettledStatus(s));
