import { App, Button, DatePicker, Flex, Form, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { RoundDetail } from '../../../domain/contracts/inspections.ts';
import { useSetRectificationPeriod } from '../../api/attainments.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { PeriodText } from './AttainmentBits.tsx';

/** A round's 集中整改期, with the district's change and reset. */
export function RectificationPeriodLine({ round }: { round: RoundDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const set = useSetRectificationPeriod();
  const [editing, setEditing] = useState(false);
  const canSet = round.allowedActions.includes('setPeriod');
  const reset = async () => {
    try {
      await set.mutateAsync({ id: round.id, body: { version: round.version, start: null, end: null } });
      void message.success(t('att.period.saved'));
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Flex wrap gap={8} align="center" data-testid="round-rectification">
      <PeriodText period={round.rectification} />
      {canSet && (
        <Space size={4}>
          <Button size="small" onClick={() => setEditing(true)} data-testid="round-period-edit">
            {t('att.period.edit')}
          </Button>
          {round.rectification.source === 'set' && (
            <Button size="small" onClick={() => void reset()} loading={set.isPending}>
              {t('att.period.reset')}
            </Button>
          )}
        </Space>
      )}
      <FormModal<{ range: [Dayjs, Dayjs] }>
        open={editing}
        title={t('att.period.title')}
        onClose={() => setEditing(false)}
        initialValues={{ range: [dayjs(round.rectification.start), dayjs(round.rectification.end)] }}
        testIdPrefix="round-period"
        onSubmit={async (v) => {
          await set.mutateAsync({
            id: round.id,
            body: { version: round.version, start: v.range[0].format('YYYY-MM-DD'), end: v.range[1].format('YYYY-MM-DD') },
          });
          void message.success(t('att.period.saved'));
        }}
      >
        <Form.Item name="range" label={t('att.period.range')} rules={[{ required: true, message: t('att.action.required') }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Typography.Text type="secondary">{t('att.period.hint')}</Typography.Text>
      </FormModal>
    </Flex>
  );
}
