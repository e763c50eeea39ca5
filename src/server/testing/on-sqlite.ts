/**
 * Whether this run is the SQLite one (no TEST_DATABASE_URL). Tests that never reach the database (a file's
 * parsing limits, a child process's heap) run in that run only: the PostgreSQL run is there for what the
 * database does, and would repeat them unchanged (the import limits alone were ≈ 50 s of it on two cores).
 */
export const ON_SQLITE = !process.env.TEST_DATABASE_URL;
