import { describe, expect, it } from 'vitest';
import { readAuditParams } from './audit-params.ts';

describe('readAuditParams', () => {
  it('keeps the known filters and defaults the paging', () => {
    const params = new URLSearchParams('organizationId=abc&type=organization.created&junk=1&from=');
    expect(readAuditParams(params)).toEqual({
      organizationId: 'abc',
      type: 'organization.created',
      page: 1,
      pageSize: 50,
    });
  });

  it('ignores nonsense paging', () => {
    expect(readAuditParams(new URLSearchParams('page=-2&pageSize=9999'))).toMatchObject({ page: 1, pageSize: 50 });
  });
});
