import { Masker } from '../../../domain/masking.ts';
import type { Executor } from '../../http/context.ts';
import * as repo from './portal.repository.ts';

/**
 * The one place where the portal masks (src/domain/masking.ts): every public
 * presenter and every public chain entry takes its Masker from here. It knows
 * every name the record holds (accounts, problem owners and lead officials,
 * measure owners) and keeps organization names whole.
 * Rebuilt when the record changes (`state`: the audit head), else reused.
 */

let cached: { state: string; masker: Masker } | null = null;

export async function loadMasker(db: Executor, state?: string): Promise<Masker> {
  if (state !== undefined && cached?.state === state) return cached.masker;
  const [names, organizations] = await Promise.all([repo.listPeopleNames(db), repo.listOrganizationNames(db)]);
  const masker = new Masker(names, organizations);
  if (state !== undefined) cached = { state, masker };
  return masker;
}
