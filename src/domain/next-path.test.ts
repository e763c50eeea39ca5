import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path.ts';

describe('safeNextPath', () => {
  it('keeps a path of this site, with its query', () => {
    expect(safeNextPath('/ledger?status=open')).toBe('/ledger?status=open');
    expect(safeNextPath('/problems/0b2c')).toBe('/problems/0b2c');
    expect(safeNextPath('/loginhelp')).toBe('/loginhelp');
  });

  it('sends anything else to the dashboard: nothing, another site, what a browser reads as another site, the login page', () => {
    for (const next of [
      null,
      undefined,
      '',
      'ledger',
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/ledger\\..\\x',
      '/login',
      '/login?next=/ledger',
    ]) {
      expect(safeNextPath(next), JSON.stringify(next)).toBe('/dashboard');
    }
  });
});
