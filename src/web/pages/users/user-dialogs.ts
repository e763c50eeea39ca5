import type { User } from '../../../domain/contracts/users.ts';

/** Which dialog of the users page is open, and for whom. */
export type UserDialog =
  { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'resetPassword'; user: User } | { kind: 'roles'; user: User } | null;
