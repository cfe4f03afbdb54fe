import {
  CheckCircleOutlined,
  CloseOutlined,
  FileAddOutlined,
  LinkOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InteractionDetail } from '../api/routing-types.ts';
import { ChannelIcon } from '../floor/ChannelIcon.tsx';
import { clock, secondsSince, secondsUntil } from '../floor/clock.ts';
import { useNow } from '../floor/use-now.ts';
import { contactLabel } from './contact-label.ts';
import { useCustomerName } from './use-customer-name.ts';

/**
 * A conversation's title bar: who, which queue, how long it has been in hand (or how long
 * wrap-up has left), and what the agent can do with it: transfer, link the customer, open a
 * ticket, wrap up.
 */
export function PaneHeader({
  item,
  queueName,
  onTransfer,
  onLink,
  onWrapUp,
  onDismiss,
  onTicket,
}: {
  item: InteractionDetail;
  queueName: string;
  onTransfer: () => void;
  onLink: () => void;
  onTicket: () => void;
  onWrapUp: () => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const customerName = useCustomerName(item.customerId);
  const active = item.status === 'active';
  return (
    <div className="pane-head">
      <div className="pane-title">
        <Space size={6}>
          <ChannelIcon channel={item.channel} />
          <Typography.Text strong ellipsis style={{ maxWidth: 180 }} data-testid="pane-contact">
            {customerName ?? contactLabel(item.contact) ?? t('desktop.anonymous')}
          </Typography.Text>
          <Tag>{queueName}</Tag>
        </Space>
        <span className="pane-clock">
          {active
            ? clock(secondsSince(item.acceptedAt, now))
            : t('desktop.closesIn', { time: clock(Math.ceil(secondsUntil(item.wrapUpUntil, now))) })}
        </span>
      </div>
      {item.channel === 'email' && item.subject && (
        <Typography.Text className="pane-subject" data-testid="pane-subject">
          {item.subject}
        </Typography.Text>
      )}
      <div className="pane-actions">
        {active ? (
          <>
            <Button size="small" icon={<SwapOutlined />} onClick={onTransfer} data-testid="pane-transfer">
              {t('desktop.transfer')}
            </Button>
            <Button size="small" icon={<LinkOutlined />} onClick={onLink} data-testid="pane-link">
              {item.customerId ? t('desktop.relink') : t('desktop.linkCustomer')}
            </Button>
            <Button size="small" icon={<FileAddOutlined />} onClick={onTicket} data-testid="pane-ticket">
              {t('tickets.new')}
            </Button>
            <Button
              size="small"
              type="primary"
              icon={<CheckCircleOutlined />}
              onClick={onWrapUp}
              data-testid="pane-wrap-up"
            >
              {t('desktop.wrapUp')}
            </Button>
          </>
        ) : (
          <>
            <Tag color="blue" data-testid="pane-wrap-up-state">
              {t('agentStates.wrap_up')}
              {item.disposition
                ? ` · ${t(`dispositions.${item.disposition.code}`, { defaultValue: item.disposition.code })}`
                : ''}
            </Tag>
            <Tooltip title={t('desktop.dismiss')}>
              <Button size="small" type="text" icon={<CloseOutlined />} onClick={onDismiss} />
            </Tooltip>
          </>
        )}
      </div>
    </div>
  );
}
