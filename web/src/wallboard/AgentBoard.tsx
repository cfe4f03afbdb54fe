import { DownOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WallboardAgent } from '../api/routing-types.ts';
import { AgentStateTag } from '../floor/AgentStateTag.tsx';
import { BreakReasonModal } from '../floor/BreakReasonModal.tsx';
import { clock } from '../floor/clock.ts';
import { ListenButton } from '../voice/calls/ListenButton.tsx';
import { ContactChip } from './ContactChip.tsx';

type Settable = 'available' | 'busy' | 'break' | 'offline';
const SETTABLE: Settable[] = ['available', 'busy', 'break', 'offline'];

/**
 * Every agent: state and time in it, the interactions they hold, their load; a supervisor
 * can set an agent's state from here (a break asks why), and listen in on a call.
 */
export function AgentBoard({
  agents,
  drift,
  canAct,
  onSetState,
}: {
  agents: WallboardAgent[];
  drift: number;
  canAct: boolean;
  onSetState: (agentId: string, state: Settable, reason?: string) => void;
}) {
  const { t } = useTranslation();
  const [breakFor, setBreakFor] = useState<string | null>(null);
  return (
    <Card size="small" title={t('wallboard.agents', { count: agents.length })} className="wb-agents">
      <Table<WallboardAgent>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={agents}
        locale={{ emptyText: t('wallboard.noAgents') }}
        onRow={() => ({ 'data-testid': 'wb-agent-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('floor.agent'), dataIndex: 'displayName', className: 'wb-agent-name nowrap' },
          {
            title: t('wallboard.state'),
            className: 'nowrap',
            render: (_, a) => <AgentStateTag state={a.state} reason={a.stateReason} />,
          },
          {
            title: t('wallboard.timeInState'),
            align: 'right',
            className: 'wb-clock nowrap',
            render: (_, a) => clock(a.secondsInState + drift),
          },
          {
            title: t('wallboard.interactions'),
            render: (_, a) => (
              <Space size={[2, 2]} wrap>
                {a.interactions.map((i) => (
                  <span key={i.id} className="wb-chip-wrap">
                    <ContactChip contact={i} drift={drift} />
                    {canAct && i.channel === 'voice' && i.status === 'active' && (
                      <ListenButton interactionId={i.id} />
                    )}
                  </span>
                ))}
              </Space>
            ),
          },
          {
            title: t('wallboard.load'),
            className: 'nowrap',
            render: (_, a) =>
              (['chat', 'email', 'voice'] as const)
                .filter((c) => a.capacity[c] > 0)
                .map((c) => (
                  <div key={c} className="small">
                    {t(`channels.${c}`)} {a.load[c]}/{a.capacity[c]}
                  </div>
                )),
          },
          ...(canAct
            ? [
                {
                  title: '',
                  align: 'right' as const,
                  render: (_: unknown, a: WallboardAgent) => (
                    <Dropdown
                      trigger={['click']}
                      menu={{
                        items: SETTABLE.filter((s) => s !== a.state).map((s) => ({
                          key: s,
                          label: t(`agentStates.${s}`),
                        })),
                        onClick: ({ key }) =>
                          key === 'break' ? setBreakFor(a.id) : onSetState(a.id, key as Settable),
                      }}
                    >
                      <Button size="small" data-testid="wb-set-state">
                        {t('wallboard.setState')} <DownOutlined />
                      </Button>
                    </Dropdown>
                  ),
                },
              ]
            : []),
        ]}
      />
      <BreakReasonModal
        open={breakFor !== null}
        onCancel={() => setBreakFor(null)}
        onChoose={(reason) => {
          if (breakFor) onSetState(breakFor, 'break', reason);
          setBreakFor(null);
        }}
      />
    </Card>
  );
}
