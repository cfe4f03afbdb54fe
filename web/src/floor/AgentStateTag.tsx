import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgentState } from '../api/routing-types.ts';

/** The colour of each agent state, the same on the desktop and the wallboard. */
export const STATE_COLORS: Record<AgentState, string> = {
  available: 'green',
  busy: 'orange',
  wrap_up: 'blue',
  break: 'purple',
  offline: '#8c8c8c',
};

/** An agent's state (and a break's reason) as a coloured tag. */
export function AgentStateTag({ state, reason }: { state: AgentState; reason?: string | null }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} variant="solid" data-testid="agent-state-tag">
      {t(`agentStates.${state}`)}
      {reason ? ` · ${reason}` : ''}
    </Tag>
  );
}
