import { Grid } from 'antd';

const DESKTOP_QUERY = '(min-width: 992px)';

/** True below antd's `lg` breakpoint (phones and small tablets). */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  if (screens.lg !== undefined) return !screens.lg;
  // The breakpoint hook answers after its first effect; until then ask the browser directly.
  return typeof window !== 'undefined' && !window.matchMedia(DESKTOP_QUERY).matches;
}
