/**
 * Sign-in throttling (docs/OPERATIONS.md, "Sign-in throttling"), after the
 * OWASP authentication guidance: failures are counted per (account, address)
 * pair with growing waits, so that a stranger elsewhere cannot lock the owner
 * out; a ceiling per account and a limit per address stop guessing spread over
 * many addresses or many accounts, and neither applies where the account
 * signed in successfully before (its usual addresses).
 */
import { isIPv6 } from 'node:net';

/** Failures an (account, address) pair may make before it has to wait. */
export const PAIR_FREE_FAILURES = 5;
/** The wait after the pair's 5th, its 6th, and each later failure (Cognito-like scaling, capped at 15 minutes). */
export const PAIR_WAITS_MINUTES = [1, 5, 15] as const;
/** How long a pair's failures are remembered; a successful sign-in from the pair forgets them at once. */
export const PAIR_MEMORY_HOURS = 24;

/** The window of the account ceiling and of the address limit. */
export const THROTTLE_WINDOW_MINUTES = 15;
/** Failures of one account from all addresses in the window, after which only its usual addresses may try. */
export const ACCOUNT_CEILING = 50;
/** Failures from one address across all accounts in the window (everyone behind one proxy shares it unless TRUST_PROXY is on). */
export const ADDRESS_CEILING = 100;
/** An address with a successful sign-in this recent is usual for that account. */
export const USUAL_ADDRESS_DAYS = 30;

/** Sessions seen within this many seconds are not re-stamped (saves a write per request). */
export const TOUCH_INTERVAL_SECONDS = 60;

const MINUTE = 60_000;

/** Failures (checked or being checked) of a pair, or of an account's password changes, within PAIR_MEMORY_HOURS. */
export interface FailureCount {
  count: number;
  lastAt: string | null;
}

export type ThrottleReason = 'locked' | 'account_locked' | 'address_locked';

export type ThrottleVerdict = { allowed: true } | { allowed: false; reason: ThrottleReason; retryAt: Date };

/** Minutes to wait after a key's `failures`-th failure; 0 while it has tries left. */
export function waitMinutesAfter(failures: number): number {
  if (failures < PAIR_FREE_FAILURES) return 0;
  return PAIR_WAITS_MINUTES[Math.min(failures - PAIR_FREE_FAILURES, PAIR_WAITS_MINUTES.length - 1)]!;
}

/** When a pair (or an account's password changes) may try again, or null when it may now. */
export function pairRetryAt(f: FailureCount, now: Date): Date | null {
  const wait = waitMinutesAfter(f.count);
  if (wait === 0 || f.lastAt === null) return null;
  const at = new Date(Date.parse(f.lastAt) + wait * MINUTE);
  return at > now ? at : null;
}

/**
 * When a ceiling lifts, given the time of the ceiling-th newest failure in the
 * window (null when there are fewer): once that one ages out, there is room.
 */
export function ceilingRetryAt(nthNewestAt: string | null, now: Date): Date | null {
  if (nthNewestAt === null) return null;
  const at = new Date(Date.parse(nthNewestAt) + THROTTLE_WINDOW_MINUTES * MINUTE);
  return at > now ? at : null;
}

/**
 * Whether a sign-in attempt may have its password checked. The pair's own
 * waits come first; the account ceiling and the address limit do not apply at
 * the account's usual addresses.
 */
export function judgeSignIn(
  s: { pair: FailureCount; usualAddress: boolean; accountCeilingAt: string | null; addressCeilingAt: string | null },
  now: Date,
): ThrottleVerdict {
  const pair = pairRetryAt(s.pair, now);
  if (pair) return { allowed: false, reason: 'locked', retryAt: pair };
  if (s.usualAddress) return { allowed: true };
  const account = ceilingRetryAt(s.accountCeilingAt, now);
  if (account) return { allowed: false, reason: 'account_locked', retryAt: account };
  const address = ceilingRetryAt(s.addressCeilingAt, now);
  if (address) return { allowed: false, reason: 'address_locked', retryAt: address };
  return { allowed: true };
}

/** Whole minutes until `retryAt`, at least 1. */
export function minutesUntil(retryAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / MINUTE));
}

/**
 * The address sign-in throttling counts by: an IPv6 address by its /64 (one household or one phone's network hands
 * out as many addresses in it as it likes, each with a fresh allowance, and privacy addresses rotate within it, so
 * the owner's usual address never stayed usual), an IPv4-mapped address as its IPv4 one, any other as it is.
 */
export function throttleAddress(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const bare = ip.split('%')[0]!;
  if (!isIPv6(bare)) return ip;
  const [head = '', tail] = bare.split('::');
  const first = head ? head.split(':') : [];
  const last = tail ? tail.split(':') : [];
  const groups = tail === undefined ? first : [...first, ...Array<string>(Math.max(0, 8 - first.length - last.length)).fill('0'), ...last];
  return `${groups
    .slice(0, 4)
    .map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16).toString(16) : '0'))
    .join(':')}::/64`;
}
