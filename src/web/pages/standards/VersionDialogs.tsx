import { Form, Input, InputNumber, Select } from 'antd';
import type { CheckItem, StandardArea, StandardVersionDetail } from '../../../domain/contracts/standards.ts';
import type { AppliesTo } from '../../../domain/standards.ts';
import { useAddArea, useAddItem, useUpdateArea, useUpdateDraft, useUpdateItem } from '../../api/standards.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { appliesToOptions } from './std-shared.tsx';

export type VersionDialog =
  | null
  | { kind: 'info' }
  | { kind: 'addArea' }
  | { kind: 'editArea'; area: StandardArea }
  | { kind: 'addItem'; area: StandardArea }
  | { kind: 'editItem'; item: CheckItem };

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

interface Props {
  detail: StandardVersionDetail;
  dialog: VersionDialog;
  onClose: () => void;
  onSaved: (text: string) => void;
}

export function VersionDialogs({ detail, dialog, onClose, onSaved }: Props) {
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'info':
      return <InfoModal detail={detail} onClose={onClose} onSaved={onSaved} />;
    case 'addArea':
      return <AreaModal detail={detail} onClose={onClose} onSaved={onSaved} />;
    case 'editArea':
      return <AreaModal detail={detail} area={dialog.area} onClose={onClose} onSaved={onSaved} />;
    case 'addItem':
      return <ItemModal detail={detail} areaId={dialog.area.id} onClose={onClose} onSaved={onSaved} />;
    case 'editItem':
      return <ItemModal detail={detail} item={dialog.item} areaId={dialog.item.areaId} onClose={onClose} onSaved={onSaved} />;
  }
}

type ModalProps = Omit<Props, 'dialog'>;

function InfoModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useI18n();
  const update = useUpdateDraft();
  return (
    <FormModal<{ title: string; notes?: string; noticeTitle?: string; noticeDate?: string }>
      open
      title={t('std.version.editInfo')}
      onClose={onClose}
      testIdPrefix="std-info"
      initialValues={{
        title: detail.title,
        notes: detail.notes ?? '',
        noticeTitle: detail.noticeTitle ?? '',
        noticeDate: detail.noticeDate ?? '',
      }}
      onSubmit={async (values) => {
        const notes = values.notes?.trim() ?? '';
        await update.mutateAsync({
          id: detail.id,
          body: {
            version: detail.version,
            title: values.title,
            notes: notes ? notes : null,
            noticeTitle: values.noticeTitle?.trim() || null,
            noticeDate: values.noticeDate?.trim() || null,
          },
        });
        onSaved(t('std.version.infoSaved'));
      }}
    >
      <Form.Item
        name="title"
        label={t('std.field.versionTitle')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('std.field.versionTitle') }) }]}
      >
        <Input maxLength={200} data-testid="std-info-title" />
      </Form.Item>
      <Form.Item name="notes" label={t('std.field.notes')}>
        <Input.TextArea rows={4} maxLength={2000} showCount data-testid="std-info-notes" />
      </Form.Item>
      <Form.Item name="noticeTitle" label={t('std.noticeTitle')}>
        <Input maxLength={200} placeholder="《关于进一步加强农村基层组织规范化建设的通知》" data-testid="std-info-notice-title" />
      </Form.Item>
      <Form.Item name="noticeDate" label={t('std.noticeDate')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
        <Input maxLength={10} placeholder="YYYY-MM-DD" data-testid="std-info-notice-date" />
      </Form.Item>
    </FormModal>
  );
}

function AreaModal({ detail, area, onClose, onSaved }: ModalProps & { area?: StandardArea }) {
  const { t } = useI18n();
  const add = useAddArea();
  const update = useUpdateArea();
  return (
    <FormModal<{ code: string; name: string; sortOrder?: number | null }>
      open
      title={area ? t('std.area.edit.title', { name: area.name }) : t('std.area.add.title')}
      onClose={onClose}
      testIdPrefix="std-area-form"
      initialValues={area ? { code: area.code, name: area.name, sortOrder: area.sortOrder } : undefined}
      onSubmit={async (values) => {
        const sortOrder = typeof values.sortOrder === 'number' ? values.sortOrder : undefined;
        if (area) {
          await update.mutateAsync({
            id: detail.id,
            areaId: area.id,
            body: { version: detail.version, code: values.code.trim(), name: values.name, sortOrder },
          });
        } else {
          await add.mutateAsync({
            id: detail.id,
            body: { version: detail.version, code: values.code.trim(), name: values.name, sortOrder },
          });
        }
        onSaved(t('std.area.saved'));
      }}
    >
      <Form.Item
        name="code"
        label={t('std.field.code')}
        extra={t('std.field.codeHint')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('std.field.code') }) },
          { pattern: CODE_PATTERN, message: t('std.field.codeHint') },
        ]}
      >
        <Input maxLength={32} placeholder="ZDJS" data-testid="std-area-code" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('std.field.areaName')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('std.field.areaName') }) }]}
      >
        <Input maxLength={100} placeholder="阵地建设" data-testid="std-area-name" />
      </Form.Item>
      <Form.Item name="sortOrder" label={t('std.field.sortOrder')} extra={t('std.field.sortOrderHint')}>
        <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

interface ItemValues {
  areaId: string;
  code: string;
  title: string;
  criterion: string;
  weight: number;
  expectedEvidence: string;
  appliesTo: AppliesTo;
  sortOrder?: number | null;
}

function ItemModal({ detail, item, areaId, onClose, onSaved }: ModalProps & { item?: CheckItem; areaId: string }) {
  const { t, pick } = useI18n();
  const add = useAddItem();
  const update = useUpdateItem();
  const area = detail.areas.find((a) => a.id === areaId);
  return (
    <FormModal<ItemValues>
      open
      width={640}
      title={item ? t('std.item.edit.title', { code: item.code }) : t('std.item.add.title', { area: area?.name ?? '' })}
      onClose={onClose}
      testIdPrefix="std-item-form"
      initialValues={
        item
          ? { ...item }
          : { areaId, appliesTo: 'both', code: area ? `${area.code}-${String((area.items.length ?? 0) + 1).padStart(2, '0')}` : '' }
      }
      onSubmit={async (values) => {
        const sortOrder = typeof values.sortOrder === 'number' ? values.sortOrder : undefined;
        const fields = {
          areaId: values.areaId,
          code: values.code.trim(),
          title: values.title,
          criterion: values.criterion,
          weight: values.weight,
          expectedEvidence: values.expectedEvidence,
          appliesTo: values.appliesTo,
          sortOrder,
        };
        if (item) {
          await update.mutateAsync({ id: detail.id, itemId: item.id, body: { version: detail.version, ...fields } });
        } else {
          await add.mutateAsync({ id: detail.id, body: { version: detail.version, ...fields } });
        }
        onSaved(t('std.item.saved'));
      }}
    >
      <Form.Item name="areaId" label={t('std.field.area')} rules={[{ required: true }]}>
        <Select options={detail.areas.map((a) => ({ value: a.id, label: `${a.code} ${a.name}` }))} data-testid="std-item-area" />
      </Form.Item>
      <Form.Item
        name="code"
        label={t('std.field.code')}
        extra={t('std.field.codeHint')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('std.field.code') }) },
          { pattern: CODE_PATTERN, message: t('std.field.codeHint') },
        ]}
      >
        <Input maxLength={32} data-testid="std-item-code" />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('std.field.title')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('std.field.title') }) }]}
      >
        <Input maxLength={200} data-testid="std-item-title" />
      </Form.Item>
      <Form.Item
        name="criterion"
        label={t('std.field.criterion')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('std.field.criterion') }) }]}
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="std-item-criterion" />
      </Form.Item>
      <Form.Item
        name="expectedEvidence"
        label={t('std.field.evidence')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('std.field.evidence') }) }]}
      >
        <Input.TextArea rows={2} maxLength={1000} data-testid="std-item-evidence" />
      </Form.Item>
      <div className="std-form-row">
        <Form.Item
          name="weight"
          label={t('std.field.weight')}
          rules={[{ required: true, message: t('common.required', { field: t('std.field.weight') }) }]}
        >
          <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} data-testid="std-item-weight" />
        </Form.Item>
        <Form.Item name="appliesTo" label={t('std.field.appliesTo')} rules={[{ required: true }]}>
          <Select options={appliesToOptions(pick)} data-testid="std-item-applies" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('std.field.sortOrder')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </div>
    </FormModal>
  );
}
