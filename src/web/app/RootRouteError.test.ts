import { describe, expect, it } from 'vitest';
import { errorNoticeKind, isCodeLoadError } from './RootRouteError.tsx';

describe('a page whose code did not arrive', () => {
  it('is told apart from other errors, in the words of Chromium, Firefox and Safari', () => {
    expect(isCodeLoadError(new TypeError('Failed to fetch dynamically imported module: http://x/assets/LedgerPage-abc.js'))).toBe(true);
    expect(isCodeLoadError(new TypeError('error loading dynamically imported module'))).toBe(true);
    expect(isCodeLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(isCodeLoadError(new Error('Unable to preload CSS for /assets/x.css'))).toBe(true);
    expect(isCodeLoadError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isCodeLoadError(undefined)).toBe(false);
  });
  it('says offline (and waits for the connection) or asks for a reload; anything else stays the general error', () => {
    const gone = new TypeError('Failed to fetch dynamically imported module: http://x/a.js');
    expect(errorNoticeKind(gone, false)).toBe('offline');
    expect(errorNoticeKind(gone, true)).toBe('code');
    expect(errorNoticeKind(new Error('boom'), false)).toBe('other');
  });
});
