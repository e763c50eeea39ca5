import type { Clock } from '../../http/clock.ts';
import type { Executor } from '../../http/context.ts';
import { type LiveFiguresMark, markLiveFigures, needsWholeCountSince, warmLiveFigures } from './statistics.service.ts';

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
 * Between steps it looks every `lookEveryMs` (a few small reads: statistics.service.ts `needsWholeCountSince`)
 * whether something happened since its last step began that only a whole count answers (an organization added,
 * moved or renamed, the rules, an import, a new day, the week's report fallen due), in this process or another,
 * and steps at once when it did (at most once every `lookGapMs`): before, the first reader within the half minute
 * counted everything on the main thread (≈ 0.5 s, every other request waiting). A step that fails leaves the
 * last one's mark, so the next look tries again.
 */
export interface FiguresWarmer {
  /** One step now (joins the step under way instead of overlapping it). */
  step(): Promise<void>;
  /**
   * One look now: when something since the last step began needs a whole count, a step (after the one under way,
   * which may have begun before it). Answers whether it stepped. Nothing before the first step, nor within
   * `lookGapMs` of the last step a look took.
   */
  look(): Promise<boolean>;
  /** Stops the timers and waits for a look and a step under way: before the database is closed. */
  stop(): Promise<void>;
}

const WARM_EVERY_MS = 30_000;
const LOOK_EVERY_MS = 3_000;
/**
 * The least time between two steps a look takes. Some writes make every reader count everything (an inspection
 * round started, a liaison group's weekly report): a stream of them would otherwise keep the worker counting
 * back to back (≈ 1 s of its CPU, and ≈ 0.1 s of the main thread's, per large tree each time).
 */
const LOOK_GAP_MS = 15_000;

export function keepLiveFiguresWarm(
  db: Executor,
  clock: Clock,
  options: { everyMs?: number; lookEveryMs?: number; lookGapMs?: number; largeFrom?: number; onError?: (err: unknown) => void } = {},
): FiguresWarmer {
  let running: Promise<void> | null = null;
  let stopped = false;
  /** Where the last step that succeeded began: what its figures rest on at most. */
  let base: LiveFiguresMark | null = null;
  let looking: Promise<boolean> | null = null;
  let lookedAt = Number.NEGATIVE_INFINITY;
  const step = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= (async () => {
      const now = clock.now();
      const mark = await markLiveFigures(db, now);
      await warmLiveFigures(db, now, {
        largeFrom: options.largeFrom,
        onFallback: (err) =>
          options.onError?.(new Error(`一周一统计 counted on the main thread: ${err instanceof Error ? err.message : String(err)}`)),
      });
      base = mark;
    })()
      .catch((err: unknown) => options.onError?.(err))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const lookOnce = async (): Promise<boolean> => {
    const now = clock.now();
    if (stopped || !base || now.getTime() - lookedAt < (options.lookGapMs ?? LOOK_GAP_MS)) return false;
    if (!(await needsWholeCountSince(db, now, base, { largeFrom: options.largeFrom }))) return false;
    lookedAt = now.getTime();
    // A step under way may have read the record before the change: this one comes after it.
    if (running) await running;
    await step();
    return true;
  };
  /** A look that failed (the database away): told once, not every few seconds. */
  let lookFailing = false;
  const look = (): Promise<boolean> => {
    looking ??= lookOnce()
      .then((stepped) => {
        lookFailing = false;
        return stepped;
      })
      .catch((err: unknown) => {
        if (!lookFailing) options.onError?.(err);
        lookFailing = true;
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
