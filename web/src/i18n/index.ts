import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

/** Every visible string lives in zh-CN.json and en.json; the user's stored locale picks one. */
export const LOCALES = ['zh-CN', 'en'] as const;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: localStorage.getItem('hotline.locale') ?? (navigator.language.startsWith('zh') ? 'zh-CN' : 'en'),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function applyLocale(locale: string) {
  localStorage.setItem('hotline.locale', locale);
  document.documentElement.lang = locale;
  return i18n.changeLanguage(locale);
}

export default i18n;
