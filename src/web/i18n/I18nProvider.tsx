import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANG_STORAGE_KEY, noteShownLang, storedLang } from './stored-lang.ts';
import { zh, type MessageKey } from './zh.ts';
import { interpolate } from './interpolate.ts';

export type Lang = 'zh' | 'en';
type Dictionary = Record<MessageKey, string>;

// Chinese ships with the app; the English dictionary (some 13 KB gzipped) loads only for those who choose it.
const loadEnglish = (): Promise<Dictionary> =>
  import('./en.ts').then(
    (m) => (loadedEnglish = m.en),
    (err: unknown) => {
      englishFailed = true;
      throw err;
    },
  );
// What a load before the first render found (englishReady): the provider then starts with it, not with nothing.
let loadedEnglish: Dictionary | null = null;
let englishFailed = false;

/**
 * Loads the English dictionary before the app's first render, for a reader who chose English: the login page the
 * server wrote into the page stays on screen until the app's own can replace it whole (main.tsx), where the provider
 * would otherwise first render nothing while English loads. Resolves either way (failed: the page stays Chinese).
 */
export function englishReady(): Promise<void> {
  return storedLang() === 'en'
    ? loadEnglish().then(
        () => undefined,
        () => undefined,
      )
    : Promise.resolve();
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Chinese whatever the reader's language: for what is an official Chinese document (the circular as issued). */
export const translateZh: Translate = (key, vars) => (vars ? interpolate(zh[key], vars) : zh[key]);

export interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Picks the right side of a `{ zh, en }` label from the domain. */
  pick: (label: { zh: string; en: string }) => string;
}

export const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [wanted, setWanted] = useState<Lang>(() => (englishFailed ? 'zh' : storedLang()));
  const [english, setEnglish] = useState<Dictionary | null>(loadedEnglish);
  // Whether the reader switched language on this page (then the page stays as it was until English arrives).
  const [switched, setSwitched] = useState(false);

  useEffect(() => {
    if (wanted !== 'en' || english) return;
    let live = true;
    loadEnglish().then(
      (dict) => live && setEnglish(dict),
      // Offline, or a release replaced the file: stay in Chinese rather than show nothing.
      () => live && setWanted('zh'),
    );
    return () => {
      live = false;
    };
  }, [wanted, english]);

  const setLang = useCallback((next: Lang) => {
    setSwitched(true);
    setWanted(next);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this visit only.
    }
  }, []);

  const lang: Lang = wanted === 'en' && english ? 'en' : 'zh';
  // Set while rendering, not after: a message written during this render's effects already speaks the page's language.
  noteShownLang(lang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const value = useMemo<I18nValue>(() => {
    const dict: Dictionary = lang === 'en' && english ? english : zh;
    const t: Translate = (key, vars) => {
      const text = dict[key] ?? zh[key] ?? key;
      return vars ? interpolate(text, vars) : text;
    };
    return { lang, setLang, t, pick: (label) => label[lang] };
  }, [lang, english, setLang]);

  // Opened in English: nothing until the dictionary is here (it loads alongside the page's code), not a flash of Chinese.
  if (wanted === 'en' && !english && !switched) return null;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
