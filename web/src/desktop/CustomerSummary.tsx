import { StopOutlined, UserOutlined } from '@ant-design/icons';
import { Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Interaction } from '../api/routing-types.ts';
import { STAGE_COLORS, TIER_COLORS } from '../customers/card/standing-colors.ts';
import { dateTime, money } from '../i18n/format.ts';
import { contactLabel } from './contact-label.ts';
import { useCustomerSummary } from './use-customer-summary.ts';

/**
 * The screen pop: who the customer is (from their card), their value tier and lifecycle stage,
 * what they bought, and their last interactions. Without a linked card, the contact details
 * the channel gave.
 */
export function CustomerSummary({
  customerId,
  contact,
  compact = false,
}: {
  customerId: string | null;
  contact: Interaction['contact'];
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const { data, failed } = useCustomerSummary(customerId);

  if (!customerId)
    return (
      <div className="customer-summary" data-testid="customer-summary">
        <Typography.Text strong>
          <UserOutlined /> {contactLabel(contact) ?? t('desktop.anonymous')}
        </Typography.Text>
        <div className="muted small">{t('desktop.notLinked')}</div>
        {[contact.email, contact.phone].filter(Boolean).map((v) => (
          <div key={v} className="small">
            {v}
          </div>
        ))}
      </div>
    );
  if (failed) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('card.missing')} />;
  if (!data) return <Skeleton active paragraph={{ rows: compact ? 2 : 4 }} />;

  const { customer, standing, lastInteractions } = data;
  const tier = standing?.value;
  const stage = standing?.stage;
  return (
    <div className="customer-summary" data-testid="customer-summary">
      <Space wrap size={4}>
        <Link to={`/customers/${customer.id}`} target="_blank" data-testid="customer-summary-name">
          <Typography.Text strong style={{ fontSize: compact ? 14 : 16 }}>
            {customer.name}
          </Typography.Text>
        </Link>
        {tier && (
          <Tag color={TIER_COLORS[tier.tier]} data-testid="customer-summary-tier">
            {tier.tierName}
          </Tag>
        )}
        {stage && <Tag color={STAGE_COLORS[stage.code]}>{stage.name}</Tag>}
        {customer.doNotCall && (
          <Tag color="red" icon={<StopOutlined />}>
            {t('desktop.doNotCall')}
          </Tag>
        )}
      </Space>
      {customer.company && <div className="small muted">{customer.company}</div>}
      <div className="small">
        {t('desktop.orders', {
          count: customer.orderCount,
          amount: money(customer.lifetimeValueMinor, customer.currency),
        })}
      </div>
      {!compact && customer.tags.length > 0 && (
        <Space size={2} wrap>
          {customer.tags.map((tag) => (
            <Tag key={tag}>{tag}</Tag>
          ))}
        </Space>
      )}
      <div className="customer-summary-history">
        <Typography.Text type="secondary" className="small">
          {t('desktop.lastInteractions')}
        </Typography.Text>
        {lastInteractions.length === 0 ? (
          <div className="small muted">{t('desktop.noInteractions')}</div>
        ) : (
          lastInteractions.map((i) => (
            <div key={i.refId} className="small" data-testid="customer-summary-interaction">
              <span className="muted">{dateTime(i.at)}</span> {i.title}
              {i.detail && <span className="muted"> · {i.detail}</span>}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
