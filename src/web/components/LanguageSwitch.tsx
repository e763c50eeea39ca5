import { GlobalOutlined } from '@ant-design/icons';
import { Button, type ButtonProps } from 'antd';
import { useI18n } from '../i18n/index.ts';

/** One tap toggles between Chinese and English; the button names the language it switches to. */
export function LanguageSwitch({
  type = 'text',
  className,
  compact = false,
}: {
  type?: ButtonProps['type'];
  className?: string;
  /** Phones: the language's short name alone (EN, 中), to leave room in the header for the user's name. */
  compact?: boolean;
}) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type={type}
      className={className}
      icon={compact ? undefined : <GlobalOutlined />}
      aria-label={t('lang.switchLabel')}
      title={t('lang.switchLabel')}
      data-testid="lang-switch"
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
    >
      {compact ? (lang === 'zh' ? 'EN' : '中') : t('lang.switchTo')}
    </Button>
  );
}
