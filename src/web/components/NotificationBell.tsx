import { BellOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { Link } from 'react-router';
import { useUnreadCount } from '../api/notifications.ts';
import { paths } from '../app/paths.ts';
import { useI18n } from '../i18n/index.ts';

/** Read by screen readers and tests; the badge shows the same number. */
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/** The header's bell: opens the notification centre; a badge shows the unread count (refreshed every minute). */
export function NotificationBell({ compact }: { compact?: boolean }) {
  const { t } = useI18n();
  const unread = useUnreadCount();
  const count = unread.data?.count ?? 0;
  const label = count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell');
  return (
    <Link
      to={paths.notifications}
      className="header-user notification-bell"
      title={label}
      aria-label={label}
      data-testid="notification-bell"
    >
      <Badge count={count} size="small" overflowCount={99} offset={[4, -2]}>
        <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
      </Badge>
      {count > 0 && (
        <span style={VISUALLY_HIDDEN} data-testid="notification-count">
          {count}
        </span>
      )}
      {!compact && <span className="header-user-name">{t('nav.notifications')}</span>}
    </Link>
  );
}
