import type { Clock } from '../../http/clock.ts';
import type { Executor } from '../../http/context.ts';
import { type LiveFiguresMark, lookAtLiveFigures, warmLiveFigures } from './statistics.service.ts';

/**
 * 一周一统计 of a large tree (a province) kept warm in the server process (main.ts). The running week's figures are
 * kept between requests and brought up to date after a write (figures.cache.ts), but a reader still waited for a
 * whole count (≈ 0.5 s at province scale) after ten minutes nobody looked, after every 15 minutes (the cache rests
 * each result on a count that recent), on a new day (the day decides overdue), and once the week's report fell due.
 * Every `everyMs` this brings the running week of each large tree up to date as a reader would
 * (statistics.service.ts `warmLiveFigures`): usually from the kept result and the few audit events since, in a few
 * milliseconds; a whole count (ahead of the 15-minute recount, on a new day, after a change that is not one
 * organization's) runs on the worker thread, and readers do not wait for it (figures.cache.ts). A district (below
 * the assessments' `largeFrom`) is left to its readers. Each process keeps its own (its cache is its own); steps
 * never overlap. `onError`: a step that failed, or a whole count that ran on the main thread instead.
 *
 * Between steps it looks every `lookEveryMs` (three small reads: statistics.service.ts `lookAtLiveFigures`) whether
 * something happened that only a whole count answers (an organization added, moved or renamed, the rules, an
 * import, a new day, the week's report fallen due), in this process or another, and steps at once when it did:
 * before, the first reader within the half minute counted everything on the main thread (≈ 0.5 s, every other
 * request waiting).
 */
export interface FiguresWarmer {
  /** One step now (joins the step under way instead of overlapping it). */
  step(): Promise<void>;
  /**
   * One look now: when something since the last look needs a whole count, a step (after the one under way, which
   * may have begun before it). Answers whether it stepped; the first look only notes where things stand.
   */
  look(): Promise<boolean>;
  /** Stops the timer and waits for a step under way: before the database is closed. */
  stop(): Promise<void>;
}

const WARM_EVERY_MS = 30_000;
const LOOK_EVERY_MS = 3_000;

export function keepLiveFiguresWarm(
  db: Executor,
  clock: Clock,
  options: { everyMs?: number; lookEveryMs?: number; largeFrom?: number; onError?: (err: unknown) => void } = {},
): FiguresWarmer {
  let running: Promise<void> | null = null;
  let stopped = false;
  let seen: LiveFiguresMark | null = null;
  let looking: Promise<boolean> | null = null;
  const step = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= warmLiveFigures(db, clock.now(), {
      largeFrom: options.largeFrom,
      onFallback: (err) =>
        options.onError?.(new Error(`一周一统计 counted on the main thread: ${err instanceof Error ? err.message : String(err)}`)),
    })
      .then(() => undefined)
      .catch((err: unknown) => options.onError?.(err))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const lookOnce = async (): Promise<boolean> => {
    if (stopped) return false;
    const { mark, wholeCount } = await lookAtLiveFigures(db, clock.now(), seen);
    seen = mark;
    if (!wholeCount) return false;
    // A step under way may have read the record before the change: this one comes after it.
    if (running) await running;
    await step();
    return true;
  };
  const look = (): Promise<boolean> => {
    looking ??= lookOnce()
      .catch((err: unknown) => {
        options.onError?.(err);
        return false;
      })
      .finally(() => {
        looking = null;
      });
    return looking;
  };
  const timer = setInterval(() => void step(), options.everyMs ?? WARM_EVERY_MS);
  timer.unref();
  const looker = setInterval(() => void look(), options.lookEveryMs ?? LOOK_EVERY_MS);
  looker.unref();
  return {
    step,
    look,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(looker);
      if (looking) await looking;
      if (running) await running;
    },
  };
}
