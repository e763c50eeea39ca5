import { Alert, Button } from 'antd';
import { useSearchParams } from 'react-router';
import { useAuditEvents } from '../../api/audit.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { shortId } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { AuditFilters } from './AuditFilters.tsx';
import { AUDIT_FILTER_KEYS, DEFAULT_AUDIT_PAGE_SIZE, readAuditParams, type AuditFilterKey } from './audit-params.ts';
import { AuditTable } from './AuditTable.tsx';

/** The audit log, newest first; every filter lives in the URL so a link can open a prepared view. */
export function AuditPage() {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const [searchParams, setSearchParams] = useSearchParams();
  const params = readAuditParams(searchParams);
  const events = useAuditEvents(params);

  const update = (changes: Partial<Record<AuditFilterKey | 'page' | 'pageSize', string | undefined>>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    // A new filter starts again from the first page.
    if (!('page' in changes)) next.delete('page');
    setSearchParams(next, { replace: true });
  };

  const clear = () => {
    const next = new URLSearchParams(searchParams);
    AUDIT_FILTER_KEYS.forEach((k) => next.delete(k));
    next.delete('page');
    setSearchParams(next, { replace: true });
  };

  return (
    <>
      <PageTitle title={t('audit.pageTitle')} />
      <AuditFilters filters={params} isMobile={isMobile} onChange={update} onClear={clear} />
      {params.entityId && (
        <Alert
          type="info"
          showIcon
          className="audit-entity-filter"
          message={t('audit.entityIdFilter', { id: shortId(params.entityId) })}
          action={
            <Button size="small" onClick={() => update({ entityId: undefined })}>
              {t('common.reset')}
            </Button>
          }
        />
      )}
      <div className="page-panel">
        {events.isError ? (
          <ErrorAlert error={events.error} onRetry={() => void events.refetch()} />
        ) : (
          <AuditTable
            events={events.data?.items ?? []}
            loading={events.isFetching}
            pagination={{
              current: params.page,
              pageSize: params.pageSize,
              total: events.data?.total ?? 0,
              showSizeChanger: !isMobile,
              simple: isMobile,
              showTotal: (total) => t('common.total', { total }),
              onChange: (page, pageSize) =>
                update({
                  page: page > 1 ? String(page) : undefined,
                  pageSize: pageSize === DEFAULT_AUDIT_PAGE_SIZE ? undefined : String(pageSize),
                }),
            }}
          />
        )}
      </div>
    </>
  );
}
