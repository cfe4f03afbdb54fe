import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StreamStatus } from '../realtime/event-stream.ts';

const COLORS: Record<StreamStatus, 'success' | 'processing' | 'warning' | 'error'> = {
  live: 'success',
  connecting: 'processing',
  reconnecting: 'warning',
  'signed-out': 'error',
};

/** Whether the page is on the live feed: live, connecting, reconnecting (it resumes), or signed out. */
export function StreamBadge({ status }: { status: StreamStatus }) {
  const { t } = useTranslation();
  return <Badge status={COLORS[status]} text={t(`floor.stream.${status}`)} data-testid="stream-status" />;
}
