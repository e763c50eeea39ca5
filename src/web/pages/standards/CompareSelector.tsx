import { SwapOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Standard } from '../../../domain/contracts/standards.ts';
import { STANDARD_VERSION_STATUS_LABELS } from '../../../domain/standards.ts';
import { useI18n } from '../../i18n/index.ts';
import { stdPaths } from './std-shared.tsx';

/** Two version pickers and a button that opens /standards/compare?from&to. */
export function CompareSelector({ standards, from, to }: { standards: Standard[]; from?: string; to?: string }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const defaults = defaultPair(standards);
  const [fromId, setFromId] = useState<string | undefined>(from ?? defaults[0]);
  const [toId, setToId] = useState<string | undefined>(to ?? defaults[1]);

  const options = standards.map((s) => ({
    label: s.name,
    title: s.name,
    options: s.versions.map((v) => ({
      value: v.id,
      label: `${s.name} · ${t('common.withDetail', { label: t('std.versionNo', { no: v.versionNo }), detail: pick(STANDARD_VERSION_STATUS_LABELS[v.status]) })}`,
    })),
  }));
  const same = Boolean(fromId && toId && fromId === toId);

  return (
    <Flex wrap gap={8} align="center" className="std-compare-selector">
      <Select
        className="std-compare-select"
        placeholder={t('std.compare.from')}
        value={fromId}
        onChange={setFromId}
        options={options}
        showSearch
        optionFilterProp="label"
        data-testid="std-compare-from"
        aria-label={t('std.compare.from')}
      />
      <SwapOutlined className="std-compare-arrow" />
      <Select
        className="std-compare-select"
        placeholder={t('std.compare.to')}
        value={toId}
        onChange={setToId}
        options={options}
        showSearch
        optionFilterProp="label"
        data-testid="std-compare-to"
        aria-label={t('std.compare.to')}
      />
      <Button
        type="primary"
        disabled={!fromId || !toId || same}
        onClick={() => fromId && toId && navigate(stdPaths.compare(fromId, toId))}
        data-testid="std-compare-go"
      >
        {t('std.compare.go')}
      </Button>
      {same && <Typography.Text type="warning">{t('std.compare.same')}</Typography.Text>}
    </Flex>
  );
}

/** By default: the previous version against the newest, of the first standard with two versions. */
function defaultPair(standards: Standard[]): [string | undefined, string | undefined] {
  const s = standards.find((x) => x.versions.length >= 2);
  if (!s) return [undefined, undefined];
  return [s.versions[1]?.id, s.versions[0]?.id];
}
