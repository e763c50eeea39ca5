import type { Executor, ServiceContext } from '../http/context.ts';
import type { OrganizationRow } from '../db/database.ts';

/** Seeds the demo standard and liaison groups (being built). */
export async function seedDemoCatalog(_trx: Executor, _ctx: ServiceContext, _orgs: Map<string, OrganizationRow>, _passwordHash: string): Promise<void> {}
