import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import { zh, type MessageKey } from './zh.ts';

export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'taizhang.lang';
const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Picks the right side of a `{ zh, en }` label from the domain. */
  pick: (label: { zh: string; en: string }) => string;
}

export const I18nContext = createContext<I18nValue | null>(null);

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this visit only.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const value = useMemo<I18nValue>(() => {
    const dict = DICTIONARIES[lang];
    const t: Translate = (key, vars) => {
      const text = dict[key] ?? zh[key] ?? key;
      if (!vars) return text;
      return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
    };
    return { lang, setLang, t, pick: (label) => label[lang] };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
