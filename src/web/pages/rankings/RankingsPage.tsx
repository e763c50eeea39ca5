import { Empty } from 'antd';

/** Placeholder until the page is built. */
export function RankingsPage() {
  return <Empty />;
}
