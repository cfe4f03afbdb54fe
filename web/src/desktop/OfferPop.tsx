import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Button, Card, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InteractionDetail } from '../api/routing-types.ts';
import { ChannelIcon } from '../floor/ChannelIcon.tsx';
import { clock, secondsSince, secondsUntil } from '../floor/clock.ts';
import { useNow } from '../floor/use-now.ts';
import { OfferCallNote } from '../voice/calls/OfferCallNote.tsx';
import { CustomerSummary } from './CustomerSummary.tsx';

/**
 * An offer ringing at the agent, without sound: the channel and queue, how long the customer
 * has waited, what they wrote, who they are (the customer card's summary), and a countdown to
 * the offer's timeout, with accept and decline.
 */
export function OfferPop({
  offer,
  queueName,
  onAccept,
  onDecline,
}: {
  offer: InteractionDetail;
  queueName: string;
  onAccept: () => Promise<boolean>;
  onDecline: () => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const now = useNow(250);
  const [busy, setBusy] = useState(false);
  const expiresAt = offer.offer?.expiresAt;
  const total = Math.max(1, (Date.parse(expiresAt ?? '') - Date.parse(offer.offer?.offeredAt ?? '')) / 1000);
  const left = secondsUntil(expiresAt, now);
  // A chat's subject is only the site it came from; an email's says what it is about.
  const subject = offer.channel === 'email' ? offer.subject : null;
  const firstWords = offer.messages.find((m) => m.author === 'customer')?.body;
  // A call is answered on the agent's phone, which accepts the offer on the server.
  const voice = offer.channel === 'voice';
  const run = (action: () => Promise<boolean>) => {
    setBusy(true);
    void action().finally(() => setBusy(false));
  };

  return (
    <Card size="small" className="offer-pop" data-testid="offer-pop">
      <div className="offer-pop-head">
        <Space size={6}>
          <ChannelIcon channel={offer.channel} />
          <Typography.Text strong>{t(`desktop.offerTitle.${offer.channel}`)}</Typography.Text>
          {voice && offer.contact.phone && (
            <Typography.Text strong data-testid="offer-number">
              {offer.contact.phone}
            </Typography.Text>
          )}
          <Tag>{queueName}</Tag>
          {offer.offer?.reason === 'transfer' && <Tag color="purple">{t('desktop.transferred')}</Tag>}
        </Space>
        <span className="offer-pop-wait">
          {t('desktop.waited', { time: clock(secondsSince(offer.enqueuedAt, now)) })}
        </span>
      </div>
      <CustomerSummary customerId={offer.customerId} contact={offer.contact} compact />
      {(subject || firstWords) && (
        <div className="offer-pop-preview" data-testid="offer-preview">
          {subject && <Typography.Text strong>{subject}</Typography.Text>}
          {firstWords && <Typography.Paragraph ellipsis={{ rows: 2 }}>{firstWords}</Typography.Paragraph>}
        </div>
      )}
      <Progress
        percent={(left / total) * 100}
        showInfo={false}
        size="small"
        status={left < 5 ? 'exception' : 'active'}
      />
      <div className="offer-pop-actions">
        <span className="offer-pop-countdown" data-testid="offer-countdown">
          {left > 0 ? t('desktop.answerWithin', { seconds: Math.ceil(left) }) : t('desktop.offerExpired')}
        </span>
        {voice ? (
          <OfferCallNote />
        ) : (
          <Space>
            <Button
              icon={<CloseOutlined />}
              disabled={busy}
              onClick={() => run(onDecline)}
              data-testid="offer-decline"
            >
              {t('desktop.decline')}
            </Button>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              loading={busy}
              disabled={left <= 0}
              onClick={() => run(onAccept)}
              data-testid="offer-accept"
            >
              {t('desktop.accept')}
            </Button>
          </Space>
        )}
      </div>
    </Card>
  );
}
