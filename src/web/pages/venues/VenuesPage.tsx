import { Route, Routes } from 'react-router';
import { FundPage } from './FundPage.tsx';
import { ProjectListPage } from './ProjectListPage.tsx';
import { ProjectPage } from './ProjectPage.tsx';
import { VenueBoardPage } from './VenueBoardPage.tsx';
import { VenueBoardPrint } from './VenueBoardPrint.tsx';
import { VenueRegisterPage } from './VenueRegisterPage.tsx';
import '../../components/print-sheet.css';
import './venues.css';

/** 清零行动: /venues (the board), /venues/print, /venues/register, /venues/projects[/:id], /venues/funds. */
export function VenuesPage() {
  return (
    <Routes>
      <Route index element={<VenueBoardPage />} />
      <Route path="print" element={<VenueBoardPrint />} />
      <Route path="register" element={<VenueRegisterPage />} />
      <Route path="projects" element={<ProjectListPage />} />
      <Route path="projects/:id" element={<ProjectPage />} />
      <Route path="funds" element={<FundPage />} />
      <Route path="*" element={<VenueBoardPage />} />
    </Routes>
  );
}
