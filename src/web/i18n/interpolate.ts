/**
 * Fills a dictionary text's placeholders: `{name}` with the value, and `{name|one|other}` with `one` when the value
 * is 1 and `other` otherwise, for English plurals ('{n} {n|day|days} left': "1 day left", "3 days left"). A
 * placeholder without a value is left as it is. A choice may hold placeholders ('{n|The measure is|All {n} measures are}').
 */
export function interpolate(text: string, vars: Readonly<Record<string, string | number>>): string {
  return text
    .replace(/\{(\w+)\|((?:[^|{}]|\{\w+\})*)\|((?:[^|{}]|\{\w+\})*)\}/g, (match, name: string, one: string, other: string) =>
      name in vars ? (Number(vars[name]) === 1 ? one : other) : match,
    )
    .replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}
