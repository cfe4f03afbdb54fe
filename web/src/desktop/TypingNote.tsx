import { useTranslation } from 'react-i18next';
import { useNow } from '../floor/use-now.ts';

/** "The customer is typing…" until the given time (ms), which each typing signal pushes on. */
export function TypingNote({ until }: { until: number }) {
  const { t } = useTranslation();
  const now = useNow(500);
  if (until <= now) return null;
  return (
    <div className="chat-typing" data-testid="customer-typing">
      {t('desktop.customerTyping')}
    </div>
  );
}
