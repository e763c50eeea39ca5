import { Button, Checkbox, Flex, Form, Input, Popconfirm, Segmented, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import type { NewParticipant, Tour } from '../../../domain/contracts/tours.ts';
import { TOUR_ROLE_LABELS, TOUR_ROLES, type TourRole } from '../../../domain/tour-roles.ts';
import { useHasPermission } from '../../api/session.ts';
import { useAddParticipants, useCreateTour, useMemberSearch, useRemoveParticipant, useUpdateTour } from '../../api/study.ts';
import { useUsers } from '../../api/users.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { changedFields } from './changed-fields.ts';

interface TourValues {
  title: string;
  tourDate: string;
  destination: string;
  purpose: string;
  invitedRoles: TourRole[];
}

/** 组织观摩学习 (tour = null) or edit one: date, destination, purpose, the invited roles. A stale version is answered 409. */
export function TourModal({ tour, onClose }: { tour: Tour | null; onClose: () => void }) {
  const { t, pick } = useI18n();
  const create = useCreateTour();
  const update = useUpdateTour();
  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  const [opened] = useState<TourValues | null>(() =>
    tour
      ? {
          title: tour.title,
          tourDate: tour.tourDate,
          destination: tour.destination,
          purpose: tour.purpose,
          invitedRoles: tour.invitedRoles,
        }
      : null,
  );
  return (
    <FormModal<TourValues>
      open
      title={tour ? t('study.tour.editTitle') : t('study.tour.new')}
      onClose={onClose}
      testIdPrefix="study-tour-form"
      width={600}
      initialValues={opened ?? { invitedRoles: [...TOUR_ROLES] }}
      onSubmit={async (v) => {
        const fields = {
          title: v.title.trim(),
          tourDate: v.tourDate,
          destination: v.destination.trim(),
          purpose: v.purpose.trim(),
          invitedRoles: v.invitedRoles,
        };
        if (tour) {
          // Only what this form changed, with the latest version (a retry after a 409 keeps others' edits to the rest).
          const changes = changedFields(opened!, fields);
          if (Object.keys(changes).length) await update.mutateAsync({ id: tour.id, body: { version: tour.version, ...changes } });
        } else await create.mutateAsync(fields);
      }}
    >
      <Form.Item name="title" label={t('study.tour.title')} rules={[required(t('study.tour.title')), { max: 60 }]}>
        <Input maxLength={60} placeholder={t('study.tour.titleHint')} data-testid="study-tour-form-title" />
      </Form.Item>
      <Flex gap={8}>
        <Form.Item name="tourDate" label={t('study.tour.date')} rules={[required(t('study.tour.date'))]} style={{ flex: 1 }}>
          <Input type="date" data-testid="study-tour-form-date" />
        </Form.Item>
        <Form.Item
          name="destination"
          label={t('study.tour.destination')}
          rules={[required(t('study.tour.destination')), { max: 60 }]}
          style={{ flex: 2 }}
        >
          <Input maxLength={60} data-testid="study-tour-form-destination" />
        </Form.Item>
      </Flex>
      <Form.Item name="purpose" label={t('study.tour.purpose')} rules={[required(t('study.tour.purpose')), { max: 1000 }]}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} data-testid="study-tour-form-purpose" />
      </Form.Item>
      <Form.Item
        name="invitedRoles"
        label={t('study.tour.invited')}
        rules={[{ required: true, type: 'array', min: 1, message: t('study.tour.invitedNeeded') }]}
      >
        <Checkbox.Group options={TOUR_ROLES.map((r) => ({ value: r, label: pick(TOUR_ROLE_LABELS[r]) }))} />
      </Form.Item>
    </FormModal>
  );
}

type Source = 'members' | 'users';

/**
 * 登记观摩人员 for the district: pick members from the register (searched by name across the branches) or users
 * from the user list (for readers who may see it), with the role they go as; take one off the list after asking.
 */
export function TourParticipants({ tour }: { tour: Tour }) {
  const { t, pick } = useI18n();
  const canReadUsers = useHasPermission('user.read');
  const [source, setSource] = useState<Source>('members');
  const [role, setRole] = useState<TourRole>(tour.invitedRoles[0] ?? 'village_secretary');
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [pickOpen, setPickOpen] = useState(false);
  const members = useMemberSearch(q, source === 'members');
  const users = useUsers({ q: q || undefined, page: 1, pageSize: 30 }, canReadUsers && source === 'users');
  const add = useAddParticipants();
  const remove = useRemoveParticipant();

  const userOrg = (id: string) => users.data?.items.find((u) => u.id === id)?.roles[0]?.organizationId;
  const options =
    source === 'members'
      ? (members.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} · ${m.organizationName}` }))
      : (users.data?.items ?? []).map((u) => ({
          value: u.id,
          label: `${u.displayName} · ${u.roles[0]?.organizationName ?? t('study.tour.noUnit')}`,
          disabled: u.roles.length === 0,
        }));

  const submit = () => {
    const participants: NewParticipant[] = picked.map((id) =>
      source === 'members' ? { role, memberId: id } : { role, userId: id, organizationId: userOrg(id) },
    );
    add.mutate({ id: tour.id, body: { participants } }, { onSuccess: () => setPicked([]) });
  };

  return (
    <Flex vertical gap={8} data-testid="study-tour-participants">
      <strong>{t('study.tour.participants', { n: tour.participants.length })}</strong>
      <Flex gap={8} wrap align="center">
        {canReadUsers && (
          <Segmented<Source>
            value={source}
            onChange={(v) => {
              setSource(v);
              setPicked([]);
              setQ('');
            }}
            options={[
              { value: 'members', label: t('study.tour.fromMembers') },
              { value: 'users', label: t('study.tour.fromUsers') },
            ]}
            data-testid="study-tour-source"
          />
        )}
        <Select
          style={{ minWidth: 200 }}
          value={role}
          onChange={setRole}
          options={TOUR_ROLES.map((r) => ({ value: r, label: pick(TOUR_ROLE_LABELS[r]) }))}
          data-testid="study-tour-role"
        />
      </Flex>
      {/* The list closes once someone is picked: open, it covered the 添加 button right below it. */}
      <Select
        mode="multiple"
        showSearch
        filterOption={false}
        onSearch={setQ}
        value={picked}
        onChange={setPicked}
        open={pickOpen}
        onOpenChange={setPickOpen}
        onSelect={() => setPickOpen(false)}
        options={options}
        loading={source === 'members' ? members.isFetching : users.isFetching}
        placeholder={source === 'members' ? t('study.tour.searchMembers') : t('study.tour.searchUsers')}
        notFoundContent={t('study.tour.nobodyFound')}
        style={{ width: '100%' }}
        data-testid="study-tour-pick"
      />
      {(members.error || users.error) && <ErrorAlert error={members.error ?? users.error} />}
      {add.error && <ErrorAlert error={add.error} title={t('study.tour.addFailed')} />}
      {remove.error && <ErrorAlert error={remove.error} />}
      <Button
        style={{ alignSelf: 'flex-start' }}
        type="primary"
        disabled={picked.length === 0}
        loading={add.isPending}
        onClick={submit}
        data-testid="study-tour-add"
      >
        {t('study.tour.add', { n: picked.length })}
      </Button>
      <Table
        size="small"
        rowKey="id"
        dataSource={tour.participants}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 480 }}
        data-testid="study-tour-participant-list"
        columns={[
          { title: t('study.col.name'), dataIndex: 'name' },
          { title: t('study.tour.role'), render: (_, p) => <Tag>{pick(TOUR_ROLE_LABELS[p.role])}</Tag> },
          { title: t('study.col.organization'), dataIndex: 'organizationName' },
          {
            title: t('common.actions'),
            render: (_, p) => (
              <Popconfirm
                title={t('study.tour.removeConfirm', { name: p.name })}
                okText={t('study.tour.remove')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'study-tour-remove-confirm' }}
                onConfirm={() => remove.mutate({ id: tour.id, participantId: p.id })}
              >
                <Button
                  size="small"
                  danger
                  loading={remove.isPending && remove.variables.participantId === p.id}
                  data-testid="study-tour-remove"
                >
                  {t('study.tour.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Flex>
  );
}
