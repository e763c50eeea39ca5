import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { paths } from '../../app/paths.ts';
import { useI18n } from '../../i18n/index.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';

export function ForbiddenPage() {
  const { t } = useI18n();
  useDocumentTitle(t('forbidden.title'));
  return (
    <div data-testid="forbidden">
      <Result
        status="403"
        title={t('forbidden.title')}
        subTitle={t('forbidden.subtitle')}
        extra={
          <Link to={paths.home}>
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    </div>
  );
}
