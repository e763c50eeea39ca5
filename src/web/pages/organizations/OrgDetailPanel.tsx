import { AuditOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Descriptions, Empty, Flex, Result, Skeleton, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { unsettledLedgerPath } from './unsettled-link.ts';
import type { OrganizationDetail } from '../../../domain/contracts/organizations.ts';
import { ORGANIZATION_KIND_LABELS } from '../../../domain/organizations.ts';
import { ApiError } from '../../api/client.ts';
import { useOrganization } from '../../api/organizations.ts';
import { useHasPermission } from '../../api/session.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ArchivedTag, OrgKindTag, SampleTag } from '../../components/OrgKindTag.tsx';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { OrgActions } from './OrgActions.tsx';

function OrgDetails({ org, onCreated }: { org: OrganizationDetail; onCreated: (created: OrganizationDetail) => void }) {
  const { t, pick } = useI18n();
  const canReadAudit = useHasPermission('audit.read');
  useDocumentTitle(org.name);

  return (
    <>
      {org.ancestors.length > 0 && (
        <Breadcrumb
          className="org-breadcrumb"
          items={org.ancestors.map((a) => ({ key: a.id, title: <Link to={paths.organization(a.id)}>{a.name}</Link> }))}
        />
      )}
      <Flex align="center" wrap gap={8} className="org-detail-heading">
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="org-detail-name">
          {org.name}
        </Typography.Title>
        <Space size={0}>
          <OrgKindTag kind={org.kind} />
          {org.isSample && <SampleTag />}
          {org.archived && <ArchivedTag />}
        </Space>
      </Flex>

      <OrgActions org={org} onCreated={onCreated} />

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 1, lg: 2, xl: 2, xxl: 2 }}
        className="org-descriptions"
        items={[
          { key: 'kind', label: t('org.kind'), children: pick(ORGANIZATION_KIND_LABELS[org.kind]) },
          {
            key: 'code',
            label: t('org.code'),
            children: org.code || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
          },
          {
            key: 'status',
            label: t('org.status'),
            children: org.archived
              ? t('common.withDetail', { label: t('common.archived'), detail: formatDateTime(org.archivedAt) })
              : t('org.statusActive'),
          },
          {
            key: 'children',
            label: t('org.childCount'),
            // The archived ones are mentioned only when there are some ("2 个（含已归档共 2 个）" read oddly).
            children:
              org.childCount > org.activeChildCount
                ? t('org.childCountValue', { active: org.activeChildCount, total: org.childCount })
                : t('org.childCountActive', { active: org.activeChildCount }),
          },
          ...(org.unsettledProblemCount === null
            ? []
            : [
                {
                  key: 'unsettled',
                  label: t('org.unsettledProblems'),
                  children:
                    org.unsettledProblemCount > 0 ? (
                      <Link to={unsettledLedgerPath(org.id)} data-testid="org-unsettled-link">
                        {t('org.unsettledProblemsValue', { count: org.unsettledProblemCount })}
                      </Link>
                    ) : (
                      t('org.unsettledProblemsNone')
                    ),
                },
              ]),
          { key: 'created', label: t('org.createdAt'), children: formatDateTime(org.createdAt) },
          { key: 'updated', label: t('org.updatedAt'), children: formatDateTime(org.updatedAt) },
        ]}
      />

      {canReadAudit && (
        <Link to={paths.auditOf({ organizationId: org.id })} className="org-audit-link" data-testid="org-audit-link">
          <AuditOutlined /> {t('org.viewAudit')}
        </Link>
      )}
    </>
  );
}

export function OrgDetailPanel({
  id,
  isMobile,
  onCreated,
}: {
  id: string | undefined;
  isMobile: boolean;
  onCreated: (created: OrganizationDetail) => void;
}) {
  const { t } = useI18n();
  const detail = useOrganization(id);

  let body;
  if (!id) {
    body = <Empty description={t(isMobile ? 'org.selectHintMobile' : 'org.selectHint')} />;
  } else if (detail.isPending) {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (detail.isError) {
    const missing = detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 403);
    body = missing ? (
      <Result status="404" subTitle={t('org.notFound')} data-testid="org-not-found" />
    ) : (
      <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />
    );
  } else {
    body = <OrgDetails org={detail.data} onCreated={onCreated} />;
  }

  return (
    <Card className="org-detail-card" data-testid="org-detail">
      {body}
    </Card>
  );
}
