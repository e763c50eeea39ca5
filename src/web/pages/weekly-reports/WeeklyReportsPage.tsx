import { Route, Routes } from 'react-router';
import { ReportDetailPage } from './ReportDetailPage.tsx';
import { ReportListPage } from './ReportListPage.tsx';

/** /weekly-reports (this week, or ?week=) and /weekly-reports/:id. */
export function WeeklyReportsPage() {
  return (
    <Routes>
      <Route index element={<ReportListPage />} />
      <Route path=":id" element={<ReportDetailPage />} />
      <Route path="*" element={<ReportListPage />} />
    </Routes>
  );
}
