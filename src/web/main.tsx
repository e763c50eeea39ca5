import '@ant-design/v5-patch-for-react-19';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppErrorBoundary } from './app/AppErrorBoundary.tsx';
import { Root } from './app/Root.tsx';
import { createQueryClient } from './api/query-client.ts';
import { I18nProvider } from './i18n/index.ts';
import './styles.css';

const queryClient = createQueryClient();
const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing <div id="root">');

createRoot(container).render(
  <StrictMode>
    <AppErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <Root />
        </I18nProvider>
      </QueryClientProvider>
    </AppErrorBoundary>
  </StrictMode>,
);
