import canonicalize from 'canonicalize';

/**
 * A hash chain over an append-only log (the audit log today, the public ledger
 * later). Pure: the SHA-256 function is passed in, so the server uses
 * node:crypto and a browser verifier can hash `chainPreimage()` with Web Crypto
 * and feed the result to `checkLink()`.
 *
 * Format, version 1 (also in docs/ARCHITECTURE.md, "Tamper-evident audit log"):
 *
 *   preimage = RFC 8785 canonical JSON of {"entry": <entry>, "prev": <prev>, "seq": <seq>}
 *   hash     = lowercase hex SHA-256 of the UTF-8 bytes of the preimage
 *
 * `seq` counts links from 1 without gaps; `prev` is the previous link's hash,
 * and for link 1 `GENESIS_HASH` (64 zeros). The entry is a flat JSON object
 * chosen by the log (the audit log uses its row's columns, `data` as its
 * stored text), so the hash covers exactly what is stored.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { readonly [key: string]: JsonValue };
export type ChainEntry = { readonly [key: string]: JsonValue };

/** Lowercase hex SHA-256 of the bytes; injected so the domain does no I/O and needs no node:crypto. */
export type Sha256Hex = (bytes: Uint8Array) => string;

export const GENESIS_HASH = '0'.repeat(64);

/** The last link of a chain; an empty chain's head is seq 0 and `GENESIS_HASH`. */
export interface ChainHead {
  seq: number;
  hash: string;
}
export const EMPTY_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/** The canonical text that is hashed for one link. */
export function chainPreimage(prevHash: string, seq: number, entry: ChainEntry): string {
  const text = canonicalize({ entry, prev: prevHash, seq });
  if (text === undefined) throw new Error('hash chain: the entry has no JSON form');
  return text;
}

export function chainPreimageBytes(prevHash: string, seq: number, entry: ChainEntry): Uint8Array {
  return new TextEncoder().encode(chainPreimage(prevHash, seq, entry));
}

export function hashEntry(sha256: Sha256Hex, prevHash: string, seq: number, entry: ChainEntry): string {
  return sha256(chainPreimageBytes(prevHash, seq, entry));
}

/** The link that appends `entry` after `head`; the new head is `{ seq, hash }`. */
export function nextLink(sha256: Sha256Hex, head: ChainHead, entry: ChainEntry): { seq: number; prevHash: string; hash: string } {
  const seq = head.seq + 1;
  return { seq, prevHash: head.hash, hash: hashEntry(sha256, head.hash, seq, entry) };
}

/** A link as stored; a row written before the chain existed has no seq or hash yet. */
export interface StoredLink {
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
  entry: ChainEntry;
}

export type ChainFaultReason =
  /** The row was never chained (written before the chain, or around the application). */
  | 'unchained'
  /** The row's content, seq or prev no longer hash to its stored hash: it was edited. */
  | 'hash-mismatch'
  /** The seq is not the one after the previous link: rows are missing (or repeated). */
  | 'gap'
  /** The row is intact but does not point at the previous link: rows were replaced. */
  | 'broken-link'
  /** The chain ends elsewhere than its recorded head: rows at the end were removed (or the head was edited). */
  | 'head-mismatch';

export interface ChainFault {
  reason: ChainFaultReason;
  /** 0-based position in the sequence that was checked; for `head-mismatch`, the number of links read. */
  position: number;
  /** The stored seq of the faulty link (null when unchained, or for `head-mismatch`). */
  seq: number | null;
  /** What is wrong, in words (English; the CLI prints it). */
  detail: string;
}

const short = (hash: string | null) => (hash ? hash.slice(0, 12) : 'none');

/**
 * Checks one link against the head before it, given the hash computed over the
 * link's own stored prev, seq and entry (`hashEntry`, or Web Crypto over
 * `chainPreimageBytes`). Content first, then sequence, then the link, so a
 * deleted row is reported as the gap it leaves.
 */
export function checkLink(before: ChainHead, link: StoredLink, computedHash: string | null, position: number): ChainFault | null {
  if (link.seq === null || link.hash === null || link.prevHash === null) {
    return { reason: 'unchained', position, seq: link.seq, detail: 'the row has no place in the chain (no seq or hash)' };
  }
  if (computedHash !== link.hash) {
    return {
      reason: 'hash-mismatch',
      position,
      seq: link.seq,
      detail: `stored hash ${short(link.hash)} but the row hashes to ${short(computedHash)}: the row was changed`,
    };
  }
  const expectedSeq = before.seq + 1;
  if (link.seq !== expectedSeq) {
    return {
      reason: 'gap',
      position,
      seq: link.seq,
      detail:
        link.seq > expectedSeq
          ? `expected seq ${expectedSeq} but found ${link.seq}: ${link.seq - expectedSeq} row(s) missing before it`
          : `expected seq ${expectedSeq} but found ${link.seq}: out of sequence`,
    };
  }
  if (link.prevHash !== before.hash) {
    return {
      reason: 'broken-link',
      position,
      seq: link.seq,
      detail: `prev ${short(link.prevHash)} does not match the previous row's hash ${short(before.hash)}`,
    };
  }
  return null;
}

/**
 * Checks links in seq order, one at a time, so a long log is verified in pages
 * without holding it in memory. Stops counting at the first fault.
 */
export class ChainVerifier {
  private current: ChainHead;
  private checked = 0;
  private fault: ChainFault | null = null;

  constructor(
    private readonly sha256: Sha256Hex,
    start: ChainHead = EMPTY_HEAD,
  ) {
    this.current = { ...start };
  }

  /** Returns the first fault, now or earlier; null while the chain holds. */
  push(link: StoredLink): ChainFault | null {
    if (this.fault) return this.fault;
    const computed = link.seq === null || link.prevHash === null ? null : hashEntry(this.sha256, link.prevHash, link.seq, link.entry);
    this.fault = checkLink(this.current, link, computed, this.checked);
    if (!this.fault) {
      this.current = { seq: link.seq!, hash: link.hash! };
      this.checked += 1;
    }
    return this.fault;
  }

  /** After the last link: the chain must end at the head recorded beside it, if one is given. */
  finish(recordedHead?: ChainHead): ChainFault | null {
    if (this.fault || !recordedHead) return this.fault;
    if (recordedHead.seq !== this.current.seq || recordedHead.hash !== this.current.hash) {
      this.fault = {
        reason: 'head-mismatch',
        position: this.checked,
        seq: null,
        detail: `the recorded head is seq ${recordedHead.seq} ${short(recordedHead.hash)} but the chain ends at seq ${this.current.seq} ${short(this.current.hash)}`,
      };
    }
    return this.fault;
  }

  get head(): ChainHead {
    return { ...this.current };
  }

  /** Links checked and found good. */
  get count(): number {
    return this.checked;
  }
}

export type ChainVerdict = { ok: true; count: number; head: ChainHead } | { ok: false; count: number; fault: ChainFault };

/** Verifies a whole chain held in memory (links in seq order). */
export function verifyChain(sha256: Sha256Hex, links: Iterable<StoredLink>, recordedHead?: ChainHead): ChainVerdict {
  const v = new ChainVerifier(sha256);
  for (const link of links) if (v.push(link)) break;
  const fault = v.finish(recordedHead);
  return fault ? { ok: false, count: v.count, fault } : { ok: true, count: v.count, head: v.head };
}
