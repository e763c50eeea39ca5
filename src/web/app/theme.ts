import type { ThemeConfig } from 'antd';

/** A restrained official look: Party red as the one accent, plain white surfaces. */
export const PARTY_RED = '#c8102e';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PARTY_RED,
    colorLink: '#a50d26',
    colorInfo: '#1f5fa8',
    borderRadius: 6,
    fontSize: 15,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: {
      headerBg: PARTY_RED,
      headerHeight: 56,
      headerPadding: '0 16px',
      siderBg: '#ffffff',
      bodyBg: '#f4f5f7',
      footerBg: 'transparent',
      footerPadding: '12px 16px 20px',
    },
    Menu: { itemHeight: 46, itemMarginBlock: 4, itemSelectedBg: '#fbe9eb' },
    Tree: { titleHeight: 34, nodeSelectedBg: '#fbe9eb', nodeHoverBg: '#f5f5f5' },
    Descriptions: { labelBg: '#fafafa' },
  },
};

/** The same look without antd's motion, for a device that asks for reduced motion. */
export const stillTheme: ThemeConfig = { ...theme, token: { ...theme.token, motion: false } };
