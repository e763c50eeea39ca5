/**
 * The floor under a transition at province scale: `npm run bench:floor` (issue 14, SQLite).
 *
 * The aim is ≥ 1,000 transitions a second from one client. This bench asks how much of a
 * transition's time is the database's own work, which no change to the app's code can
 * remove. It runs `start` transitions through the real app (`app.inject`, as bench:ledger
 * does) on a copy of the province file while recording every statement the driver runs
 * (its SQL and its parameters), then replays exactly those statements, in the same order,
 * on a second copy of the same file through better-sqlite3 alone: no HTTP, no Kysely, no
 * app code, statements prepared once. Both sides have the server's settings (WAL, the
 * 128 MiB page cache, the checkpointer thread). It prints the CPU per transition of each
 * and splits the replay into its parts: the session lookup before the transaction, the
 * writes (BEGIN to the last write), COMMIT, and the answer's reads (the problem's detail,
 * read after COMMIT since e6f90d4). It also runs the app with the short answer (`Prefer: return=minimal`), and
 * the fixed stack's floor (throughTheStack): the same statements through Fastify, the zod contracts and Kysely with
 * none of the app's code, so that what a transition costs splits into the database's work, the fixed stack's and
 * the app's own. Figures are printed, never asserted.
 *
 * Environment: BENCH_REUSE=1 reuses the province file (.tmp/bench/ledger.sqlite) when it
 * holds what bench:ledger built; BENCH_SCALE=0.1 a smaller province; BENCH_N=2000 the
 * measured transitions (default 2,000, after 200 unmeasured).
 */
import { copyFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { CompiledQuery } from 'kysely';
import { IdParamsSchema } from '../src/domain/contracts/common.ts';
import { ProblemWriteAnswerSchema, TransitionBodySchema } from '../src/domain/contracts/problems.ts';
import Sqlite from '../src/server/db/sqlite-driver.ts';
import { buildApp } from '../src/server/app.ts';
import { openDatabase, SQLITE_CACHE_KIB } from '../src/server/db/dialect.ts';
import { checkpointOffThread, WAL_BACKSTOP_PAGES } from '../src/server/db/wal-checkpointer.ts';
import { benchConfig, fmt, log, login, prepareDataset, SCALE, SQLITE_FILE, WORK_DIR } from './bench-app.ts';
import { calibrate, describeCalibration } from './calibration.ts';
import { provinceShape } from './ledger-dataset.ts';
import { load, machine } from './measure.ts';

const WARMUP = 200;
const N = Number(process.env.BENCH_N ?? 2000);

type Method = 'run' | 'all' | 'get' | 'iterate';
interface Call {
  sql: string;
  method: Method;
  args: unknown[];
}
/** Every statement the app ran, and where each transition's measured part began. */
const calls: Call[] = [];
let recording = false;

/** Wraps the driver's statement methods (they live on one prototype) to record each call. */
function recordStatements(): void {
  const probe = new Sqlite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<Method, (...a: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate'] as const) {
    const original = proto[method];
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      if (recording) calls.push({ sql: this.source, method, args: args.map((a) => (Array.isArray(a) ? [...(a as unknown[])] : a)) });
      return original.apply(this, args);
    };
  }
}

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

function copyProvince(name: string): string {
  const file = path.join(WORK_DIR, name);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  copyFileSync(SQLITE_FILE, file);
  return file;
}

async function throughTheApp(file: string, answer: 'detail' | 'minimal'): Promise<{ cpuUs: number; wallUs: number; marks: number[] }> {
  const target = { kind: 'sqlite' as const, file };
  // From the start: the replay needs the login's session row and every write before. The short answer's run
  // is not recorded (the replay and the stack's floor replay the whole answer's statements).
  recording = answer === 'detail';
  const db = openDatabase(target);
  const app = await buildApp({ db, config: benchConfig(target), logger: false });
  const checkpointer = await checkpointOffThread(db, file);
  try {
    await app.ready();
    const headers = await login(app);
    const open = await db.kysely
      .selectFrom('problems')
      .select(['id', 'version'])
      .where('status', '=', 'open')
      .orderBy('id')
      .limit(WARMUP + N)
      .execute();
    if (open.length < WARMUP + N) throw new Error(`only ${open.length} open problems: lower BENCH_N`);
    const start = async (i: number) => {
      const p = open[i]!;
      const res = await app.inject({
        method: 'POST',
        url: `/api/problems/${p.id}/transitions`,
        headers: answer === 'minimal' ? { ...headers, prefer: 'return=minimal' } : headers,
        payload: { action: 'start', version: p.version },
      });
      if (res.statusCode !== 200) throw new Error(`start ${p.id}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    };
    for (let i = 0; i < WARMUP; i++) await start(i);
    // Where each measured transition's statements begin, for the replay's split.
    const marks: number[] = [];
    const c0 = cpuMicros();
    const t0 = performance.now();
    for (let i = WARMUP; i < WARMUP + N; i++) {
      if (recording) marks.push(calls.length);
      await start(i);
    }
    const wallUs = (performance.now() - t0) * 1000;
    const cpuUs = cpuMicros() - c0;
    if (recording) marks.push(calls.length);
    return { cpuUs: cpuUs / N, wallUs: wallUs / N, marks };
  } finally {
    recording = false;
    await checkpointer?.stop();
    await app.close();
    await db.close();
  }
}

type Part = 'session' | 'writes' | 'answer' | 'commit';
const PARTS: Part[] = ['session', 'writes', 'commit', 'answer'];

/** The part of a transition each of its statements belongs to. */
function partsOf(slice: Call[]): Part[] {
  const begin = slice.findIndex((c) => /^begin/i.test(c.sql));
  const commit = slice.findIndex((c) => /^commit/i.test(c.sql));
  let lastWrite = begin;
  for (let i = begin + 1; i < commit; i++) if (!/^\s*select/i.test(slice[i]!.sql)) lastWrite = i;
  // The answer's reads: inside the transaction after its last write, or after COMMIT.
  return slice.map((_, i) => (i < begin ? 'session' : i <= lastWrite ? 'writes' : i === commit ? 'commit' : 'answer'));
}

async function replay(file: string, marks: number[]) {
  const raw = new Sqlite(file);
  // The server's settings (src/server/db/dialect.ts, wal-checkpointer.ts).
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
  raw.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  raw.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
  const handle = openDatabase({ kind: 'sqlite', file }); // only for the checkpointer thread's target
  const checkpointer = await checkpointOffThread(handle, file);
  const statements = new Map<string, ReturnType<typeof raw.prepare>>();
  const exec = (c: Call) => {
    let s = statements.get(c.sql);
    if (!s) statements.set(c.sql, (s = raw.prepare(c.sql)));
    const out = (s[c.method] as (...a: unknown[]) => unknown)(...c.args);
    if (c.method === 'iterate') for (const _ of out as Iterable<unknown>);
  };
  try {
    // Everything before the measured transitions (the login, the warm-up), untimed.
    // Pragmas are the connection's settings, set above.
    for (let i = 0; i < marks[0]!; i++) if (!/^\s*pragma/i.test(calls[i]!.sql)) exec(calls[i]!);
    const cpu: Record<Part, number> = { session: 0, writes: 0, answer: 0, commit: 0 };
    const count: Record<Part, number> = { session: 0, writes: 0, answer: 0, commit: 0 };
    const c0 = cpuMicros();
    const t0 = performance.now();
    for (let m = 0; m + 1 < marks.length; m++) {
      const slice = calls.slice(marks[m], marks[m + 1]);
      const parts = partsOf(slice);
      for (let i = 0; i < slice.length; i++) {
        const before = cpuMicros();
        exec(slice[i]!);
        cpu[parts[i]!] += cpuMicros() - before;
        count[parts[i]!]++;
      }
    }
    const wallUs = (performance.now() - t0) * 1000;
    const cpuUs = cpuMicros() - c0;
    return { cpuUs: cpuUs / N, wallUs: wallUs / N, cpu, count };
  } finally {
    await checkpointer?.stop();
    await handle.close();
    raw.close();
  }
}

/**
 * The fixed stack's floor: the same statements as the replay, minus the answer's reads, run through what the brief
 * fixes (Fastify 5 driven by `app.inject` as the app is, the zod contracts of a transition's body and answer,
 * Kysely's transaction on the project's SQLite driver) with none of the app's code: no session check, policy,
 * workflow, audit or chain hashing, no presenter. Each request replays one recorded transition's session
 * statements, then its writes in a Kysely transaction (Kysely issues BEGIN and COMMIT), and answers the short
 * answer's shape through the zod serializer. What the app costs above this is the app's own code.
 */
async function throughTheStack(file: string, marks: number[]) {
  const target = { kind: 'sqlite' as const, file };
  const db = openDatabase(target);
  const checkpointer = await checkpointOffThread(db, file);
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  let slice: Call[] = [];
  const run = (executor: { executeQuery: typeof db.kysely.executeQuery }, c: Call) =>
    executor.executeQuery(CompiledQuery.raw(c.sql, c.args.length === 1 && Array.isArray(c.args[0]) ? c.args[0] : c.args));
  app.post(
    '/api/problems/:id/transitions',
    { schema: { params: IdParamsSchema, body: TransitionBodySchema, response: { 200: ProblemWriteAnswerSchema } } },
    async (request) => {
      const parts = partsOf(slice);
      const begin = parts.indexOf('writes');
      for (let i = 0; i < begin; i++) await run(db.kysely, slice[i]!);
      await db.kysely.transaction().execute(async (trx) => {
        for (let i = begin + 1; i < parts.length; i++) if (parts[i] === 'writes') await run(trx, slice[i]!);
      });
      return {
        id: request.params.id,
        status: 'rectifying' as const,
        version: request.body.version + 1,
        updatedAt: new Date().toISOString(),
        allowedActions: ['submit' as const],
      };
    },
  );
  try {
    await app.ready();
    for (let i = 0; i < marks[0]!; i++) if (!/^\s*pragma/i.test(calls[i]!.sql)) await run(db.kysely, calls[i]!);
    const c0 = cpuMicros();
    const t0 = performance.now();
    for (let m = 0; m + 1 < marks.length; m++) {
      slice = calls.slice(marks[m], marks[m + 1]);
      const res = await app.inject({
        method: 'POST',
        url: `/api/problems/00000000-0000-4000-8000-${String(m).padStart(12, '0')}/transitions`,
        headers: { cookie: 'sid=stack-floor' },
        payload: { action: 'start', version: 1 },
      });
      if (res.statusCode !== 200) throw new Error(`stack floor: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    const wallUs = (performance.now() - t0) * 1000;
    return { cpuUs: (cpuMicros() - c0) / N, wallUs: wallUs / N };
  } finally {
    await app.close();
    await checkpointer?.stop();
    await db.close();
  }
}

log(machine());
log(`at start: ${load()}`);
const calibration = calibrate();
log(describeCalibration(calibration));
const prepared = await prepareDataset(null, provinceShape(SCALE), { sameIndexes: false });
log(
  `${prepared.reused ? 'reused' : 'built fresh'}: ${path.basename(SQLITE_FILE)}, ${fmt(Math.round(statSync(SQLITE_FILE).size / 2 ** 20))} MiB`,
);

recordStatements();
const appFile = copyProvince('floor-app.sqlite');
const replayFile = copyProvince('floor-replay.sqlite');
log(`\n${fmt(N)} start transitions through the app (after ${WARMUP} unmeasured)…`);
const viaApp = await throughTheApp(appFile, 'detail');
rmSync(appFile, { force: true });
const measured = viaApp.marks[viaApp.marks.length - 1]! - viaApp.marks[0]!;
log(
  `  ${fmt(Math.round(1e6 / viaApp.wallUs))}/s · wall ${viaApp.wallUs.toFixed(0)} µs · CPU ${viaApp.cpuUs.toFixed(0)} µs a transition · ${(measured / N).toFixed(1)} statements each`,
);
const shortFile = copyProvince('floor-short.sqlite');
log(`\nthe same through the app with the short answer (Prefer: return=minimal)…`);
const viaAppShort = await throughTheApp(shortFile, 'minimal');
for (const f of [shortFile, `${shortFile}-wal`, `${shortFile}-shm`]) rmSync(f, { force: true });
log(
  `  ${fmt(Math.round(1e6 / viaAppShort.wallUs))}/s · wall ${viaAppShort.wallUs.toFixed(0)} µs · CPU ${viaAppShort.cpuUs.toFixed(0)} µs a transition`,
);
const stackFile = copyProvince('floor-stack.sqlite');
log(`\nthe fixed stack alone (Fastify + app.inject, zod contracts, Kysely's transaction), the same statements without the answer's reads…`);
const viaStack = await throughTheStack(stackFile, viaApp.marks);
for (const f of [stackFile, `${stackFile}-wal`, `${stackFile}-shm`]) rmSync(f, { force: true });
log(
  `  ${fmt(Math.round(1e6 / viaStack.wallUs))}/s · wall ${viaStack.wallUs.toFixed(0)} µs · CPU ${viaStack.cpuUs.toFixed(0)} µs a transition`,
);
log(`\nthe same ${fmt(calls.length)} statements replayed through better-sqlite3 alone…`);
const bare = await replay(replayFile, viaApp.marks);
for (const f of [replayFile, `${replayFile}-wal`, `${replayFile}-shm`]) rmSync(f, { force: true });
log(`  ${fmt(Math.round(1e6 / bare.wallUs))}/s · wall ${bare.wallUs.toFixed(0)} µs · CPU ${bare.cpuUs.toFixed(0)} µs a transition`);
log('\n| part of a transition (replay)                 | statements | CPU µs | share of the app |');
log('| --------------------------------------------- | ---------: | -----: | ---------------: |');
const label: Record<Part, string> = {
  session: 'session and roles (before BEGIN)',
  writes: 'BEGIN … the last write (incl. triggers)',
  answer: "the answer's reads (the problem's detail)",
  commit: 'COMMIT (WAL append)',
};
for (const p of PARTS)
  log(
    `| ${label[p].padEnd(45)} | ${(bare.count[p] / N).toFixed(1).padStart(10)} | ${(bare.cpu[p] / N).toFixed(0).padStart(6)} | ${((100 * bare.cpu[p]) / N / viaApp.cpuUs).toFixed(0).padStart(15)}% |`,
  );
log(
  `\nthe driver alone: at most ${fmt(Math.round(1e6 / bare.cpuUs))} transitions/s on one core; without the answer's reads ${fmt(
    Math.round(1e6 / (bare.cpuUs - bare.cpu.answer / N)),
  )}/s; the app's own share (HTTP, Kysely, zod, our code): ${(viaApp.cpuUs - bare.cpuUs).toFixed(0)} µs a transition`,
);
const replayNoAnswer = bare.cpuUs - bare.cpu.answer / N;
log(
  `\nthe short answer: the app ${viaAppShort.cpuUs.toFixed(0)} µs a transition = the driver's work without the answer's reads ${replayNoAnswer.toFixed(0)} µs` +
    ` + the fixed stack's own cost ${(viaStack.cpuUs - replayNoAnswer).toFixed(0)} µs + the app's own code ${(viaAppShort.cpuUs - viaStack.cpuUs).toFixed(0)} µs;` +
    ` the fixed stack with nothing of the app's allows at most ${fmt(Math.round(1e6 / viaStack.cpuUs))} transitions/s on one core`,
);
log(`\n${machine()}\nat end: ${load()}\n${describeCalibration(calibration)}`);
