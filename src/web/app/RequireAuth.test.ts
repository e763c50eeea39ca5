import { describe, expect, it } from 'vitest';
import { authView } from './RequireAuth.tsx';

const user = { user: { id: 'u1' } };

describe('authView', () => {
  it('keeps a known session when a re-check fails (offline), instead of replacing the page with an error', () => {
    expect(authView({ isPending: false, isError: true, data: user })).toBe('app');
  });
  it('shows the error only for a first check that never got an answer', () => {
    expect(authView({ isPending: false, isError: true, data: undefined })).toBe('error');
  });
  it('waits for the first answer, signs in without a session, and lets a signed-in user through', () => {
    expect(authView({ isPending: true, isError: false, data: undefined })).toBe('wait');
    expect(authView({ isPending: false, isError: false, data: null })).toBe('login');
    expect(authView({ isPending: false, isError: false, data: user })).toBe('app');
  });
});
