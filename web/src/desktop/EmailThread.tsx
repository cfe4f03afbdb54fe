import { PaperClipOutlined } from '@ant-design/icons';
import { Empty, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { download } from '../api/client.ts';
import type { Email, Message } from '../api/routing-types.ts';
import { dateTime } from '../i18n/format.ts';
import { useEmails } from './use-emails.ts';

const STATUS_COLORS: Record<Email['delivery']['status'], string> = {
  received: 'default',
  queued: 'processing',
  sent: 'success',
  failed: 'error',
};

/**
 * An email conversation as a thread: each email with sender, recipients, time and text, the
 * replies marked with their delivery status (queued, sent, failed), attachments as downloads.
 * System notes of the interaction (transfers) are not emails and are left to the header.
 */
export function EmailThread({ interactionId, messages }: { interactionId: string; messages: Message[] }) {
  const { t } = useTranslation();
  const emails = useEmails(interactionId, messages.length);
  if (!emails) return <Skeleton active />;
  if (emails.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desktop.noEmails')} />;
  return (
    <div className="email-thread" data-testid="email-thread">
      {emails.map((e) => (
        <div key={e.id} className={`email-item email-${e.direction}`} data-testid="email-item">
          <div className="email-head">
            <Typography.Text strong>{e.from.name ?? e.from.address}</Typography.Text>
            {e.from.name && <span className="muted small"> &lt;{e.from.address}&gt;</span>}
            <span className="muted small"> → {e.to.join(', ')}</span>
            <span className="email-time muted small">{dateTime(e.createdAt)}</span>
          </div>
          <div className="email-tags">
            {e.kind === 'auto_reply' && <Tag>{t('desktop.emailAutoReply')}</Tag>}
            {e.direction === 'outbound' && (
              <Tag color={STATUS_COLORS[e.delivery.status]} title={e.delivery.lastError ?? undefined}>
                {t(`desktop.emailStatus.${e.delivery.status}`)}
              </Tag>
            )}
            {e.inReplyTo && <span className="muted small">{t('desktop.inReplyTo')}</span>}
          </div>
          <div className="email-text">{e.text ?? ''}</div>
          {e.attachments.map((a) => (
            <Typography.Link key={a.id} onClick={() => void download(a.url, a.name)} className="chat-file">
              <PaperClipOutlined /> {a.name}
            </Typography.Link>
          ))}
        </div>
      ))}
    </div>
  );
}
