import { Form, Input } from 'antd';
import { useI18n } from '../../i18n/index.ts';

const CODE_PATTERN = /^[A-Za-z0-9_-]*$/;

/** Name and code fields shared by the create and edit forms. */
export function OrgNameCodeFields({ testIdPrefix }: { testIdPrefix: string }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        label={t('org.name')}
        name="name"
        rules={[{ required: true, whitespace: true, message: t('org.nameRequired') }, { max: 100 }]}
      >
        <Input placeholder={t('org.namePlaceholder')} maxLength={100} data-testid={`${testIdPrefix}-name`} />
      </Form.Item>
      <Form.Item
        label={t('org.code')}
        name="code"
        extra={t('org.codeHelp')}
        rules={[{ pattern: CODE_PATTERN, message: t('org.codeInvalid') }, { max: 40 }]}
      >
        <Input maxLength={40} autoCapitalize="none" spellCheck={false} data-testid={`${testIdPrefix}-code`} />
      </Form.Item>
    </>
  );
}
