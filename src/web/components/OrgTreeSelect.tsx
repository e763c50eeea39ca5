import { Spin, TreeSelect } from 'antd';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OrganizationListItem, OrganizationTreeNode } from '../../domain/contracts/organizations.ts';
import { ORGANIZATION_KIND_LABELS } from '../../domain/organizations.ts';
import { useOrganization, useOrganizationLevels, useOrganizationSearch } from '../api/organizations.ts';
import { useI18n } from '../i18n/index.ts';
import { useDebouncedValue } from '../lib/use-debounced-value.ts';

interface Option {
  value: string;
  /** Shown in the dropdown: name with its kind. */
  title: string;
  /** Shown in the box once picked. */
  label: string;
  disabled?: boolean;
  isLeaf: boolean;
  /** Undefined until a node of a tree sent a level at a time is opened. */
  children?: Option[];
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

/**
 * Picks one organization from the tree the user may see. A small tree comes whole and typing filters it; a large
 * one (a province) comes a level at a time: opening a node asks for what lies under it, and typing asks the
 * server, which lists matches with their parent's name.
 */
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
  const { tree, roots, partial, open } = useOrganizationLevels(includeArchived);

  const [search, setSearch] = useState('');
  const typed = useDebouncedValue(search, 300);
  const searching = partial && search.trim().length > 0;
  const found = useOrganizationSearch(typed, partial, includeArchived);
  // The server's matches for what is typed have not come yet: the last ones stay in view, greyed, and cannot be picked.
  const stale = searching && (typed !== search || found.isFetching);

  const titleOf = useCallback(
    (n: { name: string; kind: OrganizationTreeNode['kind']; archived: boolean }, parentName?: string | null) =>
      `${n.name}（${pick(ORGANIZATION_KIND_LABELS[n.kind])}${n.archived ? ` · ${t('common.archived')}` : ''}）${parentName ? ` · ${parentName}` : ''}`,
    [pick, t],
  );

  const { treeData, known } = useMemo(() => {
    const seen = new Set<string>();
    const toOption = (n: OrganizationTreeNode): Option => {
      seen.add(n.id);
      const kids = n.unloadedChildren !== undefined ? undefined : n.children;
      return {
        value: n.id,
        title: titleOf(n),
        label: n.name,
        disabled: isDisabled?.(n) ?? false,
        isLeaf: n.unloadedChildren === undefined && n.children.length === 0,
        children: kids?.filter((c) => !isHidden?.(c)).map(toOption),
      };
    };
    const fromSearch = (o: OrganizationListItem): Option => {
      seen.add(o.id);
      const node = { ...o, children: [] };
      return {
        value: o.id,
        title: titleOf(o, o.parentName),
        label: o.name,
        disabled: stale || (isDisabled?.(node) ?? false),
        isLeaf: true,
      };
    };
    const data = searching
      ? (found.data ?? []).filter((o) => !isHidden?.({ ...o, children: [] })).map(fromSearch)
      : (roots ?? []).filter((n) => !isHidden?.(n)).map(toOption);
    return { treeData: data, known: seen };
  }, [roots, searching, stale, found.data, isDisabled, isHidden, titleOf]);

  // A value deeper than what has come (a link's filter, a problem's organization): its name, asked for once.
  const missing = value && !tree.isLoading && !known.has(value) ? value : undefined;
  const picked = useOrganization(missing);
  const options = useMemo(
    () =>
      missing && picked.data?.id === missing
        ? [...treeData, { value: missing, title: titleOf(picked.data), label: picked.data.name, isLeaf: true }]
        : treeData,
    [treeData, missing, picked.data, titleOf],
  );

  // The top two levels open where they have come; typing a name finds anything deeper.
  const defaultExpanded = useMemo(
    () =>
      (tree.data ?? []).flatMap((r) =>
        r.unloadedChildren === undefined ? [r.id, ...r.children.filter((c) => c.unloadedChildren === undefined).map((c) => c.id)] : [],
      ),
    [tree.data],
  );

  const loadData = useCallback((node: { value?: string | number }) => open(String(node.value)), [open]);

  // Enter picks the first match. A whole tree: the select itself does that once it filters by name
  // (treeNodeFilterProp). The server's matches come after the select has looked for a first one, so without an
  // arrow key since the last keystroke, Enter takes the first of them here; pressed before they have come (within
  // the 300 ms pause, or while they are asked for), it takes the first once they come, unless more is typed.
  const arrowed = useRef(false);
  const pendingEnter = useRef<string | null>(null);
  const pickFirst = () => {
    const first = options.find((o) => !o.disabled);
    if (!first) return false;
    setSearch('');
    onChange?.(first.value);
    (document.activeElement as HTMLElement | null)?.blur();
    return true;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') arrowed.current = true;
    if (e.key !== 'Enter' || !searching || arrowed.current) return;
    if (stale) {
      e.preventDefault();
      pendingEnter.current = search;
    } else if (pickFirst()) e.preventDefault();
  };
  useEffect(() => {
    const pending = pendingEnter.current;
    if (pending === null || stale) return;
    pendingEnter.current = null;
    if (pending === search && searching && !arrowed.current) pickFirst();
  });

  return (
    <TreeSelect<string>
      id={id}
      data-testid={dataTestId}
      value={value ?? undefined}
      onChange={(v) => {
        setSearch('');
        onChange?.(v);
      }}
      treeData={options}
      treeNodeLabelProp="label"
      placeholder={placeholder}
      allowClear={allowClear}
      loading={tree.isLoading}
      showSearch
      searchValue={search}
      onSearch={(v) => {
        arrowed.current = false;
        if (v !== pendingEnter.current) pendingEnter.current = null;
        setSearch(v);
      }}
      onKeyDown={onKeyDown}
      treeNodeFilterProp="label"
      filterTreeNode={
        partial
          ? false
          : (input, node) =>
              String((node as unknown as Option).label)
                .toLowerCase()
                .includes(input.trim().toLowerCase())
      }
      loadData={partial ? loadData : undefined}
      notFoundContent={stale ? <Spin size="small" /> : undefined}
      treeDefaultExpandedKeys={defaultExpanded}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      listHeight={320}
      styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)' } } }}
    />
  );
}
