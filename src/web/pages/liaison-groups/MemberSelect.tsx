import { Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useMemberCandidates } from '../../api/liaison-groups.ts';
import { useI18n } from '../../i18n/index.ts';

export interface KnownMember {
  userId: string;
  displayName: string;
  username: string;
}

interface Props {
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** The person already in the seat, so the box shows a name before any search. */
  initial?: KnownMember;
  id?: string;
  'data-testid'?: string;
}

/** Picks one account for a seat; typing searches the server's member candidates. */
export function MemberSelect({ value, onChange, initial, id, 'data-testid': testId }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const candidates = useMemberCandidates(q);

  const options = (candidates.data ?? []).map((c) => ({
    value: c.id,
    label: `${c.displayName}（${c.username}）`,
    groups: c.groups,
  }));
  if (initial && !options.some((o) => o.value === initial.userId)) {
    options.unshift({ value: initial.userId, label: `${initial.displayName}（${initial.username}）`, groups: [] });
  }

  return (
    <Select
      id={id}
      data-testid={testId}
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setText}
      placeholder={t('lg.field.memberPlaceholder')}
      notFoundContent={candidates.isFetching ? <Spin size="small" /> : undefined}
      options={options}
      optionRender={(option) => (
        <div>
          <div>{option.data.label}</div>
          {option.data.groups.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('lg.member.inGroups', { groups: option.data.groups.join('、') })}
            </Typography.Text>
          )}
        </div>
      )}
    />
  );
}
