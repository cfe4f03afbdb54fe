import { Button, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WallboardAgent, WallboardContact, WallboardQueue } from '../api/routing-types.ts';
import { ChannelIcon } from '../floor/ChannelIcon.tsx';
import { clock } from '../floor/clock.ts';

/** Who waits, longest first: channel, customer, queue, wait, ringing at whom; a supervisor reassigns from here. */
export function WaitingList({
  waiting,
  queues,
  agents,
  drift,
  canAct,
  onReassign,
}: {
  waiting: WallboardContact[];
  queues: WallboardQueue[];
  agents: WallboardAgent[];
  drift: number;
  canAct: boolean;
  onReassign: (contact: WallboardContact) => void;
}) {
  const { t } = useTranslation();
  const queueName = (id: string) => queues.find((q) => q.id === id)?.name ?? '';
  const agentName = (id: string | null) => agents.find((a) => a.id === id)?.displayName ?? '';
  return (
    <Card size="small" title={t('wallboard.waitingList', { count: waiting.length })} className="wb-waiting">
      <Table<WallboardContact>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={waiting}
        locale={{ emptyText: t('wallboard.nobodyWaits') }}
        onRow={() => ({ 'data-testid': 'wb-waiting-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('wallboard.customer'),
            render: (_, c) => (
              <span className="nowrap">
                <ChannelIcon channel={c.channel} /> {c.label ?? t('desktop.anonymous')}
              </span>
            ),
          },
          { title: t('floor.queue'), className: 'nowrap', render: (_, c) => queueName(c.queueId) },
          {
            title: t('wallboard.wait'),
            align: 'right',
            className: 'wb-clock nowrap',
            render: (_, c) => clock(c.seconds + drift),
          },
          {
            title: t('wallboard.state'),
            render: (_, c) =>
              c.status === 'offered' ? (
                <Tag color="gold">{t('wallboard.ringingAt', { name: agentName(c.agentId) })}</Tag>
              ) : (
                <Tag>{t('wallboard.status.queued')}</Tag>
              ),
          },
          ...(canAct
            ? [
                {
                  title: '',
                  align: 'right' as const,
                  render: (_: unknown, c: WallboardContact) => (
                    <Button size="small" onClick={() => onReassign(c)} data-testid="wb-reassign">
                      {t('wallboard.reassign')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
