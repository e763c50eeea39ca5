import { UNSETTLED_STATUSES } from '../../../domain/problem-workflow.ts';

/** The ledger of an organization's problems not settled yet (neither closed nor withdrawn): what archiving waits for. */
export function unsettledLedgerPath(organizationId: string): string {
  return `/ledger?${new URLSearchParams({ organizationId, status: UNSETTLED_STATUSES.join(',') }).toString()}`;
}
