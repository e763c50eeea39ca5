#!/usr/bin/env node
// The whole suite, in order: typecheck, lint, unit + API tests on SQLite, the
// same API tests on a throwaway PostgreSQL, the web build, and the browser
// journeys in Debian's Chromium. Ends with one line "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tmp = path.join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const only = process.env.TEST_ONLY?.split(',').filter(Boolean); // e.g. TEST_ONLY=unit,pg

let passed = 0;
let failed = 0;
const summary = [];

function run(label, command, args, env = {}) {
  console.log(`\n━━ ${label} ━━  ${command} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: r.status === 0, seconds };
}

function record(label, p, f, seconds, note = '') {
  passed += p;
  failed += f;
  summary.push(
    `  ${label.padEnd(28)} ${String(p).padStart(4)} passed ${String(f).padStart(3)} failed  ${seconds}s${note ? `  ${note}` : ''}`,
  );
}

/**
 * Steps that are one check each and need nothing from one another (tsc, eslint, prettier, the web build), in lanes
 * that run at the same time, each lane's steps one after another. ESLint (type-aware) is the longest and mostly
 * single-threaded: in a lane of its own beside tsc → vite → prettier it keeps a core the whole time, where the four
 * started together stretched it to the phase's end (120 s against 135 s here). Each step's output is printed whole
 * when it ends, so logs do not interleave.
 */
function runCheck([key, label, command, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    const end = (ok, extra = '') => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`\n━━ ${label} ━━  ${command} ${args.join(' ')}  (${seconds}s, beside the other lane)`);
      process.stdout.write(Buffer.concat(chunks));
      if (extra) console.log(extra);
      resolve({ key, label, ok, seconds });
    };
    child.on('error', (e) => end(false, String(e)));
    child.on('close', (code) => end(code === 0));
  });
}

async function checksInLanes(lanes) {
  const lane = async (steps) => {
    const done = [];
    for (const step of steps.filter(([key]) => !only || only.includes(key))) done.push(await runCheck(step));
    return done;
  };
  const results = (await Promise.all(lanes.map(lane))).flat();
  for (const r of results) record(r.label, r.ok ? 1 : 0, r.ok ? 0 : 1, r.seconds);
  return new Map(results.map((r) => [r.key, r.ok]));
}

/** A step that is one check: it passes or fails as a whole. */
function check(key, label, command, args, env) {
  if (only && !only.includes(key)) return true;
  const r = run(label, command, args, env);
  record(label, r.ok ? 1 : 0, r.ok ? 0 : 1, r.seconds);
  return r.ok;
}

function vitest(key, label, wrapper, filters = [], env = {}) {
  if (only && !only.includes(key)) return;
  const out = path.join(tmp, `vitest-${key}.json`);
  rmSync(out, { force: true });
  const args = ['run', ...filters, '--reporter=default', '--reporter=json', `--outputFile=${out}`];
  const r = wrapper ? run(label, wrapper, [bin('vitest'), ...args], env) : run(label, bin('vitest'), args, env);
  if (!existsSync(out)) return record(label, 0, 1, r.seconds, '(no report: the runner itself failed)');
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const failedSuites = report.numFailedTestSuites ?? 0;
  const silentFailure = report.numFailedTests === 0 && !r.ok;
  record(
    label,
    report.numPassedTests,
    report.numFailedTests + (silentFailure ? Math.max(1, failedSuites) : 0),
    r.seconds,
    silentFailure ? '(the runner exited non-zero without a failed test: look for an unhandled error above)' : '',
  );
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return true;
  if (process.getuid?.() !== 0) {
    console.error('Chromium is missing: run `apt-get install -y chromium` as root.');
    return false;
  }
  console.log('\n━━ installing Debian chromium (apt-get) ━━');
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return update.status === 0 && install.status === 0 && existsSync('/usr/bin/chromium');
}

/** `built`: whether the web build, run with the other checks, passed (undefined: not run yet). */
function e2e(built) {
  if (only && !only.includes('e2e')) return;
  if (built === false) return;
  if (built === undefined && !check('e2e', 'web build (vite)', bin('vite'), ['build', '--logLevel', 'warn'])) return;
  if (!ensureChromium()) return record('browser journeys', 0, 1, '0', '(no chromium)');
  const out = path.join(tmp, 'playwright.json');
  rmSync(out, { force: true });
  const r = run('browser journeys (Chromium)', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  if (!existsSync(out)) return record('browser journeys', 0, 1, r.seconds, '(no report)');
  const stats = JSON.parse(readFileSync(out, 'utf8')).stats ?? {};
  const f = (stats.unexpected ?? 0) + (stats.flaky ?? 0);
  record('browser journeys', stats.expected ?? 0, f === 0 && !r.ok ? 1 : f, r.seconds);
}

/**
 * Node 24 LTS, installed from the npm registry (the `node` package at major 24)
 * into .tmp/node24 and reused while it is there. No native module needs a
 * rebuild for it: on Node-API 10 the server loads better-sqlite3 13 (Node-API,
 * prebuilt; src/server/db/sqlite-driver.ts), and argon2, esbuild and rollup
 * ship Node-API or standalone binaries. Returns the binary, or null.
 */
function installNode24() {
  const dir = path.join(tmp, 'node24');
  const binary = path.join(dir, 'node_modules', 'node', 'bin', 'node');
  const version = () => spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  if (existsSync(binary) && version().startsWith('v24.')) return binary;
  console.log('\n━━ installing Node 24 from the npm registry ━━');
  mkdirSync(dir, { recursive: true });
  // npm 11 runs a dependency's install script only when allowed: the `node` package's places the binary.
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'taizhang-node24', private: true, allowScripts: { node: true } }));
  const r = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'node@24'], {
    cwd: dir,
    stdio: 'inherit',
  });
  return r.status === 0 && existsSync(binary) && version().startsWith('v24.') ? binary : null;
}

/**
 * SQLite API tests again on Node 24: the product must run there as on the
 * machine's Node 20. A slice that exercises the native driver end to end
 * (the driver and its pragmas, migrations, the demo seed, the CLI, sign-in,
 * the ledger's writes and reads, evidence, the audit chain, the assessment
 * worker thread): the whole suite
 * on Node 24 takes about 11 minutes here and would take the CI run past its
 * 20-minute budget. NODE24_ALL=1 runs everything.
 */
const NODE24_SLICE = [
  'src/server/db',
  'src/server/cli.test.ts',
  'src/server/demo',
  'src/server/modules/sessions',
  'src/server/modules/problems',
  'src/server/modules/measures',
  'src/server/modules/evidence',
  'src/server/modules/audit',
  // sharp's own native binary (the portal's public copies of photos).
  'src/server/modules/portal/public-images.test.ts',
  // The assessment worker thread (tsx registered inside a worker: module.register).
  'src/server/modules/rankings/assessment-cache.test.ts',
];

function node24() {
  if (only && !only.includes('node24')) return;
  const binary = installNode24();
  if (!binary) return record('unit + API, Node 24', 0, 1, '0', '(Node 24 could not be installed)');
  // Its folder first on PATH: vitest's workers, tsx and every child process the tests start run on Node 24 too.
  const env = { PATH: `${path.dirname(binary)}${path.delimiter}${process.env.PATH ?? ''}` };
  const out = path.join(tmp, 'vitest-node24.json');
  rmSync(out, { force: true });
  const label = `SQLite API slice, ${spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim()}`;
  const r = run(
    label,
    binary,
    [
      path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      ...(process.env.NODE24_ALL === '1' ? [] : NODE24_SLICE),
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${out}`,
    ],
    env,
  );
  if (!existsSync(out)) return record(label, 0, 1, r.seconds, '(no report: the runner itself failed)');
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const silentFailure = report.numFailedTests === 0 && !r.ok;
  record(
    label,
    report.numPassedTests,
    report.numFailedTests + (silentFailure ? 1 : 0),
    r.seconds,
    silentFailure ? '(the runner exited non-zero without a failed test)' : '',
  );
}

const statics = await checksInLanes([
  [['lint', 'lint (eslint)', bin('eslint'), ['.']]],
  [
    ['typecheck', 'typecheck (tsc)', bin('tsc'), ['--noEmit', '-p', '.']],
    // The browser journeys' build (the e2e key): done here, beside the checks, so the journeys start on it.
    ['e2e', 'web build (vite)', bin('vite'), ['build', '--logLevel', 'warn']],
    ['format', 'format (prettier --check)', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ],
]);
vitest('unit', 'unit + API on SQLite');
// Only the server's tests touch the database; pure domain and web tests ran above.
vitest('pg', 'API on PostgreSQL 15', path.join(root, 'scripts', 'with-postgres.sh'), ['src/server']);
e2e(statics.get('e2e'));
node24();

console.log('\n━━ summary ━━');
console.log(summary.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
