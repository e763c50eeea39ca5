import { Form, Input, Select } from 'antd';
import { useCallback, useMemo } from 'react';
import type { LiaisonGroup } from '../../../domain/contracts/liaison-groups.ts';
import { useCreateLiaisonGroup, useUpdateLiaisonGroup } from '../../api/liaison-groups.ts';
import { useVillageChoices, villageSearchProps } from '../../api/organizations.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { onSeatFields, SEAT_LABELS, SEATS, type Seat } from './lg-shared.ts';
import { MemberSelect } from './MemberSelect.tsx';

type Values = { name: string; departmentName: string; villageIds: string[] } & Record<Seat, string | undefined>;

interface VillageOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/** Villages and communities, grouped under their sub-district (a province's found by the server as a name is typed). */
function useVillageOptions(group: LiaisonGroup | undefined, others: LiaisonGroup[], takenBy: (name: string) => string) {
  const villages = useVillageChoices(true);
  const options = useMemo(() => {
    // A village belongs to at most one active group.
    const holder = new Map<string, string>();
    for (const g of others) {
      if (g.archived || g.id === group?.id) continue;
      for (const v of g.villages) holder.set(v.id, g.name);
    }
    const groups = new Map<string, VillageOption[]>();
    const seen = new Set<string>();
    const add = (parentName: string, option: VillageOption) => {
      groups.set(parentName, [...(groups.get(parentName) ?? []), option]);
      seen.add(option.value);
    };
    for (const v of villages.choices) {
      const held = holder.get(v.id);
      add(v.parentName ?? '', { value: v.id, label: held ? `${v.name}（${takenBy(held)}）` : v.name, disabled: Boolean(held) });
    }
    for (const v of group?.villages ?? []) if (!seen.has(v.id)) add(v.parentName ?? '', { value: v.id, label: v.name });
    return [...groups.entries()].map(([parent, list]) => ({ label: parent || '—', title: parent, options: list }));
  }, [villages.choices, group, others, takenBy]);
  return { options, loading: villages.loading, search: villageSearchProps(villages) };
}

interface GroupModalProps {
  group?: LiaisonGroup;
  /** The groups on screen, to mark villages another group already covers. */
  others: LiaisonGroup[];
  onClose: () => void;
  onSaved: (name: string) => void;
}

export function GroupModal({ group, others, onClose, onSaved }: GroupModalProps) {
  const { t, pick } = useI18n();
  const create = useCreateLiaisonGroup();
  const update = useUpdateLiaisonGroup();
  const takenBy = useCallback((name: string) => t('lg.field.takenBy', { name }), [t]);
  const villages = useVillageOptions(group, others, takenBy);
  const seatMember = (seat: Seat) => group?.members.find((m) => m.seat === seat);

  const initialValues: Partial<Values> = group
    ? {
        name: group.name,
        departmentName: group.departmentName,
        villageIds: group.villages.map((v) => v.id),
        party_office: seatMember('party_office')?.userId,
        department: seatMember('department')?.userId,
        subdistrict: seatMember('subdistrict')?.userId,
      }
    : { villageIds: [] };

  return (
    <FormModal<Values>
      open
      width={640}
      title={group ? t('lg.edit.title', { name: group.name }) : t('lg.create.title')}
      onClose={onClose}
      testIdPrefix="lg-form"
      initialValues={initialValues}
      onSubmit={async (values) => {
        const members = SEATS.map((seat) => ({ seat, userId: values[seat] ?? '' }));
        if (new Set(members.map((m) => m.userId)).size !== 3) throw new Error(t('lg.field.memberDifferent'));
        const body = { name: values.name, departmentName: values.departmentName, members, villageIds: values.villageIds ?? [] };
        try {
          const saved = group
            ? await update.mutateAsync({ id: group.id, body: { version: group.version, ...body } })
            : await create.mutateAsync(body);
          onSaved(saved.name);
        } catch (err) {
          // A village held by another group (409 with `conflicts`) is no edit conflict: ApiError.isStale says so.
          throw onSeatFields(
            err,
            members.map((m) => m.seat),
            t('lg.member.refused'),
          );
        }
      }}
    >
      <Form.Item
        name="name"
        label={t('lg.field.name')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('lg.field.name') }) }]}
      >
        <Input maxLength={100} placeholder="第一包联组" data-testid="lg-form-name" />
      </Form.Item>
      <Form.Item
        name="departmentName"
        label={t('lg.field.department')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('lg.field.department') }) }]}
      >
        <Input maxLength={100} placeholder={t('lg.field.departmentPlaceholder')} data-testid="lg-form-department" />
      </Form.Item>
      {SEATS.map((seat) => {
        const member = seatMember(seat);
        return (
          <Form.Item
            key={seat}
            name={seat}
            label={t('lg.seat.cadre', { seat: pick(SEAT_LABELS[seat]) })}
            rules={[{ required: true, message: t('common.required', { field: t('lg.seat.cadre', { seat: pick(SEAT_LABELS[seat]) }) }) }]}
          >
            <MemberSelect initial={member} data-testid={`lg-form-seat-${seat}`} />
          </Form.Item>
        );
      })}
      <Form.Item
        name="villageIds"
        label={t('lg.field.villages')}
        rules={[{ required: true, type: 'array', min: 1, message: t('common.required', { field: t('lg.field.villages') }) }]}
      >
        <Select
          mode="multiple"
          options={villages.options}
          loading={villages.loading}
          placeholder={t('lg.field.villagesPlaceholder')}
          optionFilterProp="label"
          allowClear
          data-testid="lg-form-villages"
          {...villages.search}
        />
      </Form.Item>
    </FormModal>
  );
}
