import { Route, Routes } from 'react-router';
import './circulars.css';
import { CircularListPage } from './CircularListPage.tsx';
import { CircularPage } from './CircularPage.tsx';
import { CircularPrintPage } from './CircularPrintPage.tsx';

/** /circulars, /circulars/:id and /circulars/:id/print. */
export function CircularsPage() {
  return (
    <Routes>
      <Route index element={<CircularListPage />} />
      <Route path=":id" element={<CircularPage />} />
      <Route path=":id/print" element={<CircularPrintPage />} />
      <Route path="*" element={<CircularListPage />} />
    </Routes>
  );
}
