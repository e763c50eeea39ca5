import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, Progress, Slider, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { MeasureSummary } from '../../../domain/contracts/problems.ts';
import { useCreateMeasure, useUpdateMeasure } from '../../api/measures.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { UploadEvidenceButton } from '../../components/UploadEvidenceButton.tsx';
import { useInvalidateProblems } from '../../api/problems.ts';
import { useI18n } from '../../i18n/index.ts';
import { useIdempotencyKey } from '../../lib/idempotency-key.ts';

interface Values {
  description: string;
  ownerName?: string;
  dueOn?: Dayjs | null;
  progress: number;
}

/** 整改措施: one problem may have several, and a measure may serve several problems (一事一策). */
export function MeasuresSection({
  problem,
  canAdd,
}: {
  problem: { id: string; organizationId: string; ownerName: string | null; dueOn: string | null; measures: MeasureSummary[] };
  canAdd: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const create = useCreateMeasure();
  const idempotency = useIdempotencyKey();
  const update = useUpdateMeasure();
  const invalidate = useInvalidateProblems();
  const [editing, setEditing] = useState<MeasureSummary | 'new' | null>(null);

  const initial: Partial<Values> =
    editing && editing !== 'new'
      ? {
          description: editing.description,
          ownerName: editing.ownerName ?? undefined,
          dueOn: editing.dueOn ? dayjs(editing.dueOn) : undefined,
          progress: editing.progress,
        }
      : { ownerName: problem.ownerName ?? undefined, dueOn: problem.dueOn ? dayjs(problem.dueOn) : undefined, progress: 0 };

  const submit = async (v: Values) => {
    const ownerName = v.ownerName?.trim() || undefined;
    const dueOn = v.dueOn ? v.dueOn.format('YYYY-MM-DD') : undefined;
    if (editing === 'new') {
      const body = {
        organizationId: problem.organizationId,
        description: v.description.trim(),
        ownerName,
        dueOn,
        progress: v.progress ?? 0,
        problemIds: [problem.id],
      };
      // Saved again after a lost answer: the same key, one measure.
      await create.mutateAsync({ ...body, key: idempotency.keyFor(body) });
      idempotency.done();
      void message.success(t('ledger.measure.created'));
    } else if (editing) {
      await update.mutateAsync({
        id: editing.id,
        body: {
          version: editing.version,
          description: v.description.trim(),
          ownerName: ownerName ?? null,
          dueOn: dueOn ?? null,
          progress: v.progress,
        },
      });
      void message.success(t('common.saved'));
    }
  };

  return (
    <Card
      size="small"
      className="detail-card"
      title={t('common.withDetail', { label: t('ledger.measure.title'), detail: problem.measures.length })}
      extra={
        canAdd ? (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="measure-add">
            {t('ledger.measure.add')}
          </Button>
        ) : undefined
      }
    >
      {problem.measures.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canAdd ? t('ledger.measure.emptyCanAdd') : t('ledger.measure.empty')} />
      ) : (
        <Flex vertical gap={12}>
          {problem.measures.map((m) => (
            <div key={m.id} className="measure-item" data-testid="measure-item" data-measure-id={m.id}>
              <Flex justify="space-between" align="flex-start" gap={8}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{m.description}</Typography.Paragraph>
                {canAdd && (
                  <Button
                    size="small"
                    type="text"
                    className="tap-target"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(m)}
                    aria-label={t('ledger.measure.edit')}
                    data-testid="measure-edit"
                  />
                )}
              </Flex>
              <Progress percent={m.progress} size="small" status={m.progress >= 100 ? 'success' : 'active'} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('ledger.field.owner')}
                {t('common.colon')}
                {m.ownerName ?? '—'} · {t('ledger.field.dueOn')}
                {t('common.colon')}
                {m.dueOn ?? '—'}
                {m.problemIds.length > 1 ? ` · ${t('ledger.measure.shared', { n: m.problemIds.length })}` : ''}
              </Typography.Text>
              {canAdd && (
                <UploadEvidenceButton
                  target={{ measureId: m.id }}
                  label={t('ledger.measure.addEvidence')}
                  successMessage={t('ledger.measure.evidenceAdded')}
                  onUploaded={() => void invalidate()}
                  testId="measure-evidence"
                />
              )}
            </div>
          ))}
        </Flex>
      )}
      <FormModal<Values>
        open={editing !== null}
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
        title={editing === 'new' ? t('ledger.measure.add') : t('ledger.measure.edit')}
        onClose={() => setEditing(null)}
        onSubmit={submit}
        initialValues={initial}
        testIdPrefix="measure"
      >
        <Form.Item
          name="description"
          label={t('ledger.measure.description')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ledger.measure.description') }) }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={2000}
            showCount
            autoFocus
            placeholder={t('ledger.measure.descriptionPlaceholder')}
            data-testid="measure-description"
          />
        </Form.Item>
        <Form.Item name="ownerName" label={t('ledger.field.owner')}>
          <Input maxLength={50} data-testid="measure-owner" />
        </Form.Item>
        <Form.Item name="dueOn" label={t('ledger.field.dueOn')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item label={t('ledger.measure.progress')}>
          <Flex gap={12} align="center">
            <Form.Item name="progress" noStyle>
              <Slider min={0} max={100} step={10} style={{ flex: 1 }} />
            </Form.Item>
            <Form.Item name="progress" noStyle>
              <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 90 }} />
            </Form.Item>
          </Flex>
        </Form.Item>
      </FormModal>
    </Card>
  );
}
