import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { OrganizationTreeNode } from '../../domain/contracts/organizations.ts';
import { ORGANIZATION_KIND_LABELS } from '../../domain/organizations.ts';
import { useOrganizationTree } from '../api/organizations.ts';
import { useI18n } from '../i18n/index.ts';

interface Option {
  value: string;
  /** Shown in the dropdown: name with its kind. */
  title: string;
  /** Shown in the box once picked. */
  label: string;
  disabled?: boolean;
  children: Option[];
}

export interface OrgTreeSelectProps {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  includeArchived?: boolean;
  /** Nodes to show greyed out (e.g. the moved subtree, or kinds that may not be a parent). */
  isDisabled?: (node: OrganizationTreeNode) => boolean;
  /** Nodes to leave out entirely, with their subtree. */
  isHidden?: (node: OrganizationTreeNode) => boolean;
  allowClear?: boolean;
  id?: string;
  'data-testid'?: string;
}

/** Picks one organization from the tree the user may see; search filters by name. */
export function OrgTreeSelect({
  value,
  onChange,
  placeholder,
  includeArchived = false,
  isDisabled,
  isHidden,
  allowClear,
  id,
  'data-testid': dataTestId,
}: OrgTreeSelectProps) {
  const { pick, t } = useI18n();
  const tree = useOrganizationTree(includeArchived);

  const treeData = useMemo(() => {
    const toOption = (n: OrganizationTreeNode): Option => {
      const suffix = n.archived ? ` · ${t('common.archived')}` : '';
      return {
        value: n.id,
        title: `${n.name}（${pick(ORGANIZATION_KIND_LABELS[n.kind])}${suffix}）`,
        label: n.name,
        disabled: isDisabled?.(n) ?? false,
        children: n.children.filter((c) => !isHidden?.(c)).map(toOption),
      };
    };
    return (tree.data ?? []).filter((n) => !isHidden?.(n)).map(toOption);
  }, [tree.data, isDisabled, isHidden, pick, t]);

  // The top two levels open; typing a name finds anything deeper.
  const defaultExpanded = useMemo(() => treeData.flatMap((r) => [r.value, ...r.children.map((c) => c.value)]), [treeData]);

  return (
    <TreeSelect<string>
      id={id}
      data-testid={dataTestId}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      treeData={treeData}
      treeNodeLabelProp="label"
      placeholder={placeholder}
      allowClear={allowClear}
      loading={tree.isLoading}
      showSearch
      filterTreeNode={(input, node) =>
        String((node as unknown as Option).label)
          .toLowerCase()
          .includes(input.trim().toLowerCase())
      }
      treeDefaultExpandedKeys={defaultExpanded}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      listHeight={320}
      styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)' } } }}
    />
  );
}
