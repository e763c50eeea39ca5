import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Which better-sqlite3 this Node.js loads. Both majors have the same API for
 * what we use; neither runs on every Node we support:
 * - 12 (`better-sqlite3`, compiled at install against this Node) is the one
 *   for Node 20. On Node ≥ 24.19 it aborts the process when a prepared
 *   statement is garbage-collected outside JavaScript (it derives from
 *   node::ObjectWrap), which happens at exit and on idle GC.
 * - 13 (`better-sqlite3-napi`, an npm alias; Node-API with prebuilt binaries,
 *   no compile) needs Node-API 10, which Node 20 never got: loaded there it
 *   segfaults.
 * So the choice is made on the Node-API version, once, here; every SQLite
 * handle in the server is opened through this module.
 */
export const SQLITE_DRIVER = Number(process.versions.napi ?? 0) >= 10 ? 'better-sqlite3-napi' : 'better-sqlite3';

const require = createRequire(import.meta.url);
const Sqlite = require(SQLITE_DRIVER) as typeof BetterSqlite3;

export default Sqlite;
export type SqliteHandle = BetterSqlite3.Database;
