import type { ChecklistDetail, CheckResult } from '../../../domain/contracts/inspections.ts';

type Item = ChecklistDetail['areas'][number]['items'][number];

/**
 * The results offered for an item. One that became a problem is settled in the ledger (rectified and closed
 * there): the server refuses to turn it into 达标 or 不适用, so only its 不达标 stays.
 */
export function resultChoices(item: Pick<Item, 'problemId'>): CheckResult[] {
  return item.problemId ? ['fails'] : ['meets', 'fails', 'na'];
}
