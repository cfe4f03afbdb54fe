import { PhoneOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shown instead of the accept button on a call's offer: answering the phone accepts it. */
export function OfferCallNote() {
  const { t } = useTranslation();
  return (
    <Typography.Text strong className="offer-call-note" data-testid="offer-answer-on-phone">
      <PhoneOutlined className="offer-call-ring" aria-hidden /> {t('voiceCalls.answerOnPhone')}
    </Typography.Text>
  );
}
