import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH as DOMAIN_PASSWORD_MIN_LENGTH } from '../../domain/contracts/session.ts';
import { PASSWORD_MIN_LENGTH } from './constants.ts';

describe('web copies of contract limits', () => {
  it('agree with the domain contracts', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(DOMAIN_PASSWORD_MIN_LENGTH);
  });
});
