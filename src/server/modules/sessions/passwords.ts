import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id's cost. The product's is OWASP's recommendation for argon2id (19 MiB of memory, 2 passes, 1 lane: about
 * 13 ms a hash or a check on the machines we test on). The test suites sign in and create accounts some 1,600 times
 * a run: there `TAIZHANG_TEST_PASSWORD_HASH=cheap` (set by vitest.config.ts, nowhere else) makes new hashes with
 * 1 MiB and 1 pass, the same algorithm and code. A hash records its own cost, so checking a password follows the
 * hash whatever this says.
 */
export function passwordHashOptions(env: NodeJS.ProcessEnv = process.env) {
  // Argon2id (2); spelled as a number because the package's const enum cannot be imported under verbatimModuleSyntax.
  return env.TAIZHANG_TEST_PASSWORD_HASH === 'cheap'
    ? { algorithm: 2 as const, memoryCost: 1024, timeCost: 1, parallelism: 1 }
    : { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };
}

const OPTIONS = passwordHashOptions();

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// A real hash to verify against when the username is unknown, so that the
// response time does not tell which usernames exist.
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword('not-a-real-password-just-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
