import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ChainVerifier,
  EMPTY_HEAD,
  GENESIS_HASH,
  chainPreimage,
  checkLink,
  hashEntry,
  nextLink,
  verifyChain,
  type ChainEntry,
  type StoredLink,
} from './hash-chain.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function build(entries: ChainEntry[]): StoredLink[] {
  let head = EMPTY_HEAD;
  return entries.map((entry) => {
    const link = nextLink(sha256, head, entry);
    head = { seq: link.seq, hash: link.hash };
    return { ...link, entry };
  });
}

const entries: ChainEntry[] = [1, 2, 3, 4, 5].map((n) => ({ id: `e${n}`, type: 'organization.updated', data: `{"n":${n}}` }));
const headOf = (links: StoredLink[]) => ({ seq: links.at(-1)!.seq!, hash: links.at(-1)!.hash! });

describe('the canonical form', () => {
  it('is RFC 8785 JSON of {entry, prev, seq}: keys sorted, no spaces, text as is', () => {
    expect(chainPreimage(GENESIS_HASH, 1, { z: null, b: 1, a: '台账' })).toBe(
      `{"entry":{"a":"台账","b":1,"z":null},"prev":"${GENESIS_HASH}","seq":1}`,
    );
  });

  it('hashes to a fixed value that an independent sha256sum of the same text gives', () => {
    // printf '%s' '{"entry":{"a":"台账","b":1,"z":null},"prev":"000…0","seq":1}' | sha256sum
    expect(hashEntry(sha256, GENESIS_HASH, 1, { a: '台账', b: 1, z: null })).toBe(
      '36a5f488cbc311255e6f67f5b28cf6b8e10699579423505605a42c97e3a8b303',
    );
  });

  it('does not depend on the order in which the entry was built', () => {
    expect(hashEntry(sha256, GENESIS_HASH, 7, { a: 1, b: 2 })).toBe(hashEntry(sha256, GENESIS_HASH, 7, { b: 2, a: 1 }));
  });

  it('covers the seq and the previous hash', () => {
    const h = hashEntry(sha256, GENESIS_HASH, 1, { a: 1 });
    expect(hashEntry(sha256, GENESIS_HASH, 2, { a: 1 })).not.toBe(h);
    expect(hashEntry(sha256, 'f'.repeat(64), 1, { a: 1 })).not.toBe(h);
  });
});

describe('verifying a chain', () => {
  it('accepts an intact chain and reports its length and head', () => {
    const links = build(entries);
    expect(links.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(links[0]!.prevHash).toBe(GENESIS_HASH);
    expect(links[3]!.prevHash).toBe(links[2]!.hash);
    expect(verifyChain(sha256, links, headOf(links))).toEqual({ ok: true, count: 5, head: headOf(links) });
    expect(verifyChain(sha256, [], EMPTY_HEAD)).toEqual({ ok: true, count: 0, head: EMPTY_HEAD });
  });

  it('names an edited entry as a hash mismatch', () => {
    const links = build(entries);
    links[2] = { ...links[2]!, entry: { ...links[2]!.entry, data: '{"n":30}' } };
    const v = verifyChain(sha256, links, headOf(links));
    expect(v).toMatchObject({ ok: false, count: 2, fault: { reason: 'hash-mismatch', seq: 3, position: 2 } });
  });

  it('names the row after a deleted one as a gap', () => {
    const links = build(entries);
    links.splice(1, 1);
    const v = verifyChain(sha256, links, headOf(links));
    expect(v).toMatchObject({ ok: false, fault: { reason: 'gap', seq: 3, position: 1 } });
    if (!v.ok) expect(v.fault.detail).toContain('expected seq 2 but found 3');
  });

  it('names swapped entries (content moved between seqs) as a hash mismatch', () => {
    const links = build(entries);
    const a = links[1]!.entry;
    links[1] = { ...links[1]!, entry: links[3]!.entry };
    links[3] = { ...links[3]!, entry: a };
    expect(verifyChain(sha256, links, headOf(links))).toMatchObject({ ok: false, fault: { reason: 'hash-mismatch', seq: 2 } });
  });

  it('names a re-hashed replacement whose prev does not follow as a broken link', () => {
    const links = build(entries);
    // A forger rewrites row 3 and recomputes its hash, but cannot fix row 4's prev without rewriting the rest.
    const forged = { id: 'e3', type: 'organization.updated', data: '{"n":"forged"}' };
    const replaced = nextLink(sha256, { seq: 2, hash: links[1]!.hash! }, forged);
    links[2] = { ...replaced, entry: forged };
    expect(verifyChain(sha256, links, headOf(links))).toMatchObject({ ok: false, fault: { reason: 'broken-link', seq: 4, position: 3 } });
  });

  it('names removed rows at the end against the recorded head', () => {
    const links = build(entries);
    const head = headOf(links);
    const v = verifyChain(sha256, links.slice(0, 3), head);
    expect(v).toMatchObject({ ok: false, count: 3, fault: { reason: 'head-mismatch', seq: null, position: 3 } });
  });

  it('names a row that was never chained', () => {
    const links = build(entries);
    links.push({ seq: null, prevHash: null, hash: null, entry: { id: 'legacy' } });
    expect(verifyChain(sha256, links)).toMatchObject({ ok: false, fault: { reason: 'unchained', position: 5 } });
  });

  it('checks page by page from a known head, and keeps reporting the first fault', () => {
    const links = build(entries);
    const v = new ChainVerifier(sha256, { seq: 2, hash: links[1]!.hash! });
    expect(v.push(links[2]!)).toBeNull();
    expect(v.push(links[4]!)).toMatchObject({ reason: 'gap', seq: 5 });
    expect(v.push(links[3]!)).toMatchObject({ reason: 'gap', seq: 5 });
    expect(v.count).toBe(1);
  });

  it('lets a verifier with an asynchronous hash (Web Crypto) reuse the check', () => {
    const [first] = build(entries);
    expect(checkLink(EMPTY_HEAD, first!, first!.hash, 0)).toBeNull();
    expect(checkLink(EMPTY_HEAD, first!, 'x', 0)).toMatchObject({ reason: 'hash-mismatch' });
  });
});
