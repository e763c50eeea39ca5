/**
 * `data-testid` for props objects (okButtonProps, onRow…). antd's button
 * props accept `data-*` keys; for others pass the target props type as T.
 */
export function testId<T extends object = { 'data-testid': string }>(id: string): T {
  return { 'data-testid': id } as unknown as T;
}
