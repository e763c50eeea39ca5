import { Route, Routes } from 'react-router';
import { ReviewListPage } from './ReviewListPage.tsx';
import { ReviewPage } from './ReviewPage.tsx';

/** /reviews (the liaison group's villages, each with its 两委会 review and 一村一策 plan) and /reviews/:id. */
export function ReviewsPage() {
  return (
    <Routes>
      <Route index element={<ReviewListPage />} />
      <Route path=":id" element={<ReviewPage />} />
      <Route path="*" element={<ReviewListPage />} />
    </Routes>
  );
}
