import { useEffect } from 'react';
import { useI18n } from '../i18n/index.ts';

export function useDocumentTitle(title: string | undefined): void {
  const { t } = useI18n();
  const suffix = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} - ${suffix}` : suffix;
  }, [title, suffix]);
}
