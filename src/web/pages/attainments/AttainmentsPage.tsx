import { Route, Routes } from 'react-router';
import { AttainmentDetailPage } from './AttainmentDetailPage.tsx';
import { AttainmentListPage } from './AttainmentListPage.tsx';

/** /attainments (the villages of the latest round) and /attainments/:checklistId (one village). */
export function AttainmentsPage() {
  return (
    <Routes>
      <Route index element={<AttainmentListPage />} />
      <Route path=":checklistId" element={<AttainmentDetailPage />} />
      <Route path="*" element={<AttainmentListPage />} />
    </Routes>
  );
}
