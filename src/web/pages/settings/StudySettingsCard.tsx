import { Alert, App, Button, Card, Col, Flex, Form, InputNumber, Row, Select, Spin, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { MEETING_KIND_LABELS, MEETING_KINDS } from '../../../domain/meeting-rhythm.ts';
import type { RhythmEvery, StudyRules } from '../../../domain/study-rules.ts';
import { ApiError } from '../../api/client.ts';
import { useSaveStudySettings, useStudySettings } from '../../api/settings.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldErrors, refusalText } from '../../components/form-errors.ts';
import { useI18n, type MessageKey } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';

/**
 * How often a meeting is owed. Spelled here, not imported with RHYTHM_EVERY: study-rules.ts builds zod schemas and
 * parses its defaults when loaded, and zod's first parse tries `new Function`, which the page's CSP refuses (and
 * reports).
 */
const EVERY = ['month', 'quarter', 'off'] as const satisfies readonly RhythmEvery[];

/** A whole-number rule: its place in the rules, its bounds (src/domain/study-rules.ts), its label and help. */
const NUMBERS: { name: [keyof StudyRules, string]; min: number; max: number }[] = [
  { name: ['meetings', 'lookbackMonths'], min: 1, max: 24 },
  { name: ['study', 'neverReachedMonths'], min: 1, max: 12 },
  { name: ['study', 'defaultSessionsPerMonth'], min: 0, max: 31 },
  { name: ['rag', 'redMissedInRow'], min: 0, max: 12 },
  { name: ['interviews', 'missedMeetings'], min: 0, max: 50 },
  { name: ['ranking', 'weight'], min: 0, max: 100 },
];

/**
 * 党建学习规则: how often each of 三会一课 is owed, when a member counts as never reached, when a missed meeting
 * colours a village amber or red or puts it among the interview candidates, and the study part's weight in the
 * monthly ranking. District admins edit, others read; saved with its own version and audited by the server (it was
 * reachable through the API only).
 */
export function StudySettingsCard() {
  const { t, pick } = useI18n();
  const { message, modal } = App.useApp();
  const query = useStudySettings();
  const save = useSaveStudySettings();
  const [form] = Form.useForm<StudyRules>();
  const [error, setError] = useState<unknown>(null);
  const data = query.data;
  const canEdit = data?.allowedActions.includes('edit') ?? false;

  useEffect(() => {
    if (data) form.setFieldsValue(data.rules);
  }, [data, form]);

  const onFinish = async (rules: StudyRules) => {
    if (!data) return;
    setError(null);
    try {
      await save.mutateAsync({ version: data.version, rules });
      void message.success(t('studySettings.saved'));
    } catch (err) {
      setError(err);
      applyFieldErrors(form, err, 'rules');
    }
  };

  const conflict = error instanceof ApiError && error.isConflict;
  const colProps = { xs: 24, md: 12, xl: 8 };
  return (
    <Card size="small" title={t('studySettings.title')} data-testid="study-settings">
      {query.isLoading ? <Spin /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {data ? (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            {t('studySettings.help')}{' '}
            {data.updatedAt
              ? data.updatedByName
                ? t('settings.updatedBy', { name: data.updatedByName, at: formatDateTime(data.updatedAt) })
                : // Set when the district was set up (the demo's seed), by nobody who signs in.
                  t('studySettings.updatedAt', { at: formatDateTime(data.updatedAt) })
              : t('settings.neverSaved')}
          </Typography.Text>
          <Form<StudyRules>
            form={form}
            // Its fields' ids begin "studyRules_": the cadence form on the same page has ranking_, rag_ and interviews_
            // fields of its own, and ids must not be shared.
            name="studyRules"
            layout="vertical"
            initialValues={data.rules}
            disabled={!canEdit || save.isPending}
            // Asked first, as the cadence rules are: the figures, colours and candidates follow at once.
            onFinish={(v) =>
              void modal.confirm({
                title: t('studySettings.confirm.title'),
                content: t('studySettings.confirm.content'),
                okText: t('settings.save'),
                cancelText: t('common.cancel'),
                okButtonProps: { 'data-testid': 'study-settings-save-confirm' },
                onOk: () => onFinish(v),
              })
            }
          >
            <Typography.Text strong>{t('studySettings.meetings')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('studySettings.meetingsHelp')}
            </Typography.Paragraph>
            <Row gutter={16}>
              {MEETING_KINDS.map((kind) => (
                <Col key={kind} xs={12} md={6}>
                  <Form.Item name={['meetings', kind]} label={pick(MEETING_KIND_LABELS[kind])} rules={[{ required: true }]}>
                    <Select
                      data-testid={`study-settings-${kind}`}
                      options={EVERY.map((e) => ({ value: e, label: t(`studySettings.every.${e}`) }))}
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Row gutter={16}>
              {NUMBERS.map(({ name, min, max }) => {
                const key = `studySettings.${name.join('.')}` as MessageKey;
                return (
                  <Col key={key} {...colProps}>
                    <Form.Item name={name} label={t(key)} extra={t(`${key}Help` as MessageKey)} rules={[{ required: true }]}>
                      <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} data-testid={`study-settings-${name[1]}`} />
                    </Form.Item>
                  </Col>
                );
              })}
              <Col {...colProps}>
                <Form.Item
                  name={['rag', 'amberOnMissedMeeting']}
                  label={t('studySettings.rag.amberOnMissedMeeting')}
                  extra={t('studySettings.rag.amberOnMissedMeetingHelp')}
                  valuePropName="checked"
                >
                  <Switch data-testid="study-settings-amberOnMissedMeeting" />
                </Form.Item>
              </Col>
            </Row>
            {error ? (
              <Alert
                type={conflict ? 'warning' : 'error'}
                showIcon
                role="alert"
                style={{ marginBottom: 12 }}
                message={conflict ? t('studySettings.conflict') : refusalText(error)}
                data-testid="study-settings-error"
              />
            ) : null}
            {canEdit ? (
              <Flex justify="flex-end">
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="study-settings-save">
                  {t('settings.save')}
                </Button>
              </Flex>
            ) : null}
          </Form>
        </Flex>
      ) : null}
    </Card>
  );
}
