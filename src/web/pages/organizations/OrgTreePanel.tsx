import { SearchOutlined } from '@ant-design/icons';
import { Alert, Card, Checkbox, Empty, Input, Skeleton, Tree, type TreeDataNode } from 'antd';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useOrganization, useOrganizationSearch } from '../../api/organizations.ts';
import type { Organization, OrganizationTreeNode } from '../../../domain/contracts/organizations.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Highlight } from '../../components/Highlight.tsx';
import { ArchivedTag, OrgKindTag, SampleTag } from '../../components/OrgKindTag.tsx';
import { useI18n } from '../../i18n/index.ts';
import { ancestorIds, filterTree, indexTree, withoutArchived } from '../../lib/org-tree.ts';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';

interface Props {
  roots: OrganizationTreeNode[] | undefined;
  /** Some nodes' children have not come (a large tree): they load as they are opened, and a search asks the server. */
  partial: boolean;
  onOpen: (id: string) => Promise<void>;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  showArchived: boolean;
  onShowArchivedChange: (value: boolean) => void;
}

/** Top two levels open by default where they have come: the district and its subdistricts show their villages. */
function defaultExpanded(roots: readonly OrganizationTreeNode[]): string[] {
  const loaded = (n: OrganizationTreeNode) => n.unloadedChildren === undefined;
  return roots.filter(loaded).flatMap((r) => [r.id, ...r.children.filter(loaded).map((c) => c.id)]);
}

/** A node of the tree (or a search match, with its parent's name): the name with the search marked, kind and state. */
function NodeTitle({ org, query, parentName }: { org: Organization; query: string; parentName?: string | null }) {
  return (
    <span className={org.archived ? 'org-node org-node-archived' : 'org-node'} data-testid="org-tree-node" data-org-id={org.id}>
      <span className="org-node-name">
        <Highlight text={org.name} query={query} />
      </span>
      <OrgKindTag kind={org.kind} />
      {parentName && <span className="text-secondary">{parentName}</span>}
      {org.isSample && <SampleTag />}
      {org.archived && <ArchivedTag />}
    </span>
  );
}

export function OrgTreePanel({
  roots,
  partial,
  onOpen,
  loading,
  error,
  onRetry,
  selectedId,
  onSelect,
  showArchived,
  onShowArchivedChange,
}: Props) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  // A large tree is searched on the server, once typing pauses.
  const typed = useDebouncedValue(query, 300);
  const found = useOrganizationSearch(typed, partial, showArchived);
  const serverSearch = partial && query.trim().length > 0;
  const [expanded, setExpanded] = useState<string[] | null>(null);

  const visibleRoots = useMemo(() => {
    const all = roots ?? [];
    return showArchived ? all : withoutArchived(all);
  }, [roots, showArchived]);
  const index = useMemo(() => indexTree(visibleRoots), [visibleRoots]);
  const filtered = useMemo(() => filterTree(visibleRoots, deferredQuery), [visibleRoots, deferredQuery]);
  const searching = deferredQuery.trim().length > 0;

  // A new search opens the path to every match; clearing it goes back to the default view.
  // (Adjusted during render, not in an effect, so a refetch does not undo the user's own expanding.)
  const [searchedFor, setSearchedFor] = useState('');
  if (deferredQuery !== searchedFor) {
    setSearchedFor(deferredQuery);
    setExpanded(searching ? [...filtered.expandIds] : null);
  }

  // A selected organization deeper than what has come (a link, a search result, one just created): open its
  // ancestors, a level at a time, until it is in the tree.
  const selected = useOrganization(partial && selectedId && !index.byId.has(selectedId) ? selectedId : undefined);
  useEffect(() => {
    if (!selected.data) return;
    const next = selected.data.ancestors.map((a) => index.byId.get(a.id)).find((n) => n?.unloadedChildren !== undefined);
    if (next) void onOpen(next.id);
  }, [selected.data, index, onOpen]);

  // Whatever is selected (e.g. from a link, or just moved) is revealed in the tree, once per place.
  const path = selectedId && index.byId.has(selectedId) ? ancestorIds(index, selectedId) : null;
  const revealKey = path ? `${selectedId}:${path.join('/')}` : '';
  const [revealedKey, setRevealedKey] = useState('');
  if (path && revealKey !== revealedKey) {
    setRevealedKey(revealKey);
    const base = expanded ?? defaultExpanded(visibleRoots);
    const missing = path.filter((id) => !base.includes(id));
    if (missing.length) setExpanded([...base, ...missing]);
  }

  const treeData = useMemo(() => {
    const toData = (n: OrganizationTreeNode): TreeDataNode => ({
      key: n.id,
      title: <NodeTitle org={n} query={deferredQuery} />,
      isLeaf: n.unloadedChildren === undefined && n.children.length === 0,
      children: n.unloadedChildren === undefined ? n.children.map(toData) : undefined,
    });
    if (serverSearch) {
      // The server's matches, each with its parent's name (two villages may share a name).
      return (found.data ?? []).map((o): TreeDataNode => ({
        key: o.id,
        isLeaf: true,
        title: <NodeTitle org={o} query={typed} parentName={o.parentName} />,
      }));
    }
    return filtered.roots.map(toData);
  }, [filtered, deferredQuery, serverSearch, found.data, typed]);
  const noMatch = serverSearch ? !found.isFetching && typed === query && treeData.length === 0 : searching && filtered.roots.length === 0;

  const expandedKeys = expanded ?? defaultExpanded(visibleRoots);

  return (
    <Card className="org-tree-card" title={t('org.treeTitle')} size="small">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('org.searchPlaceholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="org-search"
        aria-label={t('org.searchPlaceholder')}
      />
      <Checkbox
        className="org-archived-toggle"
        checked={showArchived}
        onChange={(e) => onShowArchivedChange(e.target.checked)}
        data-testid="org-show-archived"
      >
        {t('org.showArchived')}
      </Checkbox>

      <div className="org-tree-scroll">
        {error ? (
          <ErrorAlert error={error} onRetry={onRetry} />
        ) : loading && !roots ? (
          <Skeleton active paragraph={{ rows: 6 }} title={false} />
        ) : visibleRoots.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.emptyTree')} />
        ) : noMatch ? (
          <Alert type="info" showIcon message={t('org.noMatch', { q: query.trim() })} />
        ) : serverSearch && !found.data ? (
          <Skeleton active paragraph={{ rows: 3 }} title={false} />
        ) : (
          <Tree
            className="org-tree"
            data-testid="org-tree"
            treeData={treeData}
            blockNode
            showLine={{ showLeafIcon: false }}
            loadData={partial ? (node) => onOpen(String(node.key)) : undefined}
            expandedKeys={expandedKeys}
            onExpand={(keys) => setExpanded(keys.map(String))}
            selectedKeys={selectedId ? [selectedId] : []}
            // Tapping the selected node again keeps it selected rather than clearing the details.
            onSelect={(_keys, info) => onSelect(String(info.node.key))}
          />
        )}
      </div>
    </Card>
  );
}
