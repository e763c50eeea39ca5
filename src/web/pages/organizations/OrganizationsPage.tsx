import { useRef } from 'react';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useOrganizationLevels } from '../../api/organizations.ts';
import { paths } from '../../app/paths.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { OrgDetailPanel } from './OrgDetailPanel.tsx';
import { OrgTreePanel } from './OrgTreePanel.tsx';

/** The organization tree beside the selected organization's details; the selection lives in the URL. */
export function OrganizationsPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [searchParams, setSearchParams] = useSearchParams();
  const showArchived = searchParams.get('archived') === '1';
  // A province's tree comes a level at a time (its villages as a 街道 is opened).
  const { tree, roots, partial, open } = useOrganizationLevels(showArchived);
  const detailRef = useRef<HTMLDivElement>(null);
  const search = showArchived ? '?archived=1' : '';

  const select = (next: string) => {
    void navigate(`${paths.organization(next)}${search}`);
    // On a phone the details sit below the tree: bring them into view after a tap.
    if (isMobile) requestAnimationFrame(() => detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  };

  // With nothing selected, open the user's own top organization.
  const firstRoot = roots?.[0];
  if (!id && firstRoot) return <Navigate to={`${paths.organization(firstRoot.id)}${search}`} replace />;

  return (
    <>
      <PageTitle title={t('org.pageTitle')} />
      <div className="org-layout">
        <OrgTreePanel
          roots={roots}
          partial={partial}
          onOpen={open}
          loading={tree.isLoading}
          error={tree.error}
          onRetry={() => void tree.refetch()}
          selectedId={id}
          onSelect={select}
          showArchived={showArchived}
          onShowArchivedChange={(value) => setSearchParams(value ? { archived: '1' } : {}, { replace: true })}
        />
        <div ref={detailRef} className="org-detail-wrap">
          <OrgDetailPanel
            id={id}
            isMobile={isMobile}
            onCreated={(created) => void navigate(`${paths.organization(created.id)}${search}`)}
          />
        </div>
      </div>
    </>
  );
}
