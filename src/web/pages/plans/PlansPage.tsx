import { Route, Routes } from 'react-router';
import '../circulars/circulars.css';
import { PlanPage } from './PlanPage.tsx';
import { PlanPrintPage } from './PlanPrintPage.tsx';

/** /village-plans/:id and /village-plans/:id/print (the list lives with the reviews). */
export function PlansPage() {
  return (
    <Routes>
      <Route path=":id" element={<PlanPage />} />
      <Route path=":id/print" element={<PlanPrintPage />} />
    </Routes>
  );
}
