import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../../domain/roles.ts';
import type { Database } from '../db/database.ts';
import type { Db } from '../db/dialect.ts';

/** Anything a repository can run SQL on: the pool or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface ActorAssignment {
  id: string;
  role: Role;
  organizationId: string;
  organizationName: string;
  organizationKind: string;
  organizationPath: string;
}

/** The signed-in user a request acts for, with every scoped role. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  sessionId: string;
  sessionExpiresAt: string;
  assignments: ActorAssignment[];
}

/** What every service function receives. */
export interface ServiceContext {
  db: Db;
  actor: Actor | null;
  now: Date;
  requestId: string;
  ip: string;
}

export type AuthedContext = ServiceContext & { actor: Actor };
