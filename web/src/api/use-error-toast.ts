import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text.ts';

/** A function that shows a failed request as a toast in the user's language. */
export function useErrorToast(): (err: unknown) => void {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback((err: unknown) => void message.error(errorText(err, t), 6), [message, t]);
}
