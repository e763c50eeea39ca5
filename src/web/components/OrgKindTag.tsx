import { Tag } from 'antd';
import { ORGANIZATION_KIND_LABELS, type OrganizationKind } from '../../domain/organizations.ts';
import { useI18n } from '../i18n/index.ts';

const KIND_COLORS: Record<OrganizationKind, string> = {
  district: 'red',
  subdistrict: 'volcano',
  village: 'green',
  community: 'cyan',
  branch: 'geekblue',
};

export function OrgKindTag({ kind }: { kind: OrganizationKind }) {
  const { pick } = useI18n();
  return (
    <Tag color={KIND_COLORS[kind]} bordered={false} className="kind-tag">
      {pick(ORGANIZATION_KIND_LABELS[kind])}
    </Tag>
  );
}

export function SampleTag() {
  const { t } = useI18n();
  return (
    <Tag bordered={false} className="sample-tag">
      {t('common.sample')}
    </Tag>
  );
}

export function ArchivedTag() {
  const { t } = useI18n();
  return (
    <Tag bordered={false} className="archived-tag">
      {t('common.archived')}
    </Tag>
  );
}
