import {
  AccountBookOutlined,
  CommentOutlined,
  ReadOutlined,
  HomeOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  FlagOutlined,
  NotificationOutlined,
  SettingOutlined,
  TableOutlined,
  ClusterOutlined,
  FileSearchOutlined,
  ProfileOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
  BellOutlined,
  QuestionCircleOutlined,
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
  { key: 'reviews', path: paths.reviews, label: 'nav.reviews', icon: <SolutionOutlined />, testId: 'nav-reviews' },
  { key: 'attainments', path: paths.attainments, label: 'nav.attainments', icon: <FlagOutlined />, testId: 'nav-attainments' },
  { key: 'statistics', path: paths.statistics, label: 'nav.statistics', icon: <TableOutlined />, testId: 'nav-statistics' },
  { key: 'weeklyReports', path: paths.weeklyReports, label: 'nav.weeklyReports', icon: <FileTextOutlined />, testId: 'nav-weekly-reports' },
  { key: 'rankings', path: paths.rankings, label: 'nav.rankings', icon: <BarChartOutlined />, testId: 'nav-rankings' },
  { key: 'circulars', path: paths.circulars, label: 'nav.circulars', icon: <NotificationOutlined />, testId: 'nav-circulars' },
  { key: 'articles', path: paths.articles, label: 'nav.articles', icon: <ReadOutlined />, testId: 'nav-articles' },
  { key: 'feedback', path: paths.feedback, label: 'nav.feedback', icon: <CommentOutlined />, testId: 'nav-feedback' },
  { key: 'venues', path: paths.venues, label: 'nav.venues', icon: <HomeOutlined />, testId: 'nav-venues' },
  { key: 'funds', path: paths.venueFunds, label: 'nav.funds', icon: <AccountBookOutlined />, testId: 'nav-funds' },
  { key: 'study', path: paths.study, label: 'nav.study', icon: <BookOutlined />, testId: 'nav-study' },
  { key: 'interviews', path: paths.interviews, label: 'nav.interviews', icon: <CalendarOutlined />, testId: 'nav-interviews' },
  { key: 'visits', path: paths.visits, label: 'nav.visits', icon: <EnvironmentOutlined />, testId: 'nav-visits' },
  { key: 'standards', path: paths.standards, label: 'nav.standards', icon: <BookOutlined />, testId: 'nav-standards' },
  { key: 'liaisonGroups', path: paths.liaisonGroups, label: 'nav.liaisonGroups', icon: <ClusterOutlined />, testId: 'nav-liaison-groups' },
  { key: 'users', path: paths.users, label: 'nav.users', icon: <TeamOutlined />, testId: 'nav-users' },
  { key: 'settings', path: paths.settings, label: 'nav.settings', icon: <SettingOutlined />, testId: 'nav-settings' },
  { key: 'audit', path: paths.audit, label: 'nav.audit', icon: <AuditOutlined />, testId: 'nav-audit' },
  { key: 'notifications', path: paths.notifications, label: 'nav.notifications', icon: <BellOutlined />, testId: 'nav-notifications' },
  { key: 'help', path: paths.help, label: 'nav.help', icon: <QuestionCircleOutlined />, testId: 'nav-help' },
  { key: 'account', path: paths.account, label: 'nav.account', icon: <UserOutlined />, testId: 'nav-account' },
];

/** The side menu (desktop) and the drawer menu (phone), built from the user's permissions. */
export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const location = useLocation();

  const keys = visibleNavKeys(user);
  const visible = ENTRIES.filter((e) => keys.includes(e.key));
  // The longest matching path wins (/venues/funds is the fund's entry, not the campaign's).
  const selected = visible
    .filter((e) => location.pathname === e.path || location.pathname.startsWith(`${e.path}/`))
    .sort((x, y) => y.path.length - x.path.length)[0];

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
