import { Select } from 'antd';
import { useMemo } from 'react';
import type { OrganizationTreeNode } from '../../../domain/contracts/organizations.ts';
import { useOrganizationTree } from '../../api/organizations.ts';

interface VillageGroup {
  /** The 街道 (or whatever sits above), as the dropdown's group title. */
  label: string;
  options: Array<{ value: string; label: string }>;
}

/** The villages and communities of the tree the user may see (not archived), grouped under their parent. */
export function useVillageOptions(): { groups: VillageGroup[]; names: Map<string, string>; loading: boolean } {
  const tree = useOrganizationTree(false);
  return useMemo(() => {
    const byParent = new Map<string, VillageGroup>();
    const names = new Map<string, string>();
    const walk = (n: OrganizationTreeNode, parent: OrganizationTreeNode | null) => {
      if ((n.kind === 'village' || n.kind === 'community') && !n.archived) {
        const key = parent?.id ?? '';
        const group = byParent.get(key) ?? { label: parent?.name ?? '', options: [] };
        group.options.push({ value: n.id, label: n.name });
        byParent.set(key, group);
        names.set(n.id, n.name);
      }
      n.children.forEach((c) => walk(c, n));
    };
    (tree.data ?? []).forEach((r) => walk(r, null));
    return { groups: [...byParent.values()], names, loading: tree.isLoading };
  }, [tree.data, tree.isLoading]);
}

export interface VillageSelectProps {
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  /** Villages already linked (with their names), in case one is no longer in the tree. */
  linked?: ReadonlyArray<{ id: string; name: string }>;
  id?: string;
  'data-testid'?: string;
}

/**
 * Picks several villages (相关村) for a work-news article: a searchable
 * multi-select grouped by 街道. Villages linked earlier that are no longer in
 * the list (archived) stay selected under their name.
 */
export function VillageSelect({ value, onChange, placeholder, linked, id, 'data-testid': testId }: VillageSelectProps) {
  const { groups, names, loading } = useVillageOptions();
  const options = useMemo(() => {
    const missing = (linked ?? []).filter((v) => !names.has(v.id)).map((v) => ({ value: v.id, label: v.name }));
    return missing.length ? [...groups, { label: '—', options: missing }] : groups;
  }, [groups, names, linked]);
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
      loading={loading}
      maxCount={30}
      placeholder={placeholder}
      style={{ width: '100%' }}
    />
  );
}
