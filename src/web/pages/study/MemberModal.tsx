import { Checkbox, Flex, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import type { PartyMember } from '../../../domain/contracts/members.ts';
import { isPhoneText, MEMBER_GENDER_LABELS, MEMBER_STATUS_LABELS } from '../../../domain/member-sheet.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { useHasPermission } from '../../api/session.ts';
import { useUpdateMember } from '../../api/study.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { changedFields } from './changed-fields.ts';

interface MemberValues {
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
 * 修改党员信息: name, gender, joining date, 正式/预备, 流动党员, note; the phone only for a reader the server shows
 * it to (member.phone over the branch): the field is not even rendered otherwise, and never sent. 409 on a stale version.
 */
export function MemberModal({ member, onClose }: { member: PartyMember; onClose: () => void }) {
  const { t, pick } = useI18n();
  const update = useUpdateMember();
  // The list sends the number only to readers holding member.phone over the branch (phoneHidden otherwise).
  const phoneEditable = useHasPermission('member.phone') && !member.phoneHidden;
  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  const [initial] = useState<MemberValues>(() => ({
    name: member.name,
    gender: member.gender,
    joinedOn: member.joinedOn ?? '',
    status: member.status,
    worksAway: member.worksAway,
    phone: member.phone ?? '',
    note: member.note ?? '',
  }));
  return (
    <FormModal<MemberValues>
      open
      title={t('study.member.editTitle', { name: member.name })}
      onClose={onClose}
      testIdPrefix="study-member-edit"
      initialValues={initial}
      onSubmit={async (v) => {
        // Only what this form changed (the phone never for a reader who may not see it), with the latest version.
        const changes = changedFields(memberFields(initial, phoneEditable), memberFields(v, phoneEditable));
        if (Object.keys(changes).length) await update.mutateAsync({ id: member.id, body: { version: member.version, ...changes } });
      }}
    >
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
        <Form.Item name="joinedOn" label={t('study.col.joinedOn')} style={{ flex: 1 }}>
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
