import { lazy, type ReactNode } from 'react';
import type { Permission } from '../../domain/roles.ts';
import { useHasPermission } from '../api/session.ts';

const ForbiddenPage = lazy(() => import('../pages/not-found/ForbiddenPage.tsx').then((m) => ({ default: m.ForbiddenPage })));

/** Pages that need a permission show a plain "not allowed" page to everyone else. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const allowed = useHasPermission(permission);
  return allowed ? children : <ForbiddenPage />;
}
