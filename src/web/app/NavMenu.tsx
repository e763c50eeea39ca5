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
import { useCurrentUser } from '../api/session.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { type NavKey, visibleNavKeys } from './nav-rules.ts';
import { paths } from './paths.ts';

interface NavEntry {
  key: NavKey;
  path: string;
  label: MessageKey;
  icon: ReactNode;
  testId: string;
}

/** Who sees which entry is decided in nav-rules.ts (each role only what it can use). */
const ENTRIES: readonly NavEntry[] = [
  { key: 'dashboard', path: paths.dashboard, label: 'nav.dashboard', icon: <DashboardOutlined />, testId: 'nav-dashboard' },
  { key: 'organizations', path: paths.organizations, label: 'nav.organizations', icon: <ApartmentOutlined />, testId: 'nav-organizations' },
  { key: 'ledger', path: paths.ledger, label: 'nav.ledger', icon: <ProfileOutlined />, testId: 'nav-ledger' },
  { key: 'inspections', path: paths.inspections, label: 'nav.inspections', icon: <FileSearchOutlined />, testId: 'nav-inspections' },
  { key: 'statistics', path: paths.statistics, label: 'nav.statistics', icon: <TableOutlined />, testId: 'nav-statistics' },
  { key: 'weeklyReports', path: paths.weeklyReports, label: 'nav.weeklyReports', icon: <FileTextOutlined />, testId: 'nav-weekly-reports' },
  { key: 'rankings', path: paths.rankings, label: 'nav.rankings', icon: <BarChartOutlined />, testId: 'nav-rankings' },
  { key: 'circulars', path: paths.circulars, label: 'nav.circulars', icon: <NotificationOutlined />, testId: 'nav-circulars' },
  { key: 'interviews', path: paths.interviews, label: 'nav.interviews', icon: <CalendarOutlined />, testId: 'nav-interviews' },
  { key: 'standards', path: paths.standards, label: 'nav.standards', icon: <BookOutlined />, testId: 'nav-standards' },
  { key: 'liaisonGroups', path: paths.liaisonGroups, label: 'nav.liaisonGroups', icon: <ClusterOutlined />, testId: 'nav-liaison-groups' },
  { key: 'users', path: paths.users, label: 'nav.users', icon: <TeamOutlined />, testId: 'nav-users' },
  { key: 'settings', path: paths.settings, label: 'nav.settings', icon: <SettingOutlined />, testId: 'nav-settings' },
  { key: 'audit', path: paths.audit, label: 'nav.audit', icon: <AuditOutlined />, testId: 'nav-audit' },
  { key: 'account', path: paths.account, label: 'nav.account', icon: <UserOutlined />, testId: 'nav-account' },
];

/** The side menu (desktop) and the drawer menu (phone), built from the user's permissions. */
export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const location = useLocation();

  const keys = visibleNavKeys(user);
  const visible = ENTRIES.filter((e) => keys.includes(e.key));
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
