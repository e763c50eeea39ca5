import { Alert, App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Row, Select, Spin, Switch, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import { PROBLEM_ACTION_LABELS, PROBLEM_ACTIONS, PROBLEM_ACTOR_ROLES } from '../../../domain/problem-workflow.ts';
import { ROLE_LABELS } from '../../../domain/roles.ts';
import { ApiError } from '../../api/client.ts';
import { useCadenceSettings, useSaveCadenceSettings } from '../../api/settings.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldErrors, refusalText } from '../../components/form-errors.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PortalSettingsCard } from './PortalSettingsCard.tsx';
import { StudySettingsCard } from './StudySettingsCard.tsx';
import { parseDays } from './settings-form.ts';

/** The form's shape: the rules, with the reminder day lists as comma-separated text. */
type FormValues = Omit<CadenceRules, 'reminders'> & { reminders: { dueInDays: string; overdueDays: string } };

const toForm = (r: CadenceRules): FormValues => ({
  ...r,
  reminders: { dueInDays: r.reminders.dueInDays.join(', '), overdueDays: r.reminders.overdueDays.join(', ') },
});

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** 规则设置: the cadence rules grouped as the program speaks of them; district admins edit, others read. */
export function SettingsPage() {
  const { t, pick } = useI18n();
  const { message, modal } = App.useApp();
  const settings = useCadenceSettings();
  const save = useSaveCadenceSettings();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const data = settings.data;
  const canEdit = data?.allowedActions.includes('edit') ?? false;

  useEffect(() => {
    if (data) form.setFieldsValue(toForm(data.rules));
  }, [data, form]);

  const onFinish = async (values: FormValues) => {
    if (!data) return;
    setError(null);
    const rules: CadenceRules = {
      ...values,
      reminders: { dueInDays: parseDays(values.reminders.dueInDays, 60)!, overdueDays: parseDays(values.reminders.overdueDays, 365)! },
    };
    try {
      await save.mutateAsync({ version: data.version, rules });
      void message.success(t('settings.saved'));
    } catch (err) {
      setError(err);
      applyFieldErrors(form, err, 'rules');
      // The save button is at the page's foot: the refusal is shown beside it, and brought into sight.
      setTimeout(() => errorRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' }), 0);
    }
  };

  if (settings.isLoading) return <Spin />;
  if (settings.error || !data) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;

  const conflict = error instanceof ApiError && error.isConflict;
  const field = (name: (string | number)[], label: MessageKey, help: MessageKey) => ({
    name,
    label: t(label),
    extra: t(help),
  });
  const daysRule = (max: number) => ({
    validator: (_: unknown, v: string) =>
      parseDays(v ?? '', max) ? Promise.resolve() : Promise.reject(new Error(t('settings.reminders.invalid'))),
  });
  const colProps = { xs: 24, md: 12, xl: 8 };

  return (
    <Flex vertical gap={16}>
      <PageTitle title={t('settings.title')} />
      {!canEdit ? <Alert type="info" showIcon message={t('settings.readOnly')} /> : null}
      <Typography.Text type="secondary">
        {t('settings.defaultsNote')}{' '}
        {data.updatedAt
          ? t('settings.updatedBy', { name: data.updatedByName ?? '', at: formatDateTime(data.updatedAt) })
          : t('settings.neverSaved')}
      </Typography.Text>
      <Form<FormValues>
        form={form}
        layout="vertical"
        disabled={!canEdit || save.isPending}
        // Asked first: every colour, ranking and interview list is computed again under the new rules at once.
        onFinish={(v) =>
          void modal.confirm({
            title: t('settings.confirm.title'),
            content: t('settings.confirm.content'),
            okText: t('settings.save'),
            cancelText: t('common.cancel'),
            okButtonProps: { 'data-testid': 'settings-save-confirm' },
            onOk: () => onFinish(v),
          })
        }
      >
        <Flex vertical gap={16}>
          <Card size="small" title={t('settings.group.reports')}>
            <Row gutter={16}>
              <Col {...colProps}>
                <Form.Item {...field(['reports', 'unit'], 'settings.reports.unit', 'settings.reports.unitHelp')}>
                  <Select
                    options={(['organization', 'liaison_group'] as const).map((u) => ({
                      value: u,
                      label: t(`settings.reports.unit.${u}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col {...colProps}>
                <Form.Item {...field(['reports', 'dueWeekday'], 'settings.reports.dueWeekday', 'settings.reports.dueWeekdayHelp')}>
                  <Select options={WEEKDAYS.map((d) => ({ value: d, label: t(`settings.weekday.${d}`) }))} />
                </Form.Item>
              </Col>
              <Col {...colProps}>
                <Form.Item
                  {...field(['reports', 'dueTime'], 'settings.reports.dueTime', 'settings.reports.dueTimeHelp')}
                  rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('settings.reports.dueTimeHelp') }]}
                >
                  <Input maxLength={5} inputMode="numeric" />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={t('settings.group.rag')}>
            <Row gutter={16}>
              <Col {...colProps}>
                <Form.Item
                  {...field(['rag', 'redOverdueDays'], 'settings.rag.redOverdueDays', 'settings.rag.redOverdueDaysHelp')}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} data-testid="settings-redOverdueDays" />
                </Form.Item>
              </Col>
              <Col {...colProps}>
                <Form.Item
                  {...field(
                    ['rag', 'redMissingReportsInRow'],
                    'settings.rag.redMissingReportsInRow',
                    'settings.rag.redMissingReportsInRowHelp',
                  )}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...colProps}>
                <Form.Item
                  {...field(['rag', 'amberBelowMedian'], 'settings.rag.amberBelowMedian', 'settings.rag.amberBelowMedianHelp')}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={t('settings.group.ranking')}>
            <Typography.Paragraph type="secondary">{t('settings.ranking.help')}</Typography.Paragraph>
            <Row gutter={16}>
              {(['closureRate', 'acceptancePassRate', 'overdue', 'reportPunctuality', 'standardScore'] as const).map((k) => (
                <Col key={k} xs={12} md={6} xl={4}>
                  <Form.Item name={['ranking', k]} label={t(`settings.ranking.${k}`)} rules={[{ required: true }]}>
                    <InputNumber min={0} max={100} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Card>

          <Card size="small" title={t('settings.group.interviews')}>
            <Row gutter={16}>
              <Col {...colProps}>
                <Form.Item
                  {...field(
                    ['interviews', 'redMonthsRunning'],
                    'settings.interviews.redMonthsRunning',
                    'settings.interviews.redMonthsRunningHelp',
                  )}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...colProps}>
                <Form.Item
                  {...field(['interviews', 'lastInRanking'], 'settings.interviews.lastInRanking', 'settings.interviews.lastInRankingHelp')}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={0} max={50} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...colProps}>
                <Form.Item
                  {...field(['interviews', 'overdueDays'], 'settings.interviews.overdueDays', 'settings.interviews.overdueDaysHelp')}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={t('settings.group.reminders')}>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  {...field(['reminders', 'dueInDays'], 'settings.reminders.dueInDays', 'settings.reminders.dueInDaysHelp')}
                  rules={[daysRule(60)]}
                >
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  {...field(['reminders', 'overdueDays'], 'settings.reminders.overdueDays', 'settings.reminders.overdueDaysHelp')}
                  rules={[daysRule(365)]}
                >
                  <Input />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={t('att.settings.group')}>
            <Row gutter={16}>
              <Col {...colProps}>
                <Form.Item name={['standards', 'totalWeight']} label={t('att.settings.totalWeight')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...colProps}>
                <Form.Item name={['circular', 'dueDay']} label={t('att.settings.circularDueDay')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={28} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={t('settings.group.problems')}>
            <Form.Item
              {...field(['problems', 'fourEyes'], 'settings.problems.fourEyes', 'settings.problems.fourEyesHelp')}
              valuePropName="checked"
            >
              <Switch data-testid="settings-fourEyes" />
            </Form.Item>
            {/* DOMAIN.md: who acts is configurable per program; the table gives the defaults. */}
            <Typography.Text strong>{t('settings.problems.actors')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('settings.problems.actorsHelp')}
            </Typography.Paragraph>
            {PROBLEM_ACTIONS.map((action) => (
              <Form.Item
                key={action}
                name={['problems', 'actors', action]}
                label={pick(PROBLEM_ACTION_LABELS[action])}
                style={{ marginBottom: 8 }}
                data-testid={`settings-actors-${action}`}
              >
                <Checkbox.Group options={PROBLEM_ACTOR_ROLES.map((role) => ({ value: role, label: pick(ROLE_LABELS[role]) }))} />
              </Form.Item>
            ))}
          </Card>

          <Card size="small" title={t('settings.group.circular')}>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  {...field(['circular', 'issuingOffice'], 'settings.circular.issuingOffice', 'settings.circular.issuingOfficeHelp')}
                  rules={[{ required: true, whitespace: true, max: 60 }]}
                >
                  <Input maxLength={60} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  {...field(['circular', 'numberPrefix'], 'settings.circular.numberPrefix', 'settings.circular.numberPrefixHelp')}
                  rules={[{ required: true, whitespace: true, max: 20 }]}
                >
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  {...field(['circular', 'draftingOffice'], 'att.settings.draftingOffice', 'att.settings.draftingOfficeHelp')}
                  rules={[{ required: true, whitespace: true, max: 60 }]}
                >
                  <Input maxLength={60} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          {error ? (
            <div ref={errorRef}>
              <Alert
                type={conflict ? 'warning' : 'error'}
                showIcon
                role="alert"
                // What was refused, in words: not "输入有误 — rules.ranking: …" with the request's field path.
                message={conflict ? t('settings.conflict') : refusalText(error)}
                data-testid="settings-error"
              />
            </div>
          ) : null}
          {canEdit ? (
            <Flex justify="flex-end">
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
                {t('settings.save')}
              </Button>
            </Flex>
          ) : null}
        </Flex>
      </Form>
      {/* Each its own record and version (the Party life's rules, the portal's defaults), saved on its own. */}
      <StudySettingsCard />
      <PortalSettingsCard />
    </Flex>
  );
}
