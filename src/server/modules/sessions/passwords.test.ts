import { hash, verify } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordHashOptions, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
  it("is argon2id at OWASP's cost (19 MiB, 2 passes, 1 lane) unless the test suites ask for a cheap one", async () => {
    const product = await hash('demo-pass-2016', passwordHashOptions({}));
    expect(product).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hash('demo-pass-2016', passwordHashOptions({ TAIZHANG_TEST_PASSWORD_HASH: 'yes' }))).toMatch(/\$m=19456,t=2,p=1\$/);
    expect(await hash('demo-pass-2016', passwordHashOptions({ TAIZHANG_TEST_PASSWORD_HASH: 'cheap' }))).toMatch(
      /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/,
    );
    // A hash made at the product's cost is checked at its own cost, whatever this process hashes with.
    expect(await verifyPassword(product, 'demo-pass-2016')).toBe(true);
    expect(await verifyPassword(product, 'demo-pass-2017')).toBe(false);
  });

  it('hashes in these suites with the cheap cost, and checks what it hashed', async () => {
    expect(process.env.TAIZHANG_TEST_PASSWORD_HASH).toBe('cheap');
    const h = await hashPassword('a-password-1');
    expect(h).toMatch(/\$m=1024,t=1,p=1\$/);
    expect(await verify(h, 'a-password-1')).toBe(true);
    expect(await verifyPassword(h, 'a-password-2')).toBe(false);
    expect(await verifyPassword(null, 'a-password-1')).toBe(false);
  });
});
