/**
 * A counter this process moves whenever it records a change: every mutation
 * writes its audit event through recordAuditEvent, which bumps it (inside the
 * transaction), and services that change what the public portal shows bump it
 * again once their transaction has committed.
 *
 * Readers that keep something derived from the record in memory (the public
 * portal's page cache) compare generations to notice this process's changes at
 * once, with no database read; changes made by another process (a second app
 * instance, the CLI) are noticed by re-reading the audit chain's height, which
 * such readers do at most every second or so (portal.routes.ts).
 */
let generation = 0;

export function noteRecordChange(): void {
  generation += 1;
}

export function recordGeneration(): number {
  return generation;
}
