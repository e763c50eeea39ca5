import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { createTestApp, TEST_ORIGIN, type TestApp } from '../testing/test-app.ts';

/**
 * Behind the documented reverse proxy (docs/OPERATIONS.md: nginx appends `$proxy_add_x_forwarded_for`), a client
 * that sends its own X-Forwarded-For gets "<its words>, <its real address>". The address the app counts sign-in
 * failures by (and records) must be the one the proxy appended: believing the whole header took the left-most,
 * the client's own words, and every attempt could come from a new address. SQLite, or PostgreSQL under
 * scripts/with-postgres.sh.
 */
describe('the client address behind a proxy (TRUST_PROXY)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tz-trust-proxy-'));
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of apps) await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads TRUST_PROXY as the proxies in front (1 or true: this host or a private network)', () => {
    const proxies = (value?: string) =>
      loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(40), ...(value === undefined ? {} : { TRUST_PROXY: value }) }).trustProxy;
    expect(proxies()).toEqual([]);
    expect(proxies('0')).toEqual([]);
    expect(proxies('false')).toEqual([]);
    expect(proxies('1')).toEqual(['loopback', 'linklocal', 'uniquelocal']);
    expect(proxies('true')).toEqual(['loopback', 'linklocal', 'uniquelocal']);
    expect(proxies('10.0.0.5, 10.0.1.0/24,::1')).toEqual(['10.0.0.5', '10.0.1.0/24', '::1']);
    expect(() => proxies('all')).toThrow(ConfigError);
    expect(() => proxies('10.0.0.5;rm')).toThrow(ConfigError);
    expect(() => proxies('10.0')).toThrow(ConfigError);
    expect(() => proxies('10.0.0.0/33')).toThrow(ConfigError);
    expect(proxies('fd00::/8')).toEqual(['fd00::/8']);
  });

  /** The address a failed sign-in was counted under, sent through `remoteAddress` with this X-Forwarded-For. */
  async function countedAddress(t: TestApp, forwardedFor: string): Promise<string> {
    const username = `nobody-${apps.length}-${forwardedFor.length}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { origin: TEST_ORIGIN, 'x-forwarded-for': forwardedFor },
      remoteAddress: '10.0.0.2',
      payload: { username, password: 'wrong-password-1' },
    });
    expect(res.statusCode, res.body).toBe(401);
    const row = await t.db.kysely.selectFrom('login_attempts').select('ip').where('username', '=', username).executeTakeFirstOrThrow();
    return row.ip;
  }

  it('with one proxy, takes the address the proxy appended, not the one the client wrote', async () => {
    const t = await createTestApp({ config: { trustProxy: ['10.0.0.2'] } });
    apps.push(t);
    expect(await countedAddress(t, '198.51.100.7, 203.0.113.5')).toBe('203.0.113.5');
    expect(await countedAddress(t, '203.0.113.6')).toBe('203.0.113.6');
  });

  it('with TRUST_PROXY=1 and two proxies on the private network (a load balancer before nginx), the address the outer one appended', async () => {
    const t = await createTestApp({ config: { trustProxy: ['loopback', 'linklocal', 'uniquelocal'] } });
    apps.push(t);
    expect(await countedAddress(t, '198.51.100.7, 203.0.113.5, 10.0.0.1')).toBe('203.0.113.5');
  });

  it('without a proxy, the TCP peer, whatever the header says', async () => {
    const t = await createTestApp({ config: { trustProxy: [] } });
    apps.push(t);
    expect(await countedAddress(t, '198.51.100.7, 203.0.113.5')).toBe('10.0.0.2');
  });
});
