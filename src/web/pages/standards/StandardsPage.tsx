import { Route, Routes } from 'react-router';
import { ComparePage } from './ComparePage.tsx';
import { StandardListPage } from './StandardListPage.tsx';
import { VersionPage } from './VersionPage.tsx';

/** /standards, /standards/versions/:id and /standards/compare?from=&to=. */
export function StandardsPage() {
  return (
    <Routes>
      <Route index element={<StandardListPage />} />
      <Route path="versions/:id" element={<VersionPage />} />
      <Route path="compare" element={<ComparePage />} />
      <Route path="*" element={<StandardListPage />} />
    </Routes>
  );
}
