import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { dateTime } from '../../i18n/format.ts';
import { TicketDrawer } from './TicketDrawer.tsx';
import {
  PRIORITY_COLORS,
  STATUS_COLORS,
  TICKET_STATUSES,
  TICKET_TYPES,
  type Ticket,
  type TicketStatus,
  type TicketType,
} from './ticket-types.ts';

const OPEN: TicketStatus[] = ['new', 'open', 'pending_customer', 'pending_third_party', 'reopened'];

/**
 * 工单 / Tickets: what is still open first, filtered by status and type; a ticket opens in a
 * drawer with its SLA clocks, history and notes, where it moves along the workflow.
 */
export function TicketsPage() {
  const { t } = useTranslation();
  const showError = useErrorToast();
  const [statuses, setStatuses] = useState<TicketStatus[]>(OPEN);
  const [type, setType] = useState<TicketType | undefined>();
  const [items, setItems] = useState<Ticket[]>([]);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    const query = new URLSearchParams({ limit: '100' });
    if (statuses.length) query.set('status', statuses.join(','));
    if (type) query.set('type', type);
    await api<{ items: Ticket[] }>('GET', `/api/v1/tickets?${query}`)
      .then((res) => setItems(res.items), showError)
      .finally(() => setLoading(false));
  }, [statuses, type, showError]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div data-testid="tickets-page">
      <Space align="center" wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('tickets.title')}
        </Typography.Title>
        <Space wrap>
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 280 }}
            placeholder={t('tickets.anyStatus')}
            value={statuses}
            onChange={setStatuses}
            options={TICKET_STATUSES.map((s) => ({ value: s, label: t(`tickets.statuses.${s}`) }))}
            data-testid="tickets-status-filter"
          />
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('tickets.anyType')}
            value={type}
            onChange={setType}
            options={TICKET_TYPES.map((k) => ({ value: k, label: t(`tickets.types.${k}`) }))}
          />
        </Space>
      </Space>
      <Card size="small">
        <Table<Ticket>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: t('tickets.empty') }}
          onRow={(r) =>
            ({
              onClick: () => setSelected(r.id),
              style: { cursor: 'pointer' },
              'data-testid': 'ticket-row',
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: t('tickets.number'), dataIndex: 'number', width: 90 },
            {
              title: t('tickets.type'),
              dataIndex: 'type',
              width: 90,
              render: (v: TicketType) => t(`tickets.types.${v}`),
            },
            { title: t('tickets.subject'), dataIndex: 'subject', ellipsis: true },
            { title: t('tickets.customer'), dataIndex: 'customerName', width: 120, render: (v) => v ?? '—' },
            {
              title: t('tickets.status'),
              dataIndex: 'status',
              width: 110,
              render: (v: TicketStatus) => <Tag color={STATUS_COLORS[v]}>{t(`tickets.statuses.${v}`)}</Tag>,
            },
            {
              title: t('tickets.priority'),
              dataIndex: 'priority',
              width: 80,
              render: (v: Ticket['priority']) => (
                <Tag color={PRIORITY_COLORS[v]}>{t(`tickets.priorities.${v}`)}</Tag>
              ),
            },
            { title: t('tickets.owner'), key: 'owner', width: 110, render: (_, r) => r.owner?.name ?? '—' },
            {
              title: t('tickets.sla'),
              key: 'sla',
              width: 150,
              render: (_, r) =>
                r.slaBreached ? (
                  <Tag color="red">{t('tickets.breached')}</Tag>
                ) : r.resolutionDueAt ? (
                  <span className="small">{t('tickets.dueAt', { time: dateTime(r.resolutionDueAt) })}</span>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
      <TicketDrawer ticketId={selected} onClose={() => setSelected(null)} onChanged={() => void load()} />
    </div>
  );
}
