import { describe, expect, it } from 'vitest';
import { filterQuery, parseLedgerParams } from './ledger-params.ts';

describe('ledger URL params', () => {
  it('reads dashboard links and defaults', () => {
    const f = parseLedgerParams(new URLSearchParams('organizationId=o1&status=open,rectifying&overdue=1&dueFrom=bad&sort=zzz'));
    expect(f.organizationId).toBe('o1');
    expect(f.status).toBe('open,rectifying');
    expect(f.overdue).toBe(true);
    expect(f.dueFrom).toBeUndefined();
    expect(f.sort).toBe('dueOn');
    expect(f.page).toBe(1);
    expect(filterQuery(f)).toMatchObject({ organizationId: 'o1', overdue: true });
  });
});
