import type { QueryClient } from '@tanstack/react-query';
import { overviewQuery, villageQuery } from '../../api/dashboard.ts';
import { sessionQuery } from '../../api/session.ts';
import { dashboardKindOf } from './dashboard-scope.ts';

/**
 * Asks for the dashboard's figures while the page's code is still on its way (the route's loader calls it
 * without waiting), so a slow connection pays one round trip for both instead of one after the other.
 */
export async function prefetchDashboard(queryClient: QueryClient, url: URL): Promise<void> {
  // A failed session answer is the access guard's to show; the page asks again for what this could not get.
  const session = await queryClient.ensureQueryData(sessionQuery).catch(() => null);
  // Without the ledger (the finance bureau's account) there is no dashboard: the page sends it to the venue board.
  if (!session || !session.user.permissions.includes('problem.read')) return;
  const organizationId = url.searchParams.get('organizationId') ?? undefined;
  const kind = dashboardKindOf(url.pathname, organizationId, session.user.roles);
  if (kind === 'village') await queryClient.prefetchQuery(villageQuery(organizationId));
  else await queryClient.prefetchQuery(overviewQuery(organizationId));
}
