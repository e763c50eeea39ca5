import '@ant-design/v5-patch-for-react-19';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Outlet } from 'react-router';
import { useI18n } from '../i18n/index.ts';
import { useIsMobile } from '../lib/use-is-mobile.ts';
import { usePrefersReducedMotion } from '../lib/use-reduced-motion.ts';
import { stillTheme, theme } from './theme.ts';

/**
 * Theme and antd locale for every page behind the sign-in; phones get large controls for easier tapping.
 * A device set to reduce motion (many older phones are, to feel faster) gets dialogs, menus and messages
 * that appear at once instead of zooming and sliding in.
 * The router loads it with the first such page, so the login page (plain HTML and CSS) never waits for antd.
 */
export function AntShell() {
  const { lang } = useI18n();
  const isMobile = useIsMobile();
  const still = usePrefersReducedMotion();

  const dayjsLocale = lang === 'zh' ? 'zh-cn' : 'en';
  if (dayjs.locale() !== dayjsLocale) dayjs.locale(dayjsLocale);

  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={still ? stillTheme : theme} componentSize={isMobile ? 'large' : 'middle'}>
      <AntApp>
        <Outlet />
      </AntApp>
    </ConfigProvider>
  );
}
