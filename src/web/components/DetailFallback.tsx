import { Button, Result, Skeleton } from 'antd';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

interface DetailQuery {
  isLoading: boolean;
  isError: boolean;
  data: unknown;
  error: unknown;
  refetch: () => Promise<unknown>;
}

/**
 * What a detail page shows before its one record is there: a skeleton while
 * loading, a 404 result with a way back when the record is gone (or out of
 * scope), an error with a retry otherwise; null once the data has arrived.
 */
export function detailFallback(query: DetailQuery, notFound: { title: string; backTo: string; backLabel: string }): ReactElement | null {
  if (query.isLoading) {
    return (
      <div className="page-panel">
        <Skeleton active title paragraph={{ rows: 10 }} />
      </div>
    );
  }
  if (!query.isError && query.data) return null;
  if (query.error instanceof ApiError && query.error.status === 404) {
    return (
      <Result
        status="404"
        title={notFound.title}
        extra={
          <Link to={notFound.backTo}>
            <Button>{notFound.backLabel}</Button>
          </Link>
        }
      />
    );
  }
  return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
}
