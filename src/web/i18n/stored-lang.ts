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
