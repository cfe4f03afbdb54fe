import { Button, Card, Empty, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Order, TimelineItem } from '../../api/types.ts';
import { date, dateTime, money } from '../../i18n/format.ts';
import { TimelineCall } from '../../voice/calls/TimelineCall.tsx';

const COLORS: Record<TimelineItem['kind'], string> = {
  order: 'green',
  stage: 'blue',
  interaction: 'purple',
  audit: 'gray',
};
const FIRST = 10;

/** Everything that happened with the customer, newest first: orders, stage changes, edits. */
export function TimelineSection({ items, orders }: { items: TimelineItem[]; orders: Order[] }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const byId = new Map(orders.map((o) => [o.id, o]));

  // Orders and edits are worded here from their data, so they read in the user's language;
  // stage changes arrive already worded by the server.
  const describe = (i: TimelineItem) => {
    const order = i.kind === 'order' ? byId.get(i.refId) : undefined;
    if (order)
      return (
        <>
          <Typography.Text strong>{order.product}</Typography.Text>
          <Typography.Text type="secondary">
            {' · '}
            {money(order.amountMinor, order.currency)}
            {order.externalRef ? ` · ${order.externalRef}` : ''}
          </Typography.Text>
          {order.status !== 'completed' && (
            <Tag style={{ marginLeft: 6 }}>{t(`card.orderStatus.${order.status}`)}</Tag>
          )}
        </>
      );
    if (i.kind === 'audit')
      return (
        <>
          <Typography.Text>{t(`card.actions.${i.title}`, { defaultValue: i.title })}</Typography.Text>
          {i.detail && <Typography.Text type="secondary"> · {i.detail}</Typography.Text>}
        </>
      );
    return (
      <>
        <Typography.Text strong={i.kind !== 'stage'}>{i.title}</Typography.Text>
        {i.detail && <Typography.Text type="secondary"> · {i.detail}</Typography.Text>}
        {i.call && <TimelineCall call={i.call} />}
      </>
    );
  };

  const shown = all ? items : items.slice(0, FIRST);
  return (
    <Card title={t('card.timeline')} size="small" data-testid="card-timeline">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('card.noTimeline')} />
      ) : (
        <Timeline
          className="timeline-compact"
          items={shown.map((i, n) => ({
            key: `${i.kind}-${i.refId}-${n}`,
            color: COLORS[i.kind],
            content: (
              <div>
                <Typography.Text type="secondary" className="small">
                  {t(`card.timelineKinds.${i.kind}`)} · {i.kind === 'order' ? date(i.at) : dateTime(i.at)}
                </Typography.Text>
                <div>{describe(i)}</div>
              </div>
            ),
          }))}
        />
      )}
      {items.length > FIRST && (
        <Button size="small" type="link" onClick={() => setAll(!all)}>
          {all ? t('card.timelineFewer') : t('card.timelineAll', { count: items.length })}
        </Button>
      )}
    </Card>
  );
}
