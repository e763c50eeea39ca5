import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './dialect.ts';
import Sqlite from './sqlite-driver.ts';
import { checkpointOffThread, WAL_BACKSTOP_PAGES } from './wal-checkpointer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * How many rows of t the database file holds by itself, without its WAL (what checkpoints copied back); -1 when
 * the copy was taken while a checkpoint was writing pages into the file (a torn copy: the caller asks again).
 */
function rowsInFileAlone(file: string, dir: string): number {
  const copy = path.join(dir, 'alone.sqlite');
  copyFileSync(file, copy);
  const db = new Sqlite(copy, { readonly: true });
  try {
    if ((db.pragma('quick_check', { simple: true }) as string) !== 'ok') return -1;
    const exists = db.prepare(`select count(*) as n from sqlite_master where name = 't'`).get() as { n: number };
    return exists.n ? (db.prepare('select count(*) as n from t').get() as { n: number }).n : 0;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CORRUPT') return -1;
    throw err;
  } finally {
    db.close();
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('the WAL checkpointer (SQLite, off the main thread)', () => {
  it('copies committed pages into the database file by itself, and the writer waits far longer before doing it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tz-wal-'));
    dirs.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const db = openDatabase({ kind: 'sqlite', file });
    const checkpointer = await checkpointOffThread(db, file, { everyMs: 20 });
    try {
      expect(checkpointer).not.toBeNull();
      const { rows } = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(db.kysely);
      expect(rows[0]?.wal_autocheckpoint).toBe(WAL_BACKSTOP_PAGES);
      await sql`create table t (id integer primary key, v text)`.execute(db.kysely);
      for (let i = 0; i < 50; i++) await sql`insert into t (v) values (${`row ${i}`})`.execute(db.kysely);
      // 50 small commits are far below the writer's own threshold: only the worker can have copied them.
      expect(await until(() => rowsInFileAlone(file, dir) === 50, 5_000)).toBe(true);
    } finally {
      await checkpointer?.stop();
      await db.close();
    }
  });

  it('is not started for PostgreSQL or an in-memory database', async () => {
    const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
    try {
      expect(await checkpointOffThread(db, ':memory:')).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('stops when nothing else keeps the process alive, so a shutdown still closes the database after it', () => {
    // The server's shutdown (main.ts) closes the app, then stops the checkpointer, then closes the database. The
    // worker is unref'ed so that it never keeps a process alive by itself; its stop() must still be awaited to the end.
    const dir = mkdtempSync(path.join(tmpdir(), 'tz-wal-stop-'));
    dirs.push(dir);
    const script = path.join(dir, 'stop.mts');
    const here = import.meta.dirname;
    writeFileSync(
      script,
      [
        `import { openDatabase } from ${JSON.stringify(path.join(here, 'dialect.ts'))};`,
        `import { checkpointOffThread } from ${JSON.stringify(path.join(here, 'wal-checkpointer.ts'))};`,
        `const file = ${JSON.stringify(path.join(dir, 'db.sqlite'))};`,
        'const db = openDatabase({ kind: "sqlite", file });',
        'const checkpointer = await checkpointOffThread(db, file);',
        'await checkpointer?.stop();',
        'console.log("stopped");',
        'await db.close();',
        'console.log("closed");',
      ].join('\n'),
    );
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
    expect(out.trim().split('\n')).toEqual(['stopped', 'closed']);
  });
});
