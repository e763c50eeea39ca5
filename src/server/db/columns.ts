/**
 * Every column of a table, spelled out, for a select list that must not say `*` (a named prepared statement on
 * PostgreSQL: dialect.ts `registerPreparedStatement`). The list is checked against the table's type: leaving a
 * column out (one added to the table later) fails the type check, naming it.
 *
 *   const MEASURE_COLUMNS = allColumns<MeasuresTable>()(['id', 'organization_id', …]);
 *   db.selectFrom('measures as m').select(qualified('m', MEASURE_COLUMNS))
 */
export function allColumns<T>() {
  return <const C extends readonly (keyof T & string)[]>(
    columns: C & ([Exclude<keyof T, C[number]>] extends [never] ? unknown : { missingColumns: Exclude<keyof T, C[number]> }),
  ): C => columns;
}

/** `alias.column` for each column: a select list over an aliased table. */
export function qualified<A extends string, C extends string>(alias: A, columns: readonly C[]): Array<`${A}.${C}`> {
  return columns.map((c) => `${alias}.${c}` as const);
}
