import { Masker } from '../../../domain/masking.ts';
import type { Executor } from '../../http/context.ts';
import * as repo from './portal.repository.ts';

/**
 * The one place where the portal masks (src/domain/masking.ts): every public
 * presenter and every public chain entry takes its Masker from here. It knows
 * every name the record has held (accounts, problem owners and lead
 * officials, measure owners, the party members' roster) and keeps
 * organization names whole. A name the record never held (a villager named
 * only in a note) cannot be recognised: the note's author is told on the
 * progress form that the note is public.
 *
 * The dictionary lives in `masking_words`, which triggers extend in the
 * writing transaction; a Masker is rebuilt only when its newest word moved
 * (one indexed row read per call, inside the caller's transaction, so a name
 * written earlier in the same transaction is always known). Public events
 * (every transition of a public problem) no longer scan the ledger for names.
 */

interface Dictionary {
  version: string;
  /** The newest word's id when it was read. */
  newestId: number;
  masker: Masker;
  organizations: readonly string[];
}

let cached: Dictionary | null = null;

async function loadDictionary(db: Executor): Promise<Dictionary> {
  const version = await repo.readMaskingWordsVersion(db);
  if (cached?.version === version) return cached;
  const { people, organizations } = await repo.listMaskingWords(db);
  cached = {
    version,
    newestId: version ? Number(version.slice(0, version.indexOf(':'))) : 0,
    masker: new Masker(people, organizations),
    organizations,
  };
  return cached;
}

export async function loadMasker(db: Executor): Promise<Masker> {
  return (await loadDictionary(db)).masker;
}

/**
 * The masking of one writing transaction's public events: an import writes hundreds in one transaction, each row
 * adding its owner and lead official to the dictionary, and a later row's text may name them. Rebuilding the whole
 * Masker for each new word would read the whole dictionary each time (at province scale tens of thousands of
 * words), so the dictionary as at the transaction's first event stands, and the words added since (read by id,
 * usually none) are masked by a small second Masker of their own, kept up to date as they come. Before, the first
 * event's Masker served the whole transaction, and the names later rows brought in reached the public chain,
 * where they stay.
 */
export class TransactionMasker {
  private readonly added = new Set<string>();
  /** The dictionary's organization names that contain a word added (kept whole), and organizations added. */
  private readonly keep = new Set<string>();
  private since: number;
  private extra: Masker | null = null;

  private constructor(private readonly dictionary: Dictionary) {
    this.since = dictionary.newestId;
  }

  static async open(db: Executor): Promise<TransactionMasker> {
    return new TransactionMasker(await loadDictionary(db));
  }

  /** Free text as Masker.text masks it, with the words added since the transaction's first event too. */
  async text(db: Executor, text: string | null | undefined): Promise<string> {
    const masked = this.dictionary.masker.text(text);
    const newest = await repo.readMaskingWordsVersion(db);
    const newestId = newest ? Number(newest.slice(0, newest.indexOf(':'))) : 0;
    if (newestId > this.since) {
      for (const w of await repo.listMaskingWordsAfter(db, this.since)) {
        if (w.kind === 'organization') this.keep.add(w.word);
        else if (!this.added.has(w.word)) {
          this.added.add(w.word);
          for (const o of this.dictionary.organizations) if (o.includes(w.word)) this.keep.add(o);
        }
        this.since = Math.max(this.since, w.id);
      }
      this.extra = new Masker(this.added, this.keep);
    }
    return this.extra ? this.extra.names(masked) : masked;
  }
}
