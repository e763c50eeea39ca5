/** The weekly report's three texts as the editor holds them. */
export interface ReportTexts {
  progress: string;
  difficulties: string;
  nextPlan: string;
}

export interface ReportSnapshot {
  version: number;
  texts: ReportTexts;
}

/** Whether two sets of the report's texts are the same. */
export const isSameTexts = (a: ReportTexts, b: ReportTexts): boolean =>
  a.progress === b.progress && a.difficulties === b.difficulties && a.nextPlan === b.nextPlan;

/**
 * What the editor does when the server's report moves to another version while it is open:
 * - `adopt`: nothing typed since the version it started from: show the server's texts;
 * - `own`: the server holds texts this editor sent (a save whose answer was lost on a weak link, then read again):
 *   move to that version and keep whatever was typed since, which is still to be saved;
 * - `conflict`: someone else saved meanwhile and something was typed here: keep it on screen and let the person
 *   choose (keep mine and save over theirs, or take theirs). Never a silent overwrite, never a silent loss.
 */
export function syncWithServer(
  base: ReportSnapshot,
  typed: ReportTexts,
  sent: readonly ReportTexts[],
  server: ReportSnapshot,
): 'same' | 'adopt' | 'own' | 'conflict' {
  if (server.version === base.version) return 'same';
  if (isSameTexts(typed, base.texts) || isSameTexts(typed, server.texts)) return 'adopt';
  if (sent.some((s) => isSameTexts(s, server.texts))) return 'own';
  return 'conflict';
}

export const textsOf = (r: ReportTexts): ReportTexts => ({ progress: r.progress, difficulties: r.difficulties, nextPlan: r.nextPlan });
