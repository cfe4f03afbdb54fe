import { Card, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent } from '../api/routing-types.ts';
import { AgentStateTag } from '../floor/AgentStateTag.tsx';
import { BreakReasonModal } from '../floor/BreakReasonModal.tsx';
import { clock, secondsSince, secondsUntil } from '../floor/clock.ts';
import { StreamBadge } from '../floor/StreamBadge.tsx';
import { useNow } from '../floor/use-now.ts';
import type { StreamStatus } from '../realtime/event-stream.ts';
import type { ChosenState } from './use-my-agent.ts';

const CHOICES: ChosenState[] = ['available', 'busy', 'break', 'offline'];

/**
 * The agent's state and how long they have been in it, the switch to change it (a break asks
 * why), their load per channel, and whether the desktop is live.
 */
export function AgentStateBar({
  agent,
  stream,
  onChoose,
}: {
  agent: Agent | null;
  stream: StreamStatus;
  onChoose: (state: ChosenState, reason?: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const [askReason, setAskReason] = useState(false);
  const state = agent?.state ?? 'offline';

  return (
    <Card size="small" className="desk-statebar" data-testid="agent-state-bar">
      <div className="desk-statebar-row">
        <Space size="middle" wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('desktop.title')}
          </Typography.Title>
          <AgentStateTag state={state} reason={agent?.stateReason} />
          <span className="desk-state-clock" data-testid="time-in-state" title={t('desktop.timeInState')}>
            {agent ? clock(secondsSince(agent.stateSince, now)) : '—'}
          </span>
          {agent?.state === 'wrap_up' && agent.wrapUpUntil && (
            <Typography.Text type="secondary">
              {t('desktop.wrapUpEndsIn', { time: clock(Math.ceil(secondsUntil(agent.wrapUpUntil, now))) })}
            </Typography.Text>
          )}
        </Space>
        <Segmented<ChosenState>
          value={CHOICES.includes(state as ChosenState) ? (state as ChosenState) : ('' as ChosenState)}
          options={CHOICES.map((c) => ({
            value: c,
            label: <span data-testid={`state-${c}`}>{t(`agentStates.${c}`)}</span>,
          }))}
          onChange={(next) => {
            if (next === 'break') setAskReason(true);
            else void onChoose(next);
          }}
        />
      </div>
      <div className="desk-statebar-row small">
        <Space size="large" wrap>
          {agent &&
            (['chat', 'email', 'voice'] as const)
              .filter((c) => agent.capacity[c] > 0)
              .map((c) => (
                <span key={c}>
                  {t(`channels.${c}`)} {agent.load[c]}/{agent.capacity[c]}
                </span>
              ))}
          {!agent && <span className="muted">{t('desktop.noProfile')}</span>}
        </Space>
        <StreamBadge status={stream} />
      </div>
      <BreakReasonModal
        open={askReason}
        onCancel={() => setAskReason(false)}
        onChoose={(reason) => {
          setAskReason(false);
          void onChoose('break', reason);
        }}
      />
    </Card>
  );
}
