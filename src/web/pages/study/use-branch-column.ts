import { useOrganizationTree } from '../../api/organizations.ts';
import { useStudyOverview } from '../../api/study.ts';

/**
 * Whether a study table needs its 党支部 column: not for a reader of a single branch (a village secretary), where it
 * only repeated that branch on every row and took a phone's width from the row's own content. The reader has one
 * branch when the overview lists one and they read one subtree (a liaison member's overview counts only the first
 * of their villages); the rows must all be that branch's too. Until both are known the column stays.
 */
export function useBranchColumn(rows: ReadonlyArray<{ organizationId: string }>): boolean {
  const branches = useStudyOverview().data?.branches;
  const roots = useOrganizationTree(false, true).data;
  if (!branches || !roots) return true;
  const only = branches.length === 1 && roots.length <= 1 ? branches[0]!.id : null;
  return only === null || rows.some((r) => r.organizationId !== only);
}
