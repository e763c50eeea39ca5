import { Empty } from 'antd';

/** Placeholder until the page is built. */
export function WeeklyReportsPage() {
  return <Empty />;
}
