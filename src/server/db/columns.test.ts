import { describe, expect, it } from 'vitest';
import { allColumns, qualified } from './columns.ts';

interface Row {
  id: string;
  name: string;
  note?: string | null;
}

describe('allColumns', () => {
  it('takes a list naming every column, and qualifies it with an alias', () => {
    const columns = allColumns<Row>()(['id', 'name', 'note']);
    expect(qualified('r', columns)).toEqual(['r.id', 'r.name', 'r.note']);
  });

  it('refuses, at type-check time, a list that leaves a column out (tsc runs in CI)', () => {
    // @ts-expect-error `note` is missing: a column added to the table must be added to the list.
    const partial = allColumns<Row>()(['id', 'name']);
    expect(partial).toEqual(['id', 'name']);
  });
});
