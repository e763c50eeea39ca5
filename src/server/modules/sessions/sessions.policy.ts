/** Login throttling: per account and per address, counted over a sliding window. */
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

/** Sessions seen within this many seconds are not re-stamped (saves a write per request). */
export const TOUCH_INTERVAL_SECONDS = 60;
