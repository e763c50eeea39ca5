import { ApiError } from '../../api/client.ts';
import { fieldIssues } from '../../components/form-errors.ts';

/** The three seats of a liaison group, in their fixed order (copied from the contract, which imports zod). */
export const SEATS = ['party_office', 'department', 'subdistrict'] as const;
export type Seat = (typeof SEATS)[number];

export const SEAT_LABELS: Record<Seat, { zh: string; en: string }> = {
  party_office: { zh: '区党群工作部', en: 'District Party-masses office' },
  department: { zh: '包联部门', en: 'Liaison department' },
  subdistrict: { zh: '街道办', en: 'Sub-district office' },
};

/**
 * The server names a refused seat by its place in the body (`members.1.userId`:
 * a disabled account, or one whose role keeps it out of a seat); the form names
 * it by seat. Returns the error with those issues moved onto the seat fields,
 * each saying `message` (the full reason stays in the error's own message).
 */
export function onSeatFields(err: unknown, seats: readonly Seat[], message: string): unknown {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED') return err;
  const fields = fieldIssues(err).map((issue) => {
    const seat = issue.path[0] === 'members' && issue.path[2] === 'userId' ? seats[Number(issue.path[1])] : undefined;
    return seat ? { in: 'body', path: seat, message } : { in: 'body', path: issue.path.join('.'), message: issue.message };
  });
  return new ApiError(err.status, err.code, err.message, { fields });
}
