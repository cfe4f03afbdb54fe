import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorToast } from '../api/use-error-toast.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { applyLocale } from '../i18n/index.ts';

/**
 * Switches between 中文 and English at once (the button names the other language).
 * Signed in, the choice is saved on the user so every later sign-in opens in it.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { me, setLocale } = useAuth();
  const showError = useErrorToast();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      icon={<TranslationOutlined />}
      data-testid="lang-switch"
      title={t('app.switchLanguage')}
      onClick={() => void (me ? setLocale(next).catch(showError) : applyLocale(next))}
    >
      {t('app.otherLanguage')}
    </Button>
  );
}
