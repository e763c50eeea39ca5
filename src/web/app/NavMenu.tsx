import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FileTextOutlined,
  NotificationOutlined,
  SettingOutlined,
  TableOutlined,
  ClusterOutlined,
  FileSearchOutlined,
  ProfileOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Menu, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { Permission } from '../../domain/roles.ts';
import { useCurrentUser } from '../api/session.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { paths } from './paths.ts';

interface NavEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shown only to users holding this permission; absent means everyone. */
  permission?: Permission;
  testId: string;
}

const ENTRIES: readonly NavEntry[] = [
  { path: paths.dashboard, label: 'nav.dashboard', icon: <DashboardOutlined />, permission: 'problem.read', testId: 'nav-dashboard' },
  { path: paths.organizations, label: 'nav.organizations', icon: <ApartmentOutlined />, testId: 'nav-organizations' },
  { path: paths.ledger, label: 'nav.ledger', icon: <ProfileOutlined />, permission: 'problem.read', testId: 'nav-ledger' },
  {
    path: paths.inspections,
    label: 'nav.inspections',
    icon: <FileSearchOutlined />,
    permission: 'problem.read',
    testId: 'nav-inspections',
  },
  { path: paths.statistics, label: 'nav.statistics', icon: <TableOutlined />, permission: 'problem.read', testId: 'nav-statistics' },
  {
    path: paths.weeklyReports,
    label: 'nav.weeklyReports',
    icon: <FileTextOutlined />,
    permission: 'problem.read',
    testId: 'nav-weekly-reports',
  },
  { path: paths.rankings, label: 'nav.rankings', icon: <BarChartOutlined />, permission: 'problem.read', testId: 'nav-rankings' },
  { path: paths.circulars, label: 'nav.circulars', icon: <NotificationOutlined />, permission: 'problem.read', testId: 'nav-circulars' },
  { path: paths.interviews, label: 'nav.interviews', icon: <CalendarOutlined />, permission: 'problem.read', testId: 'nav-interviews' },
  { path: paths.standards, label: 'nav.standards', icon: <BookOutlined />, permission: 'standard.read', testId: 'nav-standards' },
  {
    path: paths.liaisonGroups,
    label: 'nav.liaisonGroups',
    icon: <ClusterOutlined />,
    permission: 'problem.read',
    testId: 'nav-liaison-groups',
  },
  { path: paths.users, label: 'nav.users', icon: <TeamOutlined />, permission: 'user.read', testId: 'nav-users' },
  { path: paths.settings, label: 'nav.settings', icon: <SettingOutlined />, permission: 'settings.manage', testId: 'nav-settings' },
  { path: paths.audit, label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read', testId: 'nav-audit' },
  { path: paths.account, label: 'nav.account', icon: <UserOutlined />, testId: 'nav-account' },
];

/** The side menu (desktop) and the drawer menu (phone), built from the user's permissions. */
export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const location = useLocation();

  const visible = ENTRIES.filter((e) => !e.permission || user.permissions.includes(e.permission));
  const selected = visible.find((e) => location.pathname === e.path || location.pathname.startsWith(`${e.path}/`));

  const items: MenuProps['items'] = visible.map((e) => ({
    key: e.path,
    icon: e.icon,
    label: (
      <Link to={e.path} data-testid={e.testId} onClick={onNavigate}>
        {t(e.label)}
      </Link>
    ),
  }));

  return <Menu mode="inline" items={items} selectedKeys={selected ? [selected.path] : []} className="nav-menu" />;
}
