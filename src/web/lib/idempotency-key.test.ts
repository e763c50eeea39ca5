import { describe, expect, it } from 'vitest';
import { newIdempotencyKey, stepKey, uploadKey } from './idempotency-key.ts';

// The server's rule for a key (src/server/http/idempotency.ts).
const SERVER_KEY = /^[A-Za-z0-9._:-]{8,100}$/;

describe('idempotency keys', () => {
  it('are new each time, and of the form the server takes', () => {
    const a = newIdempotencyKey();
    const b = newIdempotencyKey();
    expect(a).not.toBe(b);
    expect(a).toMatch(SERVER_KEY);
  });

  it('name one file’s upload to one place: the same photo picked again is the same upload, another photo or place is not', () => {
    const photo = { name: '整改后.jpg', size: 2_345_678, lastModified: 1_764_990_000_000 };
    const key = uploadKey('/api/evidence', { problemId: 'p1' }, photo);
    expect(key).toMatch(SERVER_KEY);
    expect(uploadKey('/api/evidence', { problemId: 'p1', note: undefined }, { ...photo })).toBe(key);
    expect(uploadKey('/api/evidence', { problemId: 'p2' }, photo)).not.toBe(key);
    expect(uploadKey('/api/evidence', { problemId: 'p1' }, { ...photo, size: photo.size + 1 })).not.toBe(key);
    expect(uploadKey('/api/evidence', { problemId: 'p1' }, { ...photo, name: '整改前.jpg' })).not.toBe(key);
  });

  it('name an upload by its address too: a ledger’s check (?dryRun=1) and its import are two requests', () => {
    const sheet = { name: '台账.xlsx', size: 12_345, lastModified: 1_764_990_000_000 };
    expect(uploadKey('/api/ledger/import?dryRun=1', {}, sheet)).not.toBe(uploadKey('/api/ledger/import', {}, sheet));
  });

  it('name a version-guarded step by its path and body: the same step sent again, another version is another', () => {
    const key = stepKey('/api/problems/p1/transitions', { action: 'submit', version: 4 });
    expect(key).toMatch(SERVER_KEY);
    expect(stepKey('/api/problems/p1/transitions', { action: 'submit', version: 4 })).toBe(key);
    expect(stepKey('/api/problems/p1/transitions', { action: 'submit', version: 5 })).not.toBe(key);
    expect(stepKey('/api/problems/p1/transitions', { action: 'submit', version: 4 }, 'minimal')).not.toBe(key);
  });
});
