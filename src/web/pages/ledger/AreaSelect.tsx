import { useQueries } from '@tanstack/react-query';
import { Select } from 'antd';
import { useMemo } from 'react';
import type { StandardVersionDetail } from '../../../domain/contracts/standards.ts';
import { api } from '../../api/client.ts';
import { standardKeys, useStandards } from '../../api/standards.ts';

/**
 * The ledger's 领域 filter: the areas of the published standards, by the names people know (组织设置, 制度建设 …),
 * searchable by name or code. The filter itself stays the area's code (`?area=ZDJS`), as the API and links take it.
 */
export function AreaSelect({
  value,
  onChange,
  placeholder,
  className,
}: {
  value: string | undefined;
  onChange: (code: string | null) => void;
  placeholder: string;
  className?: string;
}) {
  const standards = useStandards();
  const versionIds = useMemo(
    () => (standards.data?.items ?? []).map((s) => s.currentVersionId).filter((id): id is string => Boolean(id)),
    [standards.data],
  );
  const versions = useQueries({
    queries: versionIds.map((id) => ({
      queryKey: standardKeys.version(id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<StandardVersionDetail>(`/api/standard-versions/${encodeURIComponent(id)}`, signal),
      staleTime: 5 * 60_000,
    })),
  });
  const loading = standards.isLoading || versions.some((v) => v.isLoading);
  const options = useMemo(() => {
    const byCode = new Map<string, string>();
    for (const v of versions) for (const a of v.data?.areas ?? []) if (!byCode.has(a.code)) byCode.set(a.code, a.name);
    // A code typed into a link that no published standard has still shows, as itself.
    if (value && !byCode.has(value)) byCode.set(value, value);
    return [...byCode].map(([code, name]) => ({ value: code, label: name === code ? code : `${name}（${code}）` }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the versions' data is what matters, not the array
  }, [versions.map((v) => v.dataUpdatedAt).join(','), value]);

  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      className={className}
      placeholder={placeholder}
      loading={loading}
      value={value}
      options={options}
      onChange={(code?: string) => onChange(code ?? null)}
      popupMatchSelectWidth={false}
      data-testid="ledger-filter-area"
    />
  );
}
