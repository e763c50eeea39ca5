import { Alert, App, Button, Card, Col, Flex, Form, Row, Spin, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { PortalSettingsValue } from '../../../domain/contracts/portal.ts';
import { ApiError } from '../../api/client.ts';
import { usePortalSettings, useSavePortalSettings } from '../../api/portal.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';

/** The switches in the order a village page shows them. */
const FIELDS = [
  'showMeasures',
  'showDeadlines',
  'showProgressNotes',
  'showEvidence',
  'showScores',
  'showVenues',
  'feedbackOpen',
] as const satisfies readonly (keyof PortalSettingsValue)[];

/**
 * 公示设置: what the public portal shows of a public problem and a village by
 * default (the program's defaults; each problem's own 公示 switch decides
 * whether it shows at all). District admins edit, others read; saved with
 * its own version, audited by the server.
 */
export function PortalSettingsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const query = usePortalSettings();
  const save = useSavePortalSettings();
  const [form] = Form.useForm<PortalSettingsValue>();
  const [error, setError] = useState<unknown>(null);
  const data = query.data;
  const canEdit = data?.allowedActions.includes('edit') ?? false;

  useEffect(() => {
    if (data) form.setFieldsValue(data.settings);
  }, [data, form]);

  const onFinish = async (settings: PortalSettingsValue) => {
    if (!data) return;
    setError(null);
    try {
      await save.mutateAsync({ version: data.version, settings });
      void message.success(t('portalSettings.saved'));
    } catch (err) {
      setError(err);
    }
  };

  const conflict = error instanceof ApiError && error.isConflict;
  return (
    <Card size="small" title={t('portalSettings.title')} data-testid="portal-settings">
      {query.isLoading ? <Spin /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {data ? (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            {t('portalSettings.help')}{' '}
            {data.updatedAt ? t('portalSettings.updatedAt', { at: formatDateTime(data.updatedAt) }) : t('portalSettings.neverSaved')}
          </Typography.Text>
          {error ? (
            <Alert
              type={conflict ? 'warning' : 'error'}
              showIcon
              role="alert"
              message={conflict ? t('portalSettings.conflict') : errorMessage(error)}
            />
          ) : null}
          <Form<PortalSettingsValue>
            form={form}
            layout="vertical"
            initialValues={data.settings}
            disabled={!canEdit || save.isPending}
            onFinish={(v) => void onFinish(v)}
          >
            <Row gutter={16}>
              {FIELDS.map((k) => (
                <Col key={k} xs={24} md={12} xl={8}>
                  <Form.Item name={k} label={t(`portalSettings.${k}`)} extra={t(`portalSettings.${k}Help`)} valuePropName="checked">
                    <Switch data-testid={`portal-settings-${k}`} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            {canEdit ? (
              <Flex justify="flex-end">
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="portal-settings-save">
                  {t('portalSettings.save')}
                </Button>
              </Flex>
            ) : null}
          </Form>
        </Flex>
      ) : null}
    </Card>
  );
}
