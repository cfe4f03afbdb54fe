import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { hoursSummary } from './hours-summary.ts';
import type { QueueDetail } from './setup-types.ts';

/** When a queue is open, in short: 7×24, or its weekday runs and holidays; open now or not. */
export function QueueHours({ queue }: { queue: QueueDetail }) {
  const { t } = useTranslation();
  const day = (d: string) => t(`routingSetup.weekdays.${d}`);
  return (
    <Space orientation="vertical" size={0}>
      <span>
        {queue.alwaysOpen ? (
          <Tag color="green">7×24</Tag>
        ) : (
          <Tag color={queue.open ? 'green' : 'default'}>
            {t(queue.open ? 'routingSetup.queue.openNow' : 'routingSetup.queue.closedNow')}
          </Tag>
        )}
      </span>
      {!queue.alwaysOpen &&
        hoursSummary(queue.businessHours).map((run) => (
          <span key={run.days[0]} className="small nowrap">
            {run.days.map(day).join('–')} {run.windows}
          </span>
        ))}
      {!queue.alwaysOpen && queue.holidays.length > 0 && (
        <span className="small muted">
          {t('routingSetup.queue.holidayCount', { count: queue.holidays.length })}
        </span>
      )}
      {!queue.alwaysOpen && queue.timeZone && <span className="small muted">{queue.timeZone}</span>}
    </Space>
  );
}
