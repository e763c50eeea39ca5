import { DownloadOutlined, FilterOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, DatePicker, Flex, Form, Input, Segmented, Select, Switch, Tabs, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { LEDGER_EXPORT_MAX_ROWS } from '../../../domain/ledger-sheet.ts';
import type { ProblemListItem } from '../../../domain/contracts/problems.ts';
import { PROBLEM_STATUSES, PROBLEM_STATUS_LABELS, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { ledgerExportUrl } from '../../api/ledger.ts';
import { useBulkCloseProblems, useBulkUpdateProblems, useProblems } from '../../api/problems.ts';
import { useHasPermission } from '../../api/session.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n, type MessageKey } from '../../i18n/index.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { AreaSelect } from './AreaSelect.tsx';
import { CreateProblemModal } from './CreateProblemModal.tsx';
import { ImportLedgerModal } from './ImportLedgerModal.tsx';
import { filterQuery, LEDGER_DEFAULT_PAGE_SIZE, LEDGER_SORTS, listQuery, parseLedgerParams, type LedgerSort } from './ledger-params.ts';
import { LedgerCards, LedgerTable } from './LedgerList.tsx';
import { LedgerVillageStanding } from '../attainments/VillageStanding.tsx';

const SORT_LABELS: Record<LedgerSort, MessageKey> = {
  dueOn: 'ledger.sort.dueOn',
  '-dueOn': 'ledger.sort.-dueOn',
  foundOn: 'ledger.sort.foundOn',
  '-foundOn': 'ledger.sort.-foundOn',
  updatedAt: 'ledger.sort.updatedAt',
  '-updatedAt': 'ledger.sort.-updatedAt',
  code: 'ledger.sort.code',
  '-code': 'ledger.sort.-code',
};

type BulkKind = 'owner' | 'due';

/** 问题台账: every filter lives in the URL, so links from elsewhere open the same view. */
export function LedgerPage() {
  const { t, pick } = useI18n();
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const canCreate = useHasPermission('problem.create');
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = parseLedgerParams(searchParams);
  const [searchText, setSearchText] = useState(filters.q ?? '');
  const [selected, setSelected] = useState<ProblemListItem[]>([]);
  const [bulk, setBulk] = useState<BulkKind | null>(null);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [showFilters, setShowFilters] = useState(false);
  const problems = useProblems(listQuery(filters));
  const bulkUpdate = useBulkUpdateProblems();
  const bulkClose = useBulkCloseProblems();
  // Who may close is the program's rule (who acts): each row says whether its reader may.
  const closable = selected.filter((p) => p.allowedActions.includes('close'));

  /** 批量销号 of the selected accepted problems: each its own step; what could not be closed is listed. */
  const confirmBulkClose = () => {
    let completeMeasures = true;
    modal.confirm({
      title: t('ledger.bulkClose.title', { n: closable.length }),
      content: (
        <Flex vertical gap={8}>
          <Typography.Text>{t('ledger.bulkClose.content')}</Typography.Text>
          <Checkbox defaultChecked onChange={(e) => (completeMeasures = e.target.checked)} data-testid="ledger-bulk-close-measures">
            {t('ledger.transition.completeOnClose')}
          </Checkbox>
        </Flex>
      ),
      okText: t('ledger.bulkClose.ok', { n: closable.length }),
      okButtonProps: { danger: true, 'data-testid': 'ledger-bulk-close-ok' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const res = await bulkClose.mutateAsync({
            items: closable.map((p) => ({ id: p.id, version: p.version })),
            completeMeasures,
          });
          setSelected([]);
          if (res.failed === 0) {
            void message.success(t('ledger.bulkClose.done', { n: res.closed }));
            return;
          }
          modal.warning({
            title: t('ledger.bulkClose.partial', { closed: res.closed, failed: res.failed }),
            content: (
              <ul style={{ paddingInlineStart: 18, margin: 0 }} data-testid="ledger-bulk-close-failures">
                {res.results
                  .filter((r) => !r.ok)
                  .map((r) => (
                    <li key={r.id}>
                      <strong>{r.code ?? '—'}</strong> {r.error?.message}
                    </li>
                  ))}
              </ul>
            ),
          });
        } catch (err) {
          notifyError(err);
        }
      },
    });
  };

  const setParams = (changes: Record<string, string | null | undefined>, keepPage = false) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!keepPage) next.delete('page');
    setSearchParams(next, { replace: true });
    if (!keepPage) setSelected([]);
  };

  const counts = problems.data?.counts;
  const activeTab = filters.overdue ? 'overdue' : (filters.status ?? 'all');
  const tabLabel = (label: string, n: number | undefined) => (n === undefined ? label : `${label} ${n}`);
  const tabItems = [
    { key: 'all', label: <span data-testid="ledger-tab-all">{tabLabel(t('ledger.tab.all'), counts?.total)}</span> },
    ...PROBLEM_STATUSES.map((s: ProblemStatus) => ({
      key: s,
      label: <span data-testid={`ledger-tab-${s}`}>{tabLabel(pick(PROBLEM_STATUS_LABELS[s]), counts?.[s])}</span>,
    })),
    {
      key: 'overdue',
      label: (
        <span data-testid="ledger-tab-overdue" className={counts?.overdue ? 'ledger-tab-overdue' : undefined}>
          {tabLabel(t('ledger.tab.overdue'), counts?.overdue)}
        </span>
      ),
    },
  ];
  if (!tabItems.some((i) => i.key === activeTab)) {
    const label = activeTab
      .split(',')
      .map((s) => ((PROBLEM_STATUSES as readonly string[]).includes(s) ? pick(PROBLEM_STATUS_LABELS[s as ProblemStatus]) : s))
      .join(' + ');
    tabItems.push({ key: activeTab, label: <span data-testid="ledger-tab-custom">{label}</span> });
  }
  const onTab = (key: string) => {
    // 已逾期 and 即将到期 exclude each other: together they matched nothing, and every tab read 0.
    if (key === 'overdue') setParams({ overdue: '1', status: null, dueSoon: null });
    else setParams({ overdue: null, status: key === 'all' ? null : key });
  };

  const pagination = {
    current: filters.page,
    pageSize: filters.pageSize,
    total: problems.data?.total ?? 0,
    showSizeChanger: !isMobile,
    showTotal: (total: number) => t('common.total', { total }),
    onChange: (page: number, size: number) =>
      setParams({ page: page === 1 ? null : String(page), pageSize: size === LEDGER_DEFAULT_PAGE_SIZE ? null : String(size) }, true),
  };
  const hasFilters = searchParams.toString() !== '';
  const extraFilters = [filters.organizationId, filters.area, filters.dueFrom, filters.dueTo, filters.dueSoon || undefined].filter(
    Boolean,
  ).length;

  const items = problems.data?.items ?? [];
  const open = (id: string) => void navigate(paths.problem(id));

  const submitBulk = async (values: { ownerName?: string; dueOn?: dayjs.Dayjs }) => {
    const res = await bulkUpdate.mutateAsync({
      items: selected.map((p) => ({ id: p.id, version: p.version })),
      ownerName: bulk === 'owner' ? values.ownerName?.trim() : undefined,
      dueOn: bulk === 'due' && values.dueOn ? values.dueOn.format('YYYY-MM-DD') : undefined,
    });
    void message.success(t('ledger.bulk.done', { n: res.updated }));
    setSelected([]);
  };

  const tooManyToExport = (problems.data?.total ?? 0) > LEDGER_EXPORT_MAX_ROWS;

  return (
    <>
      <PageTitle
        title={t('ledger.pageTitle')}
        extra={
          <Flex gap={8} wrap>
            {/* Past the export's limit the server refuses; a link would open its JSON error as a page. */}
            <Tooltip
              title={
                tooManyToExport
                  ? t('ledger.exportTooMany', {
                      max: LEDGER_EXPORT_MAX_ROWS.toLocaleString(),
                      total: (problems.data?.total ?? 0).toLocaleString(),
                    })
                  : undefined
              }
            >
              <Button
                icon={<DownloadOutlined />}
                href={tooManyToExport ? undefined : ledgerExportUrl({ ...filterQuery(filters), sort: filters.sort })}
                disabled={tooManyToExport}
                data-testid="ledger-export"
              >
                {t('ledger.export')}
              </Button>
            </Tooltip>
            {canCreate && (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="ledger-import">
                {t('ledger.import')}
              </Button>
            )}
            {canCreate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ledger-create">
                {t('ledger.create')}
              </Button>
            )}
          </Flex>
        }
      />
      <LedgerVillageStanding organizationId={filters.organizationId} />
      <div className="page-panel">
        {isMobile ? (
          // On a phone every status in sight, in rows (a tab strip hid 待验收, 已验收 and 已逾期 behind "…").
          <Segmented
            className="wrap-tabs ledger-tabs"
            style={{ '--tab-cols': 3, marginBottom: 12 } as CSSProperties}
            value={activeTab}
            onChange={(key) => onTab(String(key))}
            options={tabItems.map((i) => ({ value: i.key, label: i.label }))}
            data-testid="ledger-status-tabs"
          />
        ) : (
          <Tabs activeKey={activeTab} onChange={onTab} items={tabItems} className="ledger-tabs" size="middle" />
        )}
        <Flex wrap gap={12} align="center" className="toolbar ledger-filters">
          <Input.Search
            allowClear
            placeholder={t('ledger.searchPlaceholder')}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(value) => setParams({ q: value.trim() })}
            enterButton={t('common.search')}
            className="toolbar-search"
            data-testid="ledger-search"
          />
          {isMobile && (
            <Button icon={<FilterOutlined />} onClick={() => setShowFilters((v) => !v)} data-testid="ledger-more-filters">
              {extraFilters > 0
                ? t('common.withDetail', { label: t(showFilters ? 'ledger.filter.hide' : 'ledger.filter.more'), detail: extraFilters })
                : t(showFilters ? 'ledger.filter.hide' : 'ledger.filter.more')}
            </Button>
          )}
          {(!isMobile || showFilters) && (
            <>
              <div className="ledger-filter-org">
                <OrgTreeSelect
                  value={filters.organizationId}
                  onChange={(v) => setParams({ organizationId: v ?? null })}
                  placeholder={t('ledger.filter.organization')}
                  allowClear
                  data-testid="ledger-filter-org"
                />
              </div>
              <AreaSelect
                className="ledger-filter-area"
                placeholder={t('ledger.filter.area')}
                value={filters.area}
                onChange={(area) => setParams({ area })}
              />
              <DatePicker.RangePicker
                className="ledger-filter-dates"
                placeholder={[t('ledger.filter.dueFrom'), t('ledger.filter.dueTo')]}
                value={[filters.dueFrom ? dayjs(filters.dueFrom) : null, filters.dueTo ? dayjs(filters.dueTo) : null]}
                allowEmpty={[true, true]}
                inputReadOnly={isMobile}
                onChange={(range) =>
                  setParams({ dueFrom: range?.[0]?.format('YYYY-MM-DD') ?? null, dueTo: range?.[1]?.format('YYYY-MM-DD') ?? null })
                }
              />
              <label className="toolbar-switch">
                <Switch
                  checked={filters.dueSoon}
                  onChange={(c) => setParams(c ? { dueSoon: '1', overdue: null } : { dueSoon: null })}
                  data-testid="ledger-due-soon"
                />
                <span>{t('ledger.filter.dueSoon')}</span>
              </label>
              <Select<LedgerSort>
                value={filters.sort}
                onChange={(v) => setParams({ sort: v === 'dueOn' ? null : v })}
                options={LEDGER_SORTS.map((s) => ({ value: s, label: t(SORT_LABELS[s]) }))}
                style={{ minWidth: 150 }}
                aria-label={t('ledger.sort.label')}
                data-testid="ledger-sort"
              />
            </>
          )}
          {hasFilters && (
            <Button
              type="link"
              onClick={() => {
                setSearchText('');
                setSearchParams(new URLSearchParams(), { replace: true });
                setSelected([]);
              }}
            >
              {t('ledger.clearFilters')}
            </Button>
          )}
        </Flex>

        {!isMobile && selected.length > 0 && (
          <Flex gap={8} align="center" wrap className="ledger-bulk-bar" data-testid="ledger-bulk-bar">
            <Typography.Text>{t('ledger.bulk.selected', { n: selected.length })}</Typography.Text>
            <Button onClick={() => setBulk('owner')} data-testid="ledger-bulk-owner">
              {t('ledger.bulk.owner')}
            </Button>
            <Button onClick={() => setBulk('due')} data-testid="ledger-bulk-due">
              {t('ledger.bulk.due')}
            </Button>
            {closable.length > 0 && (
              <Button danger onClick={confirmBulkClose} loading={bulkClose.isPending} data-testid="ledger-bulk-close">
                {t('ledger.bulkClose.button', { n: closable.length })}
              </Button>
            )}
            <Button type="link" onClick={() => setSelected([])}>
              {t('ledger.bulk.clear')}
            </Button>
          </Flex>
        )}

        {problems.isError ? (
          <ErrorAlert error={problems.error} onRetry={() => void problems.refetch()} />
        ) : isMobile ? (
          <LedgerCards
            items={items}
            loading={problems.isLoading}
            fetching={problems.isFetching}
            pagination={pagination}
            filtered={hasFilters}
            onOpen={open}
          />
        ) : (
          <LedgerTable
            items={items}
            loading={problems.isFetching}
            pagination={pagination}
            filtered={hasFilters}
            selectedIds={selected.map((p) => p.id)}
            onSelect={setSelected}
            onOpen={open}
          />
        )}
      </div>

      <FormModal<{ ownerName?: string; dueOn?: dayjs.Dayjs }>
        open={bulk !== null}
        title={bulk === 'owner' ? t('ledger.bulk.owner') : t('ledger.bulk.due')}
        okText={t('ledger.bulk.confirm', { n: selected.length })}
        onClose={() => setBulk(null)}
        onSubmit={submitBulk}
        testIdPrefix="ledger-bulk"
      >
        <Typography.Paragraph type="secondary">{t('ledger.bulk.hint', { n: selected.length })}</Typography.Paragraph>
        {bulk === 'owner' ? (
          <FormModalField
            name="ownerName"
            label={t('ledger.field.owner')}
            required={t('common.required', { field: t('ledger.field.owner') })}
          >
            <Input maxLength={50} autoFocus />
          </FormModalField>
        ) : (
          <FormModalField name="dueOn" label={t('ledger.field.dueOn')} required={t('common.required', { field: t('ledger.field.dueOn') })}>
            <DatePicker style={{ width: '100%' }} />
          </FormModalField>
        )}
      </FormModal>
      <CreateProblemModal open={creating} onClose={() => setCreating(false)} defaultOrganizationId={filters.organizationId} />
      <ImportLedgerModal open={importing} onClose={() => setImporting(false)} />
    </>
  );
}

function FormModalField({ name, label, required, children }: { name: string; label: string; required: string; children: ReactNode }) {
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: required }]}>
      {children}
    </Form.Item>
  );
}
