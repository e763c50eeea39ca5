import { Checkbox, Flex, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import type { PartyMember } from '../../../domain/contracts/members.ts';
import { isPhoneText, MEMBER_GENDER_LABELS, MEMBER_STATUS_LABELS } from '../../../domain/member-sheet.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { useHasPermission } from '../../api/session.ts';
import { useCreateMember, useStudyOverview, useUpdateMember } from '../../api/study.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { changedFields } from './changed-fields.ts';
import { probationDateRefused } from './member-probation.ts';

interface MemberValues {
  /** Only when adding: the branch whose register it is. */
  organizationId?: string;
  name: string;
  gender: PartyMember['gender'];
  joinedOn?: string;
  status: PartyMember['status'];
  worksAway: boolean;
  phone?: string;
  note?: string;
}

const memberFields = (v: MemberValues, withPhone: boolean) => ({
  name: v.name.trim(),
  gender: v.gender,
  joinedOn: v.joinedOn || null,
  status: v.status,
  worksAway: v.worksAway,
  note: v.note?.trim() || null,
  ...(withPhone && { phone: v.phone?.trim() || null }),
});

/**
 * 添加党员 (member = null, to one of the branches the reader records for) or 修改党员信息: name, gender, joining
 * date, 正式/预备, 流动党员, note; the phone only for a reader the server shows it to (member.phone over the branch):
 * the field is not even rendered otherwise, and never sent. 409 on a stale version.
 */
export function MemberModal({ member, onClose }: { member: PartyMember | null; onClose: () => void }) {
  const { t, pick } = useI18n();
  const update = useUpdateMember();
  const create = useCreateMember();
  const overview = useStudyOverview();
  const branches = (overview.data?.branches ?? []).filter((b) => b.canRecord);
  // The list sends the number only to readers holding member.phone over the branch (phoneHidden otherwise).
  const phoneEditable = useHasPermission('member.phone') && !member?.phoneHidden;
  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  const [initial] = useState<MemberValues>(() => ({
    organizationId: member ? undefined : branches.length === 1 ? branches[0]!.id : undefined,
    name: member?.name ?? '',
    gender: member?.gender ?? 'male',
    joinedOn: member?.joinedOn ?? '',
    status: member?.status ?? 'full',
    worksAway: member?.worksAway ?? false,
    phone: member?.phone ?? '',
    note: member?.note ?? '',
  }));
  return (
    <FormModal<MemberValues>
      open
      title={member ? t('study.member.editTitle', { name: member.name }) : t('study.member.new')}
      onClose={onClose}
      testIdPrefix="study-member-edit"
      initialValues={initial}
      onSubmit={async (v) => {
        if (!member) {
          await create.mutateAsync({ organizationId: v.organizationId!, ...memberFields(v, phoneEditable) });
          return;
        }
        // Only what this form changed (the phone never for a reader who may not see it), with the latest version.
        const changes = changedFields(memberFields(initial, phoneEditable), memberFields(v, phoneEditable));
        if (Object.keys(changes).length) await update.mutateAsync({ id: member.id, body: { version: member.version, ...changes } });
      }}
    >
      {!member && (
        <Form.Item name="organizationId" label={t('study.record.branch')} rules={[{ required: true, message: t('study.record.branch') }]}>
          <Select
            options={branches.map((b) => ({ value: b.id, label: b.parentName ? `${b.parentName} · ${b.name}` : b.name }))}
            data-testid="study-member-edit-branch"
          />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('study.col.name')} rules={[required(t('study.col.name')), { max: 30 }]}>
        <Input maxLength={30} data-testid="study-member-edit-name" />
      </Form.Item>
      <Flex gap={8} wrap>
        <Form.Item name="gender" label={t('study.member.gender')} style={{ flex: 1 }}>
          <Radio.Group
            optionType="button"
            options={(['male', 'female'] as const).map((g) => ({ value: g, label: pick(MEMBER_GENDER_LABELS[g]) }))}
          />
        </Form.Item>
        <Form.Item
          name="joinedOn"
          label={t('study.col.joinedOn')}
          style={{ flex: 1 }}
          // A 预备党员 joined at most two years ago (the server refuses it too): said here, beside the date, at once.
          dependencies={['status']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) =>
                probationDateRefused(
                  { status: getFieldValue('status') as MemberValues['status'], joinedOn: v },
                  member ? initial : null,
                  shanghaiDate(new Date()),
                )
                  ? Promise.reject(new Error(t('study.member.probationTooOld')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input type="date" max={shanghaiDate(new Date())} data-testid="study-member-edit-joined" />
        </Form.Item>
      </Flex>
      <Form.Item name="status" label={t('study.col.memberStatus')}>
        <Radio.Group
          optionType="button"
          options={(['full', 'probationary'] as const).map((s) => ({ value: s, label: pick(MEMBER_STATUS_LABELS[s]) }))}
          data-testid="study-member-edit-status"
        />
      </Form.Item>
      <Form.Item name="worksAway" valuePropName="checked">
        <Checkbox data-testid="study-member-edit-away">{t('study.member.worksAway')}</Checkbox>
      </Form.Item>
      {phoneEditable && (
        <Form.Item
          name="phone"
          label={t('study.col.phone')}
          extra={t('study.member.phoneHint')}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                !v?.trim() || isPhoneText(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('study.member.phoneBad'))),
            },
          ]}
        >
          <Input inputMode="tel" maxLength={20} data-testid="study-member-edit-phone" />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('study.plan.note')} rules={[{ max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}
