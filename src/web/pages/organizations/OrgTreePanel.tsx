import { SearchOutlined } from '@ant-design/icons';
import { Alert, Card, Checkbox, Empty, Input, Skeleton, Tree, type TreeDataNode } from 'antd';
import { useDeferredValue, useMemo, useState } from 'react';
import type { OrganizationTreeNode } from '../../../domain/contracts/organizations.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Highlight } from '../../components/Highlight.tsx';
import { ArchivedTag, OrgKindTag, SampleTag } from '../../components/OrgKindTag.tsx';
import { useI18n } from '../../i18n/index.ts';
import { ancestorIds, filterTree, indexTree, withoutArchived } from '../../lib/org-tree.ts';

interface Props {
  roots: OrganizationTreeNode[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  showArchived: boolean;
  onShowArchivedChange: (value: boolean) => void;
}

/** Top two levels open by default: the district and its subdistricts show their villages. */
function defaultExpanded(roots: readonly OrganizationTreeNode[]): string[] {
  return roots.flatMap((r) => [r.id, ...r.children.map((c) => c.id)]);
}

export function OrgTreePanel({ roots, loading, error, onRetry, selectedId, onSelect, showArchived, onShowArchivedChange }: Props) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
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
      title: (
        <span className={n.archived ? 'org-node org-node-archived' : 'org-node'} data-testid="org-tree-node" data-org-id={n.id}>
          <span className="org-node-name">
            <Highlight text={n.name} query={deferredQuery} />
          </span>
          <OrgKindTag kind={n.kind} />
          {n.isSample && <SampleTag />}
          {n.archived && <ArchivedTag />}
        </span>
      ),
      children: n.children.map(toData),
    });
    return filtered.roots.map(toData);
  }, [filtered, deferredQuery]);

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
        ) : searching && filtered.roots.length === 0 ? (
          <Alert type="info" showIcon message={t('org.noMatch', { q: deferredQuery.trim() })} />
        ) : (
          <Tree
            className="org-tree"
            data-testid="org-tree"
            treeData={treeData}
            blockNode
            showLine={{ showLeafIcon: false }}
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
