import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth-context.tsx';
import { applyLocale } from '../i18n/index.ts';

/** Switches between 中文 and English at once; saved on the user when signed in. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { me, setLocale } = useAuth();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      icon={<TranslationOutlined />}
      data-testid="lang-switch"
      onClick={() => void (me ? setLocale(next) : applyLocale(next))}
    >
      {t('app.language')}
    </Button>
  );
}
