/**
 * First load on a cheap phone: `npm run bench:web`.
 *
 * Builds the web app into a folder of its own (.tmp/bench-web/dist, so that another
 * engineer's build of dist/web cannot change the files under a measurement) when it
 * is missing or older than its sources, starts the real server the way the browser
 * journeys do (fresh DATA_DIR, DEMO=1, a free port; bench/web-server.ts), and drives
 * Debian's Chromium with Chromium's "Fast 3G" network
 * preset and a 4× CPU slowdown (the DevTools / Lighthouse cheap-phone profile),
 * each run in a fresh browser context (cold HTTP cache, no open connections).
 *
 * Per page it prints the time until the page is usable, the requests made until
 * then and the bytes they moved: everything on the wire (headers included), the
 * JavaScript on the wire (compressed, as served) and the same JavaScript decoded.
 *
 *   login             /login, cold: until the username, password and submit are visible and enabled (the form the
 *                     server writes into the page, before the app's code); "the app's own page": until the app has
 *                     taken that form over (its code loaded and run), bytes counted until then
 *   /dashboard signed out → login form
 *                     a bookmark opened by a browser that is not signed in, until the login form is usable
 *   sign-in → village from the login page's submit (its code cached) until the village dashboard's figures show
 *   village, cold     /dashboard as `secretary` coming back: signed in earlier in this browser (its cookies),
 *                     nothing cached; until the village's figures show (village-overdue)
 *   district, cold    the same as `officer`: until the KPIs show (kpi-total); "charts" is until the trend
 *                     chart has drawn its canvas
 *
 * Timings come from the page's own clock (performance.now(), polled every
 * animation frame), so the bench's own round trips do not count. Figures are
 * printed, never asserted; docs/PERFORMANCE.md ("First load on a cheap phone")
 * records them.
 *
 * Environment:
 *   BENCH_RUNS=3     runs of each page; the median is printed (the machine is shared, timings are noisy)
 *   BENCH_BUILD=1    rebuild the web app even when it looks current
 *   BENCH_NETWORK=weak  a weaker line than Fast 3G: 1.5 s a round trip, 50 KB/s down (the aims are Fast 3G's)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { load, machine } from './measure.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const WEB_DIR = path.join(ROOT, '.tmp', 'bench-web', 'dist');
const DATA_DIR = path.join(ROOT, '.tmp', 'bench-web', 'data');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const PASSWORD = 'demo-pass-2016';

/** Chromium DevTools' "Fast 3G" preset, exactly as DevTools defines it. */
const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9,
  uploadThroughput: ((750 * 1024) / 8) * 0.9,
  connectionType: 'cellular3g',
} as const;
/**
 * A weaker line than Fast 3G, as a village on the edge of coverage has it: 1.5 s a round trip, 50 KB/s down,
 * 25 KB/s up. Where Fast 3G's time goes mostly to the phone's CPU, here each round trip on the way to a page
 * counts (`BENCH_NETWORK=weak`).
 */
const WEAK = {
  offline: false,
  latency: 1500,
  downloadThroughput: 50 * 1024,
  uploadThroughput: 25 * 1024,
  connectionType: 'cellular2g',
} as const;
const NETWORK =
  process.env.BENCH_NETWORK === 'weak'
    ? { name: 'weak line (1.5 s round trip, 50 KB/s)', conditions: WEAK }
    : { name: 'Fast 3G', conditions: FAST_3G };
const CPU_SLOWDOWN = 4;
/** A mid-range Android phone's screen (Lighthouse's mobile emulation). */
const PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };

const log = (line = '') => console.log(line);

// ---------- build and server ----------

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The build is current when it is newer than the web app, the domain code it imports and the build config. */
function buildIfNeeded(): void {
  const index = path.join(WEB_DIR, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'src', 'web')),
    newestMtime(path.join(ROOT, 'src', 'domain')),
    statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs,
    statSync(path.join(ROOT, 'scripts', 'web-build.ts')).mtimeMs,
    statSync(path.join(ROOT, 'package-lock.json')).mtimeMs,
  );
  if (process.env.BENCH_BUILD !== '1' && existsSync(index) && statSync(index).mtimeMs >= sources) {
    log(`${path.relative(ROOT, WEB_DIR)} is current: not rebuilding (BENCH_BUILD=1 forces it)`);
    return;
  }
  log(`building the web app into ${path.relative(ROOT, WEB_DIR)} (vite build)…`);
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error', '--outDir', WEB_DIR, '--emptyOutDir'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<{ baseUrl: string; child: ChildProcess }> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  const port = await freePort();
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['bench/web-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR, DEMO: '1', PORT: String(port), LOG_LEVEL: 'warn', JOBS_ENABLED: '0', BENCH_WEB_DIR: WEB_DIR },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { baseUrl, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error('the server did not answer /api/health within 120 s');
}

// ---------- what the network moved ----------

interface Traffic {
  requests: number;
  /** Everything on the wire, headers included. */
  wireBytes: number;
  /** JavaScript on the wire (compressed when the server compressed it). */
  jsWireBytes: number;
  /** The same JavaScript, decoded. */
  jsBytes: number;
  jsFiles: number;
  /** content-encoding of the JavaScript seen (e.g. "gzip", "br", "identity"). */
  jsEncodings: Set<string>;
  /** cache-control of the JavaScript seen. */
  jsCacheControl: Set<string>;
}

/** Counts, through the page's own DevTools session, what each request moved. */
class TrafficMeter {
  private readonly js = new Map<string, { decoded: number; encoding: string; cacheControl: string }>();
  private readonly finished = new Map<string, number>();
  private readonly decoded = new Map<string, number>();
  private readonly started = new Set<string>();

  constructor(cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (e) => this.started.add(e.requestId));
    cdp.on('Network.responseReceived', (e) => {
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      if (e.type === 'Script' || /javascript/.test(e.response.mimeType)) {
        this.js.set(e.requestId, {
          decoded: 0,
          encoding: headers['content-encoding'] ?? 'identity',
          cacheControl: headers['cache-control'] ?? '(none)',
        });
      }
    });
    cdp.on('Network.dataReceived', (e) => this.decoded.set(e.requestId, (this.decoded.get(e.requestId) ?? 0) + e.dataLength));
    cdp.on('Network.loadingFinished', (e) => this.finished.set(e.requestId, e.encodedDataLength));
  }

  /** What has been moved so far; `since` leaves out what an earlier snapshot already counted. */
  snapshot(since?: Set<string>): Traffic & { ids: Set<string> } {
    const t: Traffic & { ids: Set<string> } = {
      requests: 0,
      wireBytes: 0,
      jsWireBytes: 0,
      jsBytes: 0,
      jsFiles: 0,
      jsEncodings: new Set(),
      jsCacheControl: new Set(),
      ids: new Set(this.started),
    };
    for (const id of this.started) {
      if (since?.has(id)) continue;
      t.requests++;
      const wire = this.finished.get(id) ?? 0;
      t.wireBytes += wire;
      const js = this.js.get(id);
      if (js) {
        t.jsFiles++;
        t.jsWireBytes += wire;
        t.jsBytes += this.decoded.get(id) ?? 0;
        t.jsEncodings.add(js.encoding);
        t.jsCacheControl.add(js.cacheControl);
      }
    }
    return t;
  }
}

// ---------- one page load ----------

interface Result {
  usableMs: number;
  /** District only: until the trend chart has drawn. */
  chartsMs?: number;
  traffic: Traffic;
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

async function throttledPage(
  browser: Browser,
  baseUrl: string,
  storageState?: StorageState,
): Promise<{ context: BrowserContext; page: Page; meter: TrafficMeter }> {
  const context = await browser.newContext({ ...PHONE, baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', storageState });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const meter = new TrafficMeter(cdp);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK.conditions);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  // The moment the sign-in button is pressed, on the page's clock.
  await page.addInitScript(() => {
    document.addEventListener(
      'click',
      (e) => {
        const target = e.target as Element | null;
        if (target?.closest('[data-testid="login-submit"]')) (window as unknown as { __submitAt: number }).__submitAt = performance.now();
      },
      true,
    );
  });
  return { context, page, meter };
}

/**
 * Signs in through the login page in a browser context of its own, unthrottled, and hands back its cookies
 * and storage: what a returning user's browser holds, without the cached files.
 */
async function signedInState(browser: Browser, baseUrl: string, username: string): Promise<StorageState> {
  const context = await browser.newContext({ ...PHONE, baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('header-user').waitFor({ timeout: 60_000 });
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/** Resolves with performance.now() of the first animation frame at which every selector is visible and enabled. */
async function usableAt(page: Page, selectors: string[], timeoutMs = 120_000): Promise<number> {
  const handle = await page.waitForFunction(
    (sels: string[]) => {
      const ready = sels.every((s) => {
        const el = document.querySelector(s);
        if (!el || !(el as HTMLElement).checkVisibility?.()) return false;
        const rect = el.getBoundingClientRect();
        return rect.width > 0 && rect.height > 0 && !(el as HTMLInputElement).disabled;
      });
      return ready ? performance.now() : false;
    },
    selectors,
    { polling: 'raf', timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

const LOGIN_READY = ['[data-testid="login-username"]', '[data-testid="login-password"]', '[data-testid="login-submit"]'];
const VILLAGE_READY = ['[data-testid="village-overdue"]'];
const DISTRICT_READY = ['[data-testid="kpi-total"]'];
const DISTRICT_CHARTS = ['[data-testid="chart-trend"] canvas'];

/** login cold, then signing in as the secretary from that page until the village dashboard shows. */
async function loginThenVillage(browser: Browser, baseUrl: string): Promise<{ login: Result; loginApp: Result; signIn: Result }> {
  const { context, page, meter } = await throttledPage(browser, baseUrl);
  try {
    await page.goto('/login', { waitUntil: 'commit' });
    const loginMs = await usableAt(page, LOGIN_READY);
    // The form the server writes into the page is usable before the app's code; the sign-in below starts from the
    // app's own page (its code cached, as the figure has always been), and the bytes are counted until then.
    const appMs = await usableAt(page, [...LOGIN_READY, 'form:not([data-static-login])']);
    const atLogin = meter.snapshot();
    await page.getByTestId('login-username').fill('secretary');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    const villageMs = await usableAt(page, VILLAGE_READY);
    const submitAt = await page.evaluate(() => (window as unknown as { __submitAt?: number }).__submitAt ?? Number.NaN);
    return {
      login: { usableMs: loginMs, traffic: atLogin },
      loginApp: { usableMs: appMs, traffic: atLogin },
      signIn: { usableMs: villageMs - submitAt, traffic: meter.snapshot(atLogin.ids) },
    };
  } finally {
    await context.close();
  }
}

/** A bookmark opened by a browser that is not signed in (a secretary's session ends by the next morning). */
async function bookmarkSignedOut(browser: Browser, baseUrl: string): Promise<Result> {
  const { context, page, meter } = await throttledPage(browser, baseUrl);
  try {
    await page.goto('/dashboard', { waitUntil: 'commit' });
    const usableMs = await usableAt(page, LOGIN_READY);
    return { usableMs, traffic: meter.snapshot() };
  } finally {
    await context.close();
  }
}

async function dashboardCold(browser: Browser, baseUrl: string, username: string, ready: string[], charts?: string[]): Promise<Result> {
  const { context, page, meter } = await throttledPage(browser, baseUrl, await signedInState(browser, baseUrl, username));
  try {
    await page.goto('/dashboard', { waitUntil: 'commit' });
    const usableMs = await usableAt(page, ready);
    const traffic = meter.snapshot();
    const chartsMs = charts ? await usableAt(page, charts) : undefined;
    return { usableMs, chartsMs, traffic };
  } finally {
    await context.close();
  }
}

// ---------- report ----------

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function row(name: string, target: string, results: Result[]): string {
  // The run with the median time stands for the bytes; bytes barely vary between runs.
  const byTime = [...results].sort((a, b) => a.usableMs - b.usableMs);
  const mid = byTime[Math.floor((byTime.length - 1) / 2)]!;
  const usable = median(results.map((r) => r.usableMs));
  const charts = results.every((r) => r.chartsMs !== undefined) ? sec(median(results.map((r) => r.chartsMs!))) : '';
  const t = mid.traffic;
  const cells = [
    name,
    sec(usable),
    results.map((r) => (r.usableMs / 1000).toFixed(1)).join(' / '),
    charts,
    String(t.requests),
    kb(t.wireBytes),
    `${kb(t.jsWireBytes)} (${t.jsFiles})`,
    kb(t.jsBytes),
    target,
  ];
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  log(`# bench:web: first load on a cheap phone (${NETWORK.name}, ${CPU_SLOWDOWN}× CPU slowdown), ${RUNS} runs each, median`);
  log(machine());
  buildIfNeeded();
  const { baseUrl, child } = await startServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const results = {
    login: [] as Result[],
    loginApp: [] as Result[],
    bookmark: [] as Result[],
    signIn: [] as Result[],
    village: [] as Result[],
    district: [] as Result[],
  };
  try {
    log(`server ${baseUrl} · ${load()} before`);
    // Runs are interleaved so that a burst of other work on the machine spreads over every page.
    for (let run = 1; run <= RUNS; run++) {
      const first = await loginThenVillage(browser, baseUrl);
      results.login.push(first.login);
      results.loginApp.push(first.loginApp);
      results.signIn.push(first.signIn);
      results.bookmark.push(await bookmarkSignedOut(browser, baseUrl));
      results.village.push(await dashboardCold(browser, baseUrl, 'secretary', VILLAGE_READY));
      results.district.push(await dashboardCold(browser, baseUrl, 'officer', DISTRICT_READY, DISTRICT_CHARTS));
      log(
        `run ${run}: login ${sec(first.login.usableMs)} (the app's ${sec(first.loginApp.usableMs)}) · bookmark signed out ${sec(results.bookmark.at(-1)!.usableMs)} · sign-in → village ${sec(first.signIn.usableMs)} · ` +
          `village ${sec(results.village.at(-1)!.usableMs)} · district ${sec(results.district.at(-1)!.usableMs)} · ${load()}`,
      );
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }

  const login = results.login[0]!.traffic;
  log();
  log(
    `JavaScript served with content-encoding ${[...login.jsEncodings].join(', ')}; cache-control ${[...login.jsCacheControl].join(', ')}`,
  );
  log();
  const head = [
    'page',
    'usable (median)',
    'runs, s',
    'charts drawn',
    'requests',
    'on the wire',
    'JS on the wire (files)',
    'JS decoded',
    'aim',
  ];
  log(`| ${head.join(' | ')} |`);
  log(`| ${head.map((_, i) => (i === 0 || i === head.length - 1 ? '---' : '---:')).join(' | ')} |`);
  log(row('login, cold', 'usable ≤ 3 s', results.login));
  log(row("login, cold: the app's own page", '≤ 150 KB JS compressed', results.loginApp));
  log(row('/dashboard signed out → login form', '', results.bookmark));
  log(row('sign-in → village dashboard', '', results.signIn));
  log(row('village dashboard, cold', 'usable ≤ 5 s', results.village));
  log(row('district dashboard, cold', '', results.district));
  log();
  log(
    `(bytes and requests: until the page was usable, the login page's until the app's own page; "sign-in → village" counts only what came after it)`,
  );
  log(load());
}

await main();
