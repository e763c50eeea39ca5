import type { Visit } from '../../../domain/contracts/visits.ts';

/** The villages of a visit the 交办 dialog offers: those the server marks assignable for the user (else 403 or 409). */
export function assignableVillages(visit: Pick<Visit, 'organizations'> | null): Array<{ value: string; label: string }> {
  return (visit?.organizations ?? []).filter((o) => o.assignable).map((o) => ({ value: o.id, label: o.name }));
}
