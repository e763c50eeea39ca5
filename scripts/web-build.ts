/**
 * Build helpers for the web app (vite.config.ts): how its code is cut into files, and the compressed copies
 * the server sends. Both serve one aim: a phone on a slow line (Fast 3G, a cheap CPU) gets a usable page
 * soon; bench/web.bench.ts measures it and docs/PERFORMANCE.md ("First load on a cheap phone") has the figures.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { GetModuleInfo } from 'rollup';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Writes a brotli (.br) and a gzip (.gz) copy next to every built text asset, once, at build time, so the
 * server sends them as they are (@fastify/static `preCompressed`) instead of compressing on every request.
 * index.html is left alone: the server answers it itself (no-cache) and it is under 1 KB.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'taizhang:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => /\.(js|mjs|css|svg|json|wasm)$/.test(f));
      for (const file of files) {
        const full = path.join(outDir, file);
        const raw = await readFile(full);
        if (raw.length < 1024) continue; // a compressed copy would save less than a packet
        const [br, gz] = await Promise.all([
          brotli(raw, {
            params: {
              [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
              [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          }),
          gzipAsync(raw, { level: 9 }),
        ]);
        if (br.length < raw.length) await writeFile(`${full}.br`, br);
        if (gz.length < raw.length) await writeFile(`${full}.gz`, gz);
      }
    },
  };
}

/**
 * Writes the login page's HTML (`render`: LoginView rendered to static markup) beside index.html, as
 * STATIC_LOGIN_FILE: the server puts it into the page it sends for /login, so that a phone on a slow line shows
 * the form when the page and its styles have arrived, before the app's code.
 */
export function staticLoginPage(fileName: string, render: () => Promise<string>): Plugin {
  return {
    name: 'taizhang-static-login-page',
    apply: 'build',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName, source: await render() });
    },
  };
}

/**
 * A cycle in the chunks' static imports, as file names (`a.js → b.js → a.js`), or null. Two chunks that import each
 * other start in an order that depends on which one the page asks for first, so a class one of them defines can be
 * used before it exists: the built app then failed at start-up for every user ("Keyframe is not a constructor" in
 * `common`, when a dynamic import added to the entry made Rollup have `shell` import `common` for execution order).
 */
export function chunkImportCycle(imports: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null;
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file];
    state.set(file, 'open');
    path.push(file);
    for (const next of imports.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of [...imports.keys()].sort()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

/** Fails the build when chunks import each other (see chunkImportCycle), naming them, instead of a blank app. */
export function noChunkImportCycles(): Plugin {
  return {
    name: 'taizhang:no-chunk-import-cycles',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const cycle = chunkImportCycle(new Map(chunks.map((c) => [c.fileName, c.imports])));
      if (cycle) {
        this.error(
          `chunks import each other: ${cycle.join(' → ')}. The app would fail at start-up in an order-dependent way; ` +
            'look at what made one of them import the other (webChunks in scripts/web-build.ts, a new dynamic import).',
        );
      }
    },
  };
}

/** Lazily loaded modules that index.html names, so that a first load asks for them with the entry. */
export interface EntryPreloads {
  /** Asked for on every first load (`<link rel="modulepreload">`): the login page, a few KB. */
  always: string[];
  /**
   * Named in `<meta name="taizhang-preload-signed-in">`; the server turns them into modulepreload links when
   * the browser says it holds a session (registerWeb in src/server/app.ts): the shell and the landing page.
   */
  signedIn: string[];
}

/**
 * On a slow line a lazily loaded module costs a round trip after the entry has arrived and run; named in
 * index.html it arrives together with the entry instead.
 */
export function preloadWithEntry(preloads: EntryPreloads): Plugin {
  let base = '/';
  return {
    name: 'taizhang:preload-with-entry',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const filesOf = (modules: string[]) => {
          const files = new Set<string>();
          for (const m of modules) {
            const chunk = chunks.find((c) => c.moduleIds.includes(m));
            if (!chunk) throw new Error(`preloadWithEntry: no chunk holds ${m}`);
            files.add(chunk.fileName);
          }
          return [...files].filter((f) => !html.includes(f)).map((f) => `${base}${f}`);
        };
        return [
          ...filesOf(preloads.always).map((href) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href },
            injectTo: 'head' as const,
          })),
          {
            tag: 'meta',
            attrs: { name: 'taizhang-preload-signed-in', content: filesOf(preloads.signedIn).join(' ') },
            injectTo: 'head' as const,
          },
        ];
      },
    },
  };
}

export interface ChunkPlan {
  /** The app's entry module (index.html, which loads main.tsx): whatever it imports stays in the entry chunk. */
  entry: string;
  /** Pages outside the signed-in layout (the login page): nothing they import may go into the shell. */
  outside: string[];
  /** What the first page after sign-in needs: antd's theme, the layout, the in-layout error page, the landing page. */
  shell: string[];
  /** Code outside the shell that at least this share of the signed-in pages imports becomes one `common` chunk. */
  commonShare: number;
}

const REACT = /node_modules\/(react|react-dom|scheduler|react-router)\//;
// The bundler's own helpers: every other chunk imports the react chunk anyway.
const HELPERS = /^\0(commonjsHelpers\.js|vite\/preload-helper|vite\/modulepreload-polyfill)/;

/**
 * `manualChunks` for the web app. On a slow line every request costs a round trip of more than half a second,
 * so the first page after sign-in should cost a few requests, not the dozens of small shared chunks Rollup
 * cuts by default; yet the login page must not wait for antd. So:
 * - `react`: React and the router (they change least often, so the chunk stays cached across releases);
 * - `index`: the entry (main.tsx and what it imports: the router, TanStack Query, the dictionary);
 * - the login page's own code;
 * - `shell`: everything the signed-in shell and the landing page (the dashboard) import, antd's share included;
 * - `common`: what most other pages share (antd's tables, forms, selects, tabs…), one file on the first visit
 *   to any of them;
 * - the rest as Rollup would cut it: one chunk per lazily loaded module (each page, ECharts, the English
 *   dictionary) and one per set of them sharing code.
 * Every module gets a name: Rollup moves whatever a named chunk imports into that chunk unless it is named
 * elsewhere, even what reaches it only through antd's index (`import { Button } from 'antd'`).
 */
export function webChunks(plan: ChunkPlan): (id: string, api: { getModuleInfo: GetModuleInfo }) => string | undefined {
  let chunks: Map<string, string> | undefined;
  return (id, { getModuleInfo }) => {
    chunks ??= planChunks(plan, getModuleInfo);
    return chunks.get(id);
  };
}

function planChunks(plan: ChunkPlan, getModuleInfo: GetModuleInfo): Map<string, string> {
  const reach = moduleReach(getModuleInfo);
  const chunks = new Map<string, string>();
  const name = (ids: Iterable<string>, chunk: string) => {
    for (const id of ids) if (!chunks.has(id) && getModuleInfo(id)?.isIncluded) chunks.set(id, chunk);
  };
  const all = allModuleIds(getModuleInfo, plan);
  // Lazily loaded modules: pages, the English dictionary, ECharts…
  const lazy = [...all].filter((id) => (getModuleInfo(id)?.dynamicImporters.length ?? 0) > 0);
  const pages = lazy.filter((id) => id.includes('/src/web/pages/') && !plan.outside.includes(id) && !plan.shell.includes(id));

  name(reach([...all].filter((id) => REACT.test(id) || HELPERS.test(id))), 'react');
  name(reach([plan.entry]), 'index');
  // What the login page shares with the signed-in pages is small (a helper or two): it goes with the entry.
  const signedIn = reach([...plan.shell, ...pages]);
  for (const page of plan.outside) {
    const own = [...reach([page])];
    name(
      own.filter((id) => signedIn.has(id)),
      'index',
    );
    name(own, chunkName(page));
  }
  name(reach(plan.shell), 'shell');

  const usedBy = new Map<string, string[]>();
  for (const root of lazy) {
    for (const id of reach([root])) if (!chunks.has(id)) usedBy.set(id, [...(usedBy.get(id) ?? []), root]);
  }
  const pageSet = new Set(pages);
  for (const [id, roots] of usedBy) {
    if (roots.filter((r) => pageSet.has(r)).length >= plan.commonShare * pages.length) name([id], 'common');
  }
  for (const [id, roots] of usedBy) {
    const sorted = [...roots].sort();
    name(
      [id],
      sorted.length === 1 ? chunkName(sorted[0]!) : `shared-${createHash('sha1').update(sorted.join('\n')).digest('hex').slice(0, 6)}`,
    );
  }
  if (process.env.DEBUG_NAMED) for (const id of all) if (getModuleInfo(id)?.isIncluded && !chunks.has(id)) console.log('UNNAMED', id);
  return chunks;
}

/** "LedgerPage" for …/pages/ledger/LedgerPage.tsx. */
const chunkName = (id: string) => path.basename(id).replace(/\.[^.]+$/, '');

/** Every module Rollup knows, found from the entry through static and dynamic imports. */
function allModuleIds(getModuleInfo: GetModuleInfo, plan: ChunkPlan): Set<string> {
  const seen = new Set<string>();
  const todo = [plan.entry];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const info = getModuleInfo(id);
    if (info) todo.push(...info.importedIds, ...info.dynamicallyImportedIds);
  }
  return seen;
}

/**
 * What a set of modules imports, directly or through others, without following dynamic imports. An import
 * from a module Rollup dropped whole (an index that only re-exports: `import { Button } from 'antd'`,
 * `@ant-design/icons`, antd's own `_util/hooks`) counts as an import of the modules the imported names come
 * from, not of everything that index re-exports: following those would make every module of antd look needed.
 */
function moduleReach(getModuleInfo: GetModuleInfo): (roots: Iterable<string>) => Set<string> {
  const reExportsOf = new Map<string, Map<string, string[]>>();
  const reExports = (id: string) => {
    let map = reExportsOf.get(id);
    if (!map) reExportsOf.set(id, (map = parseReExports(id, getModuleInfo)));
    return map;
  };
  const importsOf = (id: string): string[] => {
    const info = getModuleInfo(id);
    if (!info) return [];
    const statements = importStatements(info.code ?? '');
    return info.importedIds.flatMap((dep) => {
      if (getModuleInfo(dep)?.isIncluded !== false) return [dep];
      const targets = reExports(dep);
      const names = statements.filter((st) => resolvesTo(id, st.from, dep)).flatMap((st) => st.names);
      return names.includes('*') ? [...targets.values()].flat() : names.flatMap((name) => targets.get(name) ?? []);
    });
  };
  return (roots) => {
    const seen = new Set<string>();
    const todo = [...roots];
    for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
      if (seen.has(id)) continue;
      seen.add(id);
      todo.push(...importsOf(id));
    }
    return seen;
  };
}

/** The import and re-export statements of a module: where from, and which names (`default`, `*` for all). */
function importStatements(code: string): { kind: 'import' | 'export'; from: string; names: string[]; exported: string[] }[] {
  const out: { kind: 'import' | 'export'; from: string; names: string[]; exported: string[] }[] = [];
  for (const m of code.matchAll(/(?:^|[\n;])\s*(import|export)\s*([^'";]*?)\s*from\s*["']([^"']+)["']/g)) {
    const kind = m[1] === 'export' ? 'export' : 'import';
    const clause = (m[2] ?? '').trim();
    const names: string[] = [];
    const exported: string[] = [];
    const braces = /\{([^}]*)\}/.exec(clause)?.[1];
    for (const part of braces?.split(',') ?? []) {
      const [local, alias] = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      if (!local) continue;
      names.push(local);
      exported.push(alias ?? local);
    }
    if (clause.startsWith('*')) names.push('*');
    const defaultLocal = kind === 'import' ? /^([\w$]+)\s*(,|$)/.exec(clause)?.[1] : undefined;
    if (defaultLocal) {
      names.push('default');
      exported.push(defaultLocal);
    }
    out.push({ kind, from: m[3] ?? '', names, exported });
  }
  return out;
}

/** Whether `specifier`, written in module `importer`, names module `target` (a file, or a package's index). */
function resolvesTo(importer: string, specifier: string, target: string): boolean {
  if (!specifier.startsWith('.')) {
    const m = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(target);
    return m !== null && (specifier === m[1] || `${m[1]}/${m[2]!.replace(/(\/index)?\.m?js$/, '')}` === specifier);
  }
  const base = path.resolve(path.dirname(importer), specifier);
  return [base, `${base}.js`, `${base}.mjs`, `${base}/index.js`, `${base}/index.mjs`].includes(target);
}

/** Name → modules for what a module re-exports (`export { default as X } from './x'`, `export * from './icons'`). */
function parseReExports(id: string, getModuleInfo: GetModuleInfo, depth = 0): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const info = getModuleInfo(id);
  if (!info?.code || depth > 4) return map;
  // `import { a } from './a'; export { a }` re-exports too (TanStack Query's index is written so).
  const imported = new Map<string, string>();
  for (const st of importStatements(info.code)) {
    const target = info.importedIds.find((dep) => resolvesTo(id, st.from, dep));
    if (st.kind === 'import' && target) for (const local of st.exported) imported.set(local, target);
  }
  for (const m of info.code.matchAll(/(?:^|[\n;])\s*export\s*\{([^}]*)\}\s*(?!\s*from)(?=;|\n|$)/g)) {
    for (const part of (m[1] ?? '').split(',')) {
      const [local, alias] = part.trim().split(/\s+as\s+/);
      const target = local ? imported.get(local) : undefined;
      if (target) map.set(alias ?? local!, [target]);
    }
  }
  for (const st of importStatements(info.code)) {
    if (st.kind !== 'export') continue;
    const target = info.importedIds.find((dep) => resolvesTo(id, st.from, dep));
    if (!target) continue;
    for (const name of st.exported) map.set(name, [target]);
    if (!st.names.includes('*')) continue;
    // `export * from`: what that module exports, by name; if Rollup dropped it too, what it re-exports.
    const inner = getModuleInfo(target)?.isIncluded === false ? parseReExports(target, getModuleInfo, depth + 1) : null;
    const names = inner ? [...inner.keys()] : (getModuleInfo(target)?.exports ?? []);
    for (const n of names) if (!map.has(n)) map.set(n, inner?.get(n) ?? [target]);
  }
  return map;
}
