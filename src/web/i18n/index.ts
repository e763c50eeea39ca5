export { englishReady, I18nProvider, type Lang, type Translate, translateZh } from './I18nProvider.tsx';
export { useI18n } from './use-i18n.ts';
export type { MessageKey } from './zh.ts';
