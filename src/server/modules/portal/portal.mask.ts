import { Masker } from '../../../domain/masking.ts';
import type { Executor } from '../../http/context.ts';
import * as repo from './portal.repository.ts';

/**
 * The one place where the portal masks (src/domain/masking.ts): every public
 * presenter and every public chain entry takes its Masker from here. It knows
 * every name the record has held (accounts, problem owners and lead
 * officials, measure owners) and keeps organization names whole.
 *
 * The dictionary lives in `masking_words`, which triggers extend in the
 * writing transaction; a Masker is rebuilt only when its newest word moved
 * (one indexed row read per call, inside the caller's transaction, so a name
 * written earlier in the same transaction is always known). Public events
 * (every transition of a public problem) no longer scan the ledger for names.
 */

let cached: { version: string; masker: Masker } | null = null;

export async function loadMasker(db: Executor): Promise<Masker> {
  const version = await repo.readMaskingWordsVersion(db);
  if (cached?.version === version) return cached.masker;
  const { people, organizations } = await repo.listMaskingWords(db);
  const masker = new Masker(people, organizations);
  cached = { version, masker };
  return masker;
}
