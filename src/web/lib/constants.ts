/**
 * Mirrors of limits defined beside the zod contracts in src/domain/contracts.
 * They are copied rather than imported so the web bundle does not pull in zod
 * and every schema; constants.test.ts keeps the copies honest.
 */
export const PASSWORD_MIN_LENGTH = 10;
