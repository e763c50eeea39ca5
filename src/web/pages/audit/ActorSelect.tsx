import { Select } from 'antd';
import { useDeferredValue, useMemo, useState } from 'react';
import { useUser, useUsers } from '../../api/users.ts';

/** Picks a user by typing part of the name; the chosen one keeps its label even when off the list. */
export function ActorSelect({
  value,
  onChange,
  placeholder,
}: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  placeholder: string;
}) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const list = useUsers({ q: q || undefined, includeDisabled: true, page: 1, pageSize: 20 });
  const selected = useUser(value);

  const options = useMemo(() => {
    const items = list.data?.items ?? [];
    const opts = items.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));
    if (value && selected.data && !opts.some((o) => o.value === value)) {
      opts.unshift({ value, label: `${selected.data.displayName}（${selected.data.username}）` });
    }
    return opts;
  }, [list.data, selected.data, value]);

  return (
    <Select
      value={value}
      onChange={(v: string | undefined) => onChange(v)}
      placeholder={placeholder}
      allowClear
      showSearch
      filterOption={false}
      onSearch={setSearch}
      loading={list.isFetching}
      options={options}
      style={{ width: '100%' }}
      data-testid="audit-filter-actor"
    />
  );
}
