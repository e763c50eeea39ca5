/** Where the language switch keeps the reader's choice (a plain module: the API client reads it too). */
export const LANG_STORAGE_KEY = 'taizhang.lang';

/** The reader's language as the switch stored it: Chinese unless English was chosen (or storage is unavailable). */
export function storedLang(): 'zh' | 'en' {
  try {
    return globalThis.localStorage?.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

let shown: 'zh' | 'en' | null = null;

/** The language the page is shown in, as the I18nProvider settles it (Chinese while English is loading or failed). */
export function noteShownLang(lang: 'zh' | 'en'): void {
  shown = lang;
}

/**
 * The language of messages written outside React (the API client's, the error texts): the page's, once shown;
 * before that the stored choice. Not the stored choice alone: when the English dictionary could not be loaded the
 * page stays Chinese, and so must they.
 */
export function messageLang(): 'zh' | 'en' {
  return shown ?? storedLang();
}
