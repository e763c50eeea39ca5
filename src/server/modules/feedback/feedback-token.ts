import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The feedback form's time trap: the form carries the time it was served,
 * signed with the server's secret. A person takes a few seconds to write;
 * a bot posts at once, or replays an old form. No account, no cookie.
 */

/** Faster than this after the form was served: a bot. */
export const FEEDBACK_MIN_MS = 3_000;
/** Older than this: a stale or replayed form (the page is reloaded for a new one). */
export const FEEDBACK_MAX_MS = 12 * 60 * 60 * 1000;

function sign(secret: string, ms: number): string {
  return createHmac('sha256', secret).update(`feedback-form:${ms}`).digest('base64url').slice(0, 22);
}

export function mintFeedbackToken(secret: string, at: Date): string {
  const ms = at.getTime();
  return `${ms}.${sign(secret, ms)}`;
}

/** Accepted forms per sender within FEEDBACK_WINDOW_MS, counted in the database (all instances together). */
export const FEEDBACK_PER_WINDOW = 10;
export const FEEDBACK_WINDOW_MS = 10 * 60 * 1000;

/** The sender, as the database keeps it: a keyed hash of the address, not the address (it cannot be read back). */
export function sourceOf(secret: string, ip: string): string {
  return createHmac('sha256', secret).update(`feedback-source:${ip}`).digest('base64url').slice(0, 22);
}

export type TokenVerdict = 'ok' | 'missing' | 'forged' | 'too_fast' | 'expired';

export function checkFeedbackToken(secret: string, token: string | undefined, now: Date): TokenVerdict {
  const match = /^(\d{1,15})\.([\w-]{22})$/.exec(token ?? '');
  if (!match) return token ? 'forged' : 'missing';
  const ms = Number(match[1]);
  const expected = Buffer.from(sign(secret, ms));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'forged';
  const age = now.getTime() - ms;
  if (age < FEEDBACK_MIN_MS) return 'too_fast';
  if (age > FEEDBACK_MAX_MS) return 'expired';
  return 'ok';
}
