import { useLocation, useSearchParams } from 'react-router';
import { useCurrentUser } from '../../api/session.ts';
import { singleVillageOf } from './dashboard-scope.ts';
import { DistrictOverview } from './DistrictOverview.tsx';
import { VillageDashboardView } from './VillageDashboard.tsx';

/**
 * 工作台: a village secretary lands on their village's dashboard; everyone else on the overview
 * of their scope, with `?organizationId=` to drill into a subdistrict. `/dashboard/village?organizationId=`
 * opens any readable village's dashboard.
 */
export function DashboardPage() {
  const user = useCurrentUser();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const organizationId = params.get('organizationId') ?? undefined;
  const ownVillage = singleVillageOf(user.roles);
  if (pathname.replace(/\/+$/, '').endsWith('/village') || (ownVillage && !organizationId)) {
    return <VillageDashboardView organizationId={organizationId} />;
  }
  return <DistrictOverview organizationId={organizationId} />;
}
