import { Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WallboardQueue } from '../api/routing-types.ts';
import { clock } from '../floor/clock.ts';
import { percent } from '../i18n/format.ts';
import { BigFigure } from './BigFigure.tsx';
import { STANDING_COLORS } from './sl-colors.ts';

/** One queue today: service level against its target (red or amber below it), waiting, longest wait, traffic, ASA. */
export function QueueTile({ queue, drift }: { queue: WallboardQueue; drift: number }) {
  const { t } = useTranslation();
  const color = STANDING_COLORS[queue.standing];
  return (
    <Card
      size="small"
      className={`wb-queue wb-queue-${queue.standing}`}
      data-testid="wb-queue"
      title={queue.name}
      extra={
        <Tag>
          {t('wallboard.target', { percent: queue.target.percent, seconds: queue.target.withinSeconds })}
        </Tag>
      }
      style={{ borderTopColor: color }}
    >
      <div className="wb-queue-main">
        <BigFigure
          label={t('wallboard.serviceLevel')}
          value={queue.serviceLevel === null ? '—' : percent(queue.serviceLevel)}
          color={color}
          testId="wb-queue-sl"
        />
        <BigFigure
          label={t('wallboard.waiting')}
          value={queue.waiting}
          color={queue.waiting > 0 ? '#1f6feb' : undefined}
          testId="wb-queue-waiting"
        />
        <BigFigure
          label={t('wallboard.longestWait')}
          value={queue.longestWaitSeconds === null ? '—' : clock(queue.longestWaitSeconds + drift)}
        />
      </div>
      <div className="wb-queue-row">
        <BigFigure size="medium" label={t('wallboard.offered')} value={queue.offered} />
        <BigFigure size="medium" label={t('wallboard.answered')} value={queue.answered} />
        <BigFigure
          size="medium"
          label={t('wallboard.abandoned')}
          value={queue.abandoned}
          color={queue.abandoned > 0 ? '#cf1322' : undefined}
        />
        <BigFigure
          size="medium"
          label={t('wallboard.asa')}
          value={queue.asaSeconds === null ? '—' : clock(queue.asaSeconds)}
        />
      </div>
    </Card>
  );
}
