import { MoreOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Order, Page } from '../../api/types.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { date, money } from '../../i18n/format.ts';
import { AddOrderForm } from './AddOrderForm.tsx';

const STATUS_COLORS: Record<Order['status'], string> = {
  completed: 'green',
  refunded: 'orange',
  cancelled: 'default',
};

/** The customer's orders, newest first; writers record orders and refunds or cancellations. */
export function OrdersSection({
  customerId,
  orders,
  canWrite,
  onChanged,
  onMore,
}: {
  customerId: string;
  orders: Page<Order>;
  canWrite: boolean;
  onChanged: () => void;
  onMore: () => void;
}) {
  const { t } = useTranslation();
  const showError = useErrorToast();

  const setStatus = (o: Order, status: Order['status']) =>
    api('PATCH', `/api/v1/customers/${customerId}/orders/${o.id}`, { status }).then(onChanged, showError);

  const { modal } = App.useApp();
  const confirmStatus = (o: Order, status: 'refunded' | 'cancelled') =>
    modal.confirm({
      title: t(status === 'refunded' ? 'card.refundConfirm' : 'card.cancelConfirm', { product: o.product }),
      okText: t(status === 'refunded' ? 'card.refund' : 'card.cancelOrder'),
      cancelText: t('common.cancel'),
      onOk: () => setStatus(o, status),
    });

  // Refunds and cancellations change the customer's value at once, so each asks first.
  const actions = (o: Order) => (
    <Dropdown
      trigger={['click']}
      menu={{
        items:
          o.status === 'completed'
            ? [
                { key: 'refunded', label: t('card.refund') },
                { key: 'cancelled', label: t('card.cancelOrder') },
              ]
            : [{ key: 'completed', label: t('card.restoreOrder') }],
        onClick: ({ key }) =>
          key === 'completed'
            ? void setStatus(o, 'completed')
            : confirmStatus(o, key as 'refunded' | 'cancelled'),
      }}
    >
      <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('card.orderActions')} />
    </Dropdown>
  );

  return (
    <Card title={t('card.orders')} size="small" data-testid="card-orders">
      <Table<Order>
        rowKey="id"
        size="small"
        dataSource={orders.items}
        pagination={{ pageSize: 8, hideOnSinglePage: true, size: 'small' }}
        locale={{ emptyText: t('card.noOrders') }}
        columns={[
          {
            title: t('card.product'),
            dataIndex: 'product',
            render: (v: string, o) => (
              <span>
                {v}
                {o.externalRef && (
                  <Typography.Text type="secondary" className="small">
                    {' '}
                    · {o.externalRef}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: t('card.category'),
            dataIndex: 'category',
            width: 100,
            render: (v: string | null) => v || '—',
          },
          {
            title: t('card.amount'),
            align: 'right',
            width: 110,
            render: (_, o) => (
              <span
                className="nowrap"
                style={o.status === 'completed' ? undefined : { textDecoration: 'line-through' }}
              >
                {money(o.amountMinor, o.currency)}
              </span>
            ),
          },
          {
            title: t('card.orderedAt'),
            dataIndex: 'orderedAt',
            width: 130,
            render: (v: string) => <span className="nowrap">{date(v)}</span>,
          },
          {
            title: t('card.status'),
            width: canWrite ? 130 : 100,
            render: (_, o) => (
              <span className="nowrap">
                <Tag color={STATUS_COLORS[o.status]}>{t(`card.orderStatus.${o.status}`)}</Tag>
                {canWrite && actions(o)}
              </span>
            ),
          },
        ]}
      />
      {orders.nextCursor && (
        <Button size="small" type="link" onClick={onMore}>
          {t('card.moreOrders')}
        </Button>
      )}
      {canWrite && <AddOrderForm customerId={customerId} onAdded={onChanged} />}
    </Card>
  );
}
