import { Checkbox, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import type { Venue } from '../../../domain/contracts/venues.ts';
import { VENUE_PROJECT_KIND_LABELS, VENUE_PROJECT_KINDS, type VenueProjectKind } from '../../../domain/venue-project-workflow.ts';
import {
  VENUE_OWNERSHIP_LABELS,
  VENUE_OWNERSHIPS,
  VENUE_USE_LABELS,
  VENUE_USES,
  type VenueOwnership,
  type VenueUse,
} from '../../../domain/venue-rules.ts';
import { useCreateProject, useCreateVenue, useUpdateVenue } from '../../api/venues.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/index.ts';
import { plannedAreaDefault } from './venue-defaults.ts';
import { venuePaths } from './venue-ui.tsx';

export interface FigureValues {
  buildingArea: number;
  ownership: VenueOwnership;
  currentUse: VenueUse;
  hallArea: number;
  hasSignage: boolean;
  rulesPosted: boolean;
}

/** The figures the rules judge: area, holding, use, service hall, signage and posted rules. */
export function FigureFields() {
  const { t, pick } = useI18n();
  return (
    <>
      <Form.Item
        name="buildingArea"
        label={t('venues.field.buildingArea')}
        rules={[{ required: true, message: t('common.required', { field: t('venues.field.buildingArea') }) }]}
      >
        <InputNumber min={0} max={100000} step={1} precision={1} style={{ width: '100%' }} addonAfter="㎡" data-testid="venue-field-area" />
      </Form.Item>
      <Form.Item name="ownership" label={t('venues.field.ownership')} rules={[{ required: true }]}>
        <Select
          data-testid="venue-field-ownership"
          options={VENUE_OWNERSHIPS.map((o) => ({ value: o, label: pick(VENUE_OWNERSHIP_LABELS[o]) }))}
        />
      </Form.Item>
      <Form.Item name="currentUse" label={t('venues.field.currentUse')} rules={[{ required: true }]}>
        <Select options={VENUE_USES.map((u) => ({ value: u, label: pick(VENUE_USE_LABELS[u]) }))} />
      </Form.Item>
      <Form.Item name="hallArea" label={t('venues.field.hallArea')} rules={[{ required: true }]}>
        <InputNumber min={0} max={10000} precision={1} style={{ width: '100%' }} addonAfter="㎡" data-testid="venue-field-hall" />
      </Form.Item>
      <Form.Item name="hasSignage" valuePropName="checked">
        <Checkbox>{t('venues.field.hasSignage')}</Checkbox>
      </Form.Item>
      <Form.Item name="rulesPosted" valuePropName="checked">
        <Checkbox>{t('venues.field.rulesPosted')}</Checkbox>
      </Form.Item>
    </>
  );
}

type VenueValues = FigureValues & { organizationId: string; name: string; address: string; notes?: string; correctionReason?: string };

/** 登记 / 修改活动场所 (district officers). */
export function VenueModal({ venue, onClose }: { venue: Venue | 'new'; onClose: () => void }) {
  const { t } = useI18n();
  const create = useCreateVenue();
  const update = useUpdateVenue();
  const isNew = venue === 'new';
  return (
    <FormModal<VenueValues>
      open
      title={isNew ? t('venues.register.create') : t('venues.register.edit')}
      testIdPrefix="venue-form"
      onClose={onClose}
      initialValues={
        isNew
          ? // No figures of our own: the official enters what was found (a default of 自有 would pass a rented venue).
            { hasSignage: false, rulesPosted: false }
          : {
              name: venue.name,
              address: venue.address,
              buildingArea: venue.buildingArea,
              ownership: venue.ownership,
              currentUse: venue.currentUse,
              hallArea: venue.hallArea,
              hasSignage: venue.hasSignage,
              rulesPosted: venue.rulesPosted,
              notes: venue.notes ?? '',
            }
      }
      onSubmit={async ({ organizationId, notes, correctionReason, ...v }) => {
        if (isNew) await create.mutateAsync({ organizationId, ...v, notes: notes || null });
        else
          await update.mutateAsync({
            id: venue.id,
            body: {
              version: venue.version,
              ...v,
              notes: notes || null,
              ...(correctionReason?.trim() && { correctionReason: correctionReason.trim() }),
            },
          });
      }}
    >
      {isNew ? (
        <Form.Item name="organizationId" label={t('venues.field.organization')} rules={[{ required: true }]}>
          <OrgTreeSelect isDisabled={(n) => n.kind !== 'village' && n.kind !== 'community'} />
        </Form.Item>
      ) : null}
      <Form.Item name="name" label={t('venues.field.name')} rules={[{ required: true }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="address" label={t('venues.field.address')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <FigureFields />
      <Form.Item name="notes" label={t('venues.field.notes')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      {/* On the clearance list, only an accepted project takes it off; an edit that would is a correction, with its reason. */}
      {!isNew && !venue.passes ? (
        <Form.Item name="correctionReason" label={t('venues.field.correctionReason')} extra={t('venues.field.correctionReasonHint')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="venue-field-correction" />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}

export interface PlanValues {
  kind: VenueProjectKind;
  plan: string;
  budget: number;
  plannedArea: number;
  deadline?: dayjs.Dayjs | null;
}

/** The plan's fields (新建/扩建/改建, text, budget, planned area, deadline). */
export function PlanFields() {
  const { t, pick } = useI18n();
  return (
    <>
      <Form.Item name="kind" label={t('venues.field.kind')} rules={[{ required: true }]}>
        <Select
          data-testid="project-field-kind"
          options={VENUE_PROJECT_KINDS.map((k) => ({ value: k, label: pick(VENUE_PROJECT_KIND_LABELS[k]) }))}
        />
      </Form.Item>
      <Form.Item
        name="plan"
        label={t('venues.field.plan')}
        rules={[{ required: true, message: t('common.required', { field: t('venues.field.plan') }) }]}
      >
        <Input.TextArea rows={4} maxLength={4000} data-testid="project-field-plan" />
      </Form.Item>
      <Form.Item
        name="budget"
        label={t('venues.field.budget')}
        rules={[{ required: true, message: t('common.required', { field: t('venues.field.budget') }) }]}
      >
        <InputNumber
          min={0.01}
          max={20000000}
          precision={2}
          style={{ width: '100%' }}
          addonAfter={t('venues.yuan')}
          data-testid="project-field-budget"
        />
      </Form.Item>
      <Form.Item name="plannedArea" label={t('venues.field.plannedArea')} rules={[{ required: true }]}>
        <InputNumber min={0} max={100000} precision={1} style={{ width: '100%' }} addonAfter="㎡" data-testid="project-field-area" />
      </Form.Item>
      <Form.Item name="deadline" label={t('venues.field.deadline')} extra={t('venues.field.deadlineHint')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </>
  );
}

/** 拟定整改项目 for a venue on the clearance list (the village secretary or the district). */
export function DraftProjectModal({ venue, onClose }: { venue: Venue; onClose: () => void }) {
  const { t } = useI18n();
  const create = useCreateProject();
  const navigate = useNavigate();
  return (
    <FormModal<PlanValues>
      open
      title={t('venues.project.draftFor', { venue: `${venue.organizationName} ${venue.name}` })}
      testIdPrefix="project-draft"
      onClose={onClose}
      initialValues={{ kind: venue.ownership === 'rented' ? 'new_build' : 'expansion', plannedArea: plannedAreaDefault(venue) }}
      onSubmit={async (v) => {
        const p = await create.mutateAsync({
          venueId: venue.id,
          kind: v.kind,
          plan: v.plan,
          budget: v.budget,
          plannedArea: v.plannedArea,
          deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : undefined,
        });
        void navigate(venuePaths.project(p.id));
      }}
    >
      <PlanFields />
    </FormModal>
  );
}
