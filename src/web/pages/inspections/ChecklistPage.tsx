import { CameraOutlined, CheckOutlined, CloseOutlined, MinusOutlined } from '@ant-design/icons';
import {
  App,
  Breadcrumb,
  Button,
  Collapse,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Progress,
  Result,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ChecklistDetail, CheckResult } from '../../../domain/contracts/inspections.ts';
import type { Severity } from '../../../domain/contracts/problems.ts';
import { ApiError } from '../../api/client.ts';
import { useChecklist, useCompleteChecklist, useRecordResult } from '../../api/inspections.ts';
import { uploadEvidence } from '../../api/evidence.ts';
import { useInvalidateProblems, useProblem } from '../../api/problems.ts';
import { paths } from '../../app/paths.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { UploadEvidenceButton } from '../../components/UploadEvidenceButton.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { useIsMobile } from '../../lib/use-is-mobile.ts';
import { CHECK_RESULT_LABELS, SEVERITIES, SEVERITY_LABELS } from '../ledger/labels.ts';
import { resultChoices } from './checklist-choices.ts';
import { ChecklistStatusTag } from './RoundDetailPage.tsx';
import { errorTakesPage } from '../../components/query-state.ts';
import { StaleNotice } from '../../components/StaleNotice.tsx';
import { pickByKeyboard } from '../../lib/pick-by-keyboard.ts';

type Item = ChecklistDetail['areas'][number]['items'][number];

const RESULT_COLORS: Record<CheckResult, string> = { meets: 'success', fails: 'error', na: 'default' };

/**
 * How a result button looks: green for 达标, red for 不达标, grey for 不适用;
 * solid when it is the recorded result, outlined otherwise (never greyed out
 * as if disabled). `aria-pressed` tells screen readers which one is chosen.
 */
function resultButtonLook(result: CheckResult, recorded: CheckResult | null) {
  const selected = recorded === result;
  const color = result === 'meets' ? 'green' : result === 'fails' ? 'danger' : 'default';
  return {
    color,
    variant: selected ? (result === 'na' ? 'filled' : 'solid') : 'outlined',
    'aria-pressed': selected,
    'data-selected': selected ? 'true' : 'false',
  } as const;
}

interface FailValues {
  description: string;
  severity: Severity;
  dueOn?: Dayjs;
}

/** The problem recorded for a failed item, linked by its code. */
function ProblemLink({ id }: { id: string }) {
  const { t } = useI18n();
  const problem = useProblem(id);
  return (
    <Link to={paths.problem(id)} data-testid="check-problem-link" data-problem-id={id}>
      {problem.data ? t('insp.item.problemCode', { code: problem.data.code }) : t('insp.item.viewProblem')}
    </Link>
  );
}

export function ChecklistPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const checklist = useChecklist(id);
  if (checklist.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (errorTakesPage(checklist)) {
    if (checklist.error instanceof ApiError && (checklist.error.status === 404 || checklist.error.status === 403))
      return (
        <Result status="404" title={t('insp.checklist.notFound')} extra={<Link to={paths.inspections}>{t('insp.backToRounds')}</Link>} />
      );
    return <ErrorAlert error={checklist.error} onRetry={() => void checklist.refetch()} />;
  }
  if (!checklist.data) return null;
  return (
    <>
      <StaleNotice query={checklist} />
      <ChecklistView checklist={checklist.data} />
    </>
  );
}

function ChecklistView({ checklist }: { checklist: ChecklistDetail }) {
  const { t, pick } = useI18n();
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const isMobile = useIsMobile();
  const record = useRecordResult();
  const complete = useCompleteChecklist();
  const [failing, setFailing] = useState<Item | null>(null);
  const [failPhoto, setFailPhoto] = useState<File | null>(null);
  const invalidateProblems = useInvalidateProblems();
  const [busyItem, setBusyItem] = useState<string | null>(null);
  const canRecord = checklist.allowedActions.includes('record');
  const percent = checklist.applicable ? Math.round((checklist.recorded / checklist.applicable) * 100) : 0;

  const save = async (item: Item, result: CheckResult, problem?: FailValues): Promise<ChecklistDetail> => {
    setBusyItem(item.checkItemId);
    try {
      return await record.mutateAsync({
        id: checklist.id,
        checkItemId: item.checkItemId,
        body: {
          result,
          version: item.result !== null ? (item.resultVersion ?? undefined) : undefined,
          problem: problem
            ? { description: problem.description.trim(), severity: problem.severity, dueOn: problem.dueOn?.format('YYYY-MM-DD') }
            : undefined,
        },
      });
    } finally {
      setBusyItem(null);
    }
  };

  const onResult = (item: Item, result: CheckResult) => {
    // Already failed: its problem exists; tapping 不达标 again must not record a second one.
    if (result === 'fails' && item.result === 'fails') return;
    if (result === 'fails') {
      setFailing(item);
      return;
    }
    save(item, result).catch(notifyError);
  };

  const confirmComplete = () =>
    modal.confirm({
      title: t('insp.checklist.completeConfirm', { name: checklist.organizationName }),
      content: t('insp.checklist.completeContent', {
        recorded: checklist.recorded,
        applicable: checklist.applicable,
        failed: checklist.failed,
      }),
      okText: t('insp.checklist.complete'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'checklist-complete-ok' },
      onOk: async () => {
        try {
          await complete.mutateAsync({ id: checklist.id, version: checklist.version });
          void message.success(t('insp.checklist.completed'));
        } catch (err) {
          notifyError(err);
        }
      },
    });

  return (
    <div data-testid="checklist" data-checklist-id={checklist.id}>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to={paths.inspections}>{t('insp.pageTitle')}</Link> },
          { title: <Link to={paths.inspectionRound(checklist.roundId)}>{checklist.roundName}</Link> },
          { title: checklist.organizationName },
        ]}
      />
      <PageTitle
        title={t('insp.checklist.title', { name: checklist.organizationName })}
        extra={
          <Flex gap={8} align="center">
            <ChecklistStatusTag status={checklist.status} />
            {checklist.allowedActions.includes('complete') && (
              <Button type="primary" onClick={confirmComplete} data-testid="checklist-complete">
                {t('insp.checklist.complete')}
              </Button>
            )}
          </Flex>
        }
      />
      <div className="page-panel">
        <Progress percent={percent} format={() => `${checklist.recorded}/${checklist.applicable}`} />
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {checklist.liaisonGroupName ? `${checklist.liaisonGroupName} · ` : ''}
          {t('insp.checklist.failed', { n: checklist.failed })}
          {!canRecord && checklist.status !== 'done' ? ` · ${t('insp.checklist.readOnly')}` : ''}
        </Typography.Paragraph>
        {checklist.areas.length === 0 ? (
          <Empty description={t('insp.checklist.empty')} />
        ) : (
          <Collapse
            className="checklist-areas"
            defaultActiveKey={checklist.areas.map((a) => a.id)}
            items={checklist.areas.map((area) => {
              const done = area.items.filter((i) => i.result !== null).length;
              return {
                key: area.id,
                label: (
                  <Flex justify="space-between" gap={8}>
                    <span>{area.name}</span>
                    <Typography.Text type="secondary">
                      {done}/{area.items.length}
                    </Typography.Text>
                  </Flex>
                ),
                children: (
                  <Flex vertical gap={0}>
                    {area.items.map((item) => (
                      <div
                        key={item.checkItemId}
                        className="check-item"
                        data-testid="check-item"
                        data-code={item.code}
                        data-result={item.result ?? ''}
                      >
                        <Flex justify="space-between" align="flex-start" gap={8} wrap>
                          <div style={{ flex: '1 1 260px', minWidth: 0 }}>
                            <Typography.Text strong>
                              {item.code} {item.title}
                            </Typography.Text>
                            {item.result && (
                              <Tag color={RESULT_COLORS[item.result]} style={{ marginInlineStart: 8 }} data-testid="check-result">
                                {pick(CHECK_RESULT_LABELS[item.result])}
                              </Tag>
                            )}
                            {!item.applicable && <Tag style={{ marginInlineStart: 8 }}>{t('insp.item.notApplicable')}</Tag>}
                            <div className="check-item-criterion">{item.criterion}</div>
                            {item.expectedEvidence && (
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {t('insp.item.expectedEvidence')}
                                {t('common.colon')}
                                {item.expectedEvidence}
                              </Typography.Text>
                            )}
                            {item.note && <div className="check-item-note">{item.note}</div>}
                            {item.problemId && (
                              <div>
                                <ProblemLink id={item.problemId} />
                                {canRecord && (
                                  <UploadEvidenceButton
                                    target={{ problemId: item.problemId }}
                                    photo
                                    label={t('insp.item.addPhoto')}
                                    successMessage={t('insp.item.photoAdded')}
                                    testId="check-photo"
                                  />
                                )}
                              </div>
                            )}
                          </div>
                          {canRecord && item.applicable && (
                            <Flex gap={6} align="center" wrap className="check-buttons" style={isMobile ? { width: '100%' } : undefined}>
                              {resultChoices(item).includes('meets') && (
                                <Button
                                  icon={<CheckOutlined />}
                                  {...resultButtonLook('meets', item.result)}
                                  className="check-button"
                                  loading={busyItem === item.checkItemId && record.isPending}
                                  disabled={busyItem !== null && busyItem !== item.checkItemId}
                                  onClick={() => onResult(item, 'meets')}
                                  data-testid="check-meets"
                                >
                                  {pick(CHECK_RESULT_LABELS.meets)}
                                </Button>
                              )}
                              <Button
                                icon={<CloseOutlined />}
                                {...resultButtonLook('fails', item.result)}
                                className="check-button"
                                disabled={busyItem !== null && busyItem !== item.checkItemId}
                                onClick={() => onResult(item, 'fails')}
                                data-testid="check-fails"
                              >
                                {pick(CHECK_RESULT_LABELS.fails)}
                              </Button>
                              {resultChoices(item).includes('na') && (
                                <Button
                                  icon={<MinusOutlined />}
                                  {...resultButtonLook('na', item.result)}
                                  className="check-button"
                                  disabled={busyItem !== null && busyItem !== item.checkItemId}
                                  onClick={() => onResult(item, 'na')}
                                  data-testid="check-na"
                                >
                                  {pick(CHECK_RESULT_LABELS.na)}
                                </Button>
                              )}
                              {item.problemId && (
                                <Typography.Text
                                  type="secondary"
                                  className="check-hint"
                                  style={{ fontSize: 12 }}
                                  data-testid="check-problem-hint"
                                >
                                  {t('insp.item.problemSettled')}
                                </Typography.Text>
                              )}
                            </Flex>
                          )}
                        </Flex>
                      </div>
                    ))}
                  </Flex>
                ),
              };
            })}
          />
        )}
      </div>
      <FormModal<FailValues>
        open={failing !== null}
        key={failing?.checkItemId ?? 'none'}
        title={failing ? t('insp.fail.title', { code: failing.code }) : ''}
        okText={t('insp.fail.ok')}
        okDanger
        onClose={() => {
          setFailing(null);
          setFailPhoto(null);
        }}
        testIdPrefix="fail"
        initialValues={{ description: failing?.title ?? '', severity: 'minor' }}
        onSubmit={async (v) => {
          if (!failing) return;
          const detail = await save(failing, 'fails', v);
          // The photo goes to the problem the failure just recorded, in the same step for the inspector.
          const photo = failPhoto;
          setFailPhoto(null);
          const problemId = detail.areas.flatMap((a) => a.items).find((i) => i.checkItemId === failing.checkItemId)?.problemId;
          if (photo && problemId) {
            try {
              await uploadEvidence({ problemId }, photo, () => undefined);
              void invalidateProblems();
            } catch (err) {
              // The failure is recorded either way; the photo can be added again from the item.
              notifyError(err);
            }
          }
          void message.success(t('insp.fail.done'));
        }}
      >
        {failing && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {failing.criterion}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="description"
          label={t('insp.fail.description')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('insp.fail.description') }) }]}
        >
          <Input.TextArea rows={3} maxLength={2000} autoFocus data-testid="fail-description" />
        </Form.Item>
        <Form.Item name="severity" label={t('ledger.field.severity')}>
          <Select options={SEVERITIES.map((s) => ({ value: s, label: pick(SEVERITY_LABELS[s]) }))} data-testid="fail-severity" />
        </Form.Item>
        <Form.Item name="dueOn" label={t('ledger.field.dueOn')} extra={t('insp.fail.dueDefault')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="fail-due" />
        </Form.Item>
        <Form.Item label={t('insp.fail.photo')} extra={failPhoto ? failPhoto.name : t('insp.fail.photoHelp')}>
          <label className="pick-button" data-testid="fail-photo-pick" {...pickByKeyboard}>
            <CameraOutlined /> {failPhoto ? t('insp.fail.photoChange') : t('insp.fail.photoPick')}
            {/* No `capture`: the phone offers its camera and its gallery. */}
            <input
              type="file"
              accept="image/*"
              hidden
              onChange={(e) => setFailPhoto(e.target.files?.[0] ?? null)}
              data-testid="fail-photo-input"
            />
          </label>
        </Form.Item>
      </FormModal>
    </div>
  );
}
