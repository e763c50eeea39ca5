import { Select } from 'antd';
import { useMemo } from 'react';
import { useVillageChoices, villageSearchProps } from '../../api/organizations.ts';

export interface VillageSelectProps {
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  /** Villages already linked (with their names), in case one is no longer in the list. */
  linked?: ReadonlyArray<{ id: string; name: string }>;
  id?: string;
  'data-testid'?: string;
}

/**
 * Picks several villages (相关村) for a work-news article: a searchable multi-select grouped by 街道 (a
 * province's villages are found by the server as the name is typed). Villages linked earlier that are no longer
 * offered (archived) stay selected under their name.
 */
export function VillageSelect({ value, onChange, placeholder, linked, id, 'data-testid': testId }: VillageSelectProps) {
  const villages = useVillageChoices(true);
  const options = useMemo(() => {
    const byParent = new Map<string, { label: string; options: Array<{ value: string; label: string }> }>();
    for (const v of villages.choices) {
      const group = byParent.get(v.parentName ?? '') ?? { label: v.parentName ?? '', options: [] };
      group.options.push({ value: v.id, label: v.name });
      byParent.set(v.parentName ?? '', group);
    }
    const offered = new Set(villages.choices.map((v) => v.id));
    const missing = (linked ?? []).filter((v) => !offered.has(v.id)).map((v) => ({ value: v.id, label: v.name }));
    const groups = [...byParent.values()];
    return missing.length ? [...groups, { label: '—', options: missing }] : groups;
  }, [villages.choices, linked]);
  return (
    <Select<string[]>
      id={id}
      data-testid={testId}
      mode="multiple"
      value={value ?? []}
      onChange={(v) => onChange?.(v)}
      options={options}
      optionFilterProp="label"
      showSearch
      allowClear
      loading={villages.loading}
      maxCount={30}
      placeholder={placeholder}
      style={{ width: '100%' }}
      {...villageSearchProps(villages)}
    />
  );
}
