import { Card, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgentState, Wallboard } from '../api/routing-types.ts';
import { AgentStateTag } from '../floor/AgentStateTag.tsx';
import { clock } from '../floor/clock.ts';
import { percent } from '../i18n/format.ts';
import { BigFigure } from './BigFigure.tsx';

const STATES: AgentState[] = ['available', 'busy', 'wrap_up', 'break', 'offline'];

/** The whole floor today: who waits and for how long, traffic, service level, ASA, agents by state. */
export function FloorTotals({ board, drift }: { board: Wallboard; drift: number }) {
  const { t } = useTranslation();
  const x = board.totals;
  return (
    <Card size="small" className="wb-totals" data-testid="wb-totals">
      <div className="wb-figures">
        <BigFigure
          label={t('wallboard.waiting')}
          value={x.waiting}
          color={x.waiting > 0 ? '#1f6feb' : undefined}
          testId="wb-total-waiting"
        />
        <BigFigure
          label={t('wallboard.longestWait')}
          value={x.longestWaitSeconds === null ? '—' : clock(x.longestWaitSeconds + drift)}
        />
        <BigFigure label={t('wallboard.offered')} value={x.offered} testId="wb-total-offered" />
        <BigFigure label={t('wallboard.answered')} value={x.answered} />
        <BigFigure
          label={t('wallboard.abandoned')}
          value={x.abandoned}
          color={x.abandoned > 0 ? '#cf1322' : undefined}
        />
        <BigFigure
          label={t('wallboard.serviceLevel')}
          value={x.serviceLevel === null ? '—' : percent(x.serviceLevel)}
        />
        <BigFigure label={t('wallboard.asa')} value={x.asaSeconds === null ? '—' : clock(x.asaSeconds)} />
      </div>
      <Space wrap size={[4, 4]} className="wb-states">
        {STATES.map((s) => (
          <span key={s} className="wb-state-count">
            <AgentStateTag state={s} /> <b>{board.agentsByState[s] ?? 0}</b>
          </span>
        ))}
      </Space>
    </Card>
  );
}
