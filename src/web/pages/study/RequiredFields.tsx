import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/index.ts';

/** A field's label with the red mark of a required one. */
export function Required({ children }: { children: ReactNode }) {
  return (
    <div>
      <span className="required-mark" aria-hidden>
        *{' '}
      </span>
      {children}
    </div>
  );
}

/** Under a save button that is greyed out: which required fields are still empty, by name. */
export function MissingFields({ fields, testId }: { fields: string[]; testId: string }) {
  const { t } = useI18n();
  if (fields.length === 0) return null;
  return (
    <Typography.Text type="secondary" role="status" data-testid={testId}>
      {t('study.record.missing', { fields: fields.join(t('study.record.listSeparator')) })}
    </Typography.Text>
  );
}
