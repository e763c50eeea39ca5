/** The header's notification bell (placeholder until the notification centre lands). */
export function NotificationBell({ compact }: { compact?: boolean }) {
  void compact;
  return null;
}
