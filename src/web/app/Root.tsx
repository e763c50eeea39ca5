import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { RouterProvider } from 'react-router/dom';
import { useI18n } from '../i18n/index.ts';
import { useIsMobile } from '../lib/use-is-mobile.ts';
import { router } from './router.tsx';
import { theme } from './theme.ts';

/** Theme, antd locale and the router; phones get large controls for easier tapping. */
export function Root() {
  const { lang } = useI18n();
  const isMobile = useIsMobile();

  const dayjsLocale = lang === 'zh' ? 'zh-cn' : 'en';
  if (dayjs.locale() !== dayjsLocale) dayjs.locale(dayjsLocale);

  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme} componentSize={isMobile ? 'large' : 'middle'}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}
