import { GlobalOutlined } from '@ant-design/icons';
import { Button, type ButtonProps } from 'antd';
import { useI18n } from '../i18n/index.ts';

/** One tap toggles between Chinese and English; the button names the language it switches to. */
export function LanguageSwitch({ type = 'text', className }: { type?: ButtonProps['type']; className?: string }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type={type}
      className={className}
      icon={<GlobalOutlined />}
      aria-label={t('lang.switchLabel')}
      title={t('lang.switchLabel')}
      data-testid="lang-switch"
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
    >
      {t('lang.switchTo')}
    </Button>
  );
}
