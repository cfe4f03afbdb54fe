import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

/**
 * Every visible string lives in zh-CN.json and en.json. Before sign-in the browser's
 * language (or the last choice on this machine) picks one; after, the user's stored locale.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORED = 'hotline.locale';

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORED);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function reflect(locale: string) {
  document.documentElement.lang = locale;
  document.title = i18n.t('app.name');
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
}

void i18n
  .use(initReactI18next)
  .init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: initialLocale(),
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
  })
  .then(() => reflect(i18n.language));

export async function applyLocale(locale: Locale) {
  localStorage.setItem(STORED, locale);
  await i18n.changeLanguage(locale);
  reflect(locale);
}

export default i18n;
