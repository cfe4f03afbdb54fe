import { FullscreenOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import i18n from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { WallboardContact } from '../api/routing-types.ts';
import { useErrorToast } from '../api/use-error-toast.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { can } from '../auth/permissions.ts';
import { MoveModal, type MoveTarget } from '../floor/MoveModal.tsx';
import { StreamBadge } from '../floor/StreamBadge.tsx';
import { useNow } from '../floor/use-now.ts';
import { useEventStream } from '../realtime/use-event-stream.ts';
import { AgentBoard } from './AgentBoard.tsx';
import { FloorTotals } from './FloorTotals.tsx';
import { QueueTile } from './QueueTile.tsx';
import { useWallboard } from './use-wallboard.ts';
import { WaitingList } from './WaitingList.tsx';
import './wallboard.css';

/** The day the figures are for, as the tenant's calendar has it. */
const dayIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone }).format(new Date(iso));

/**
 * The supervisor's wallboard: the floor's totals today, each queue's service level against
 * its target with what waits, every agent's state and work, and who waits now. Live: any
 * event of the floor refreshes it, and it refreshes every few seconds anyway; the clocks run
 * between refreshes. Supervisors set agents' states and reassign waiting contacts here.
 */
export function WallboardPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const { board, fetchedAt, refresh, poke } = useWallboard();
  const stream = useEventStream(poke, poke);
  const now = useNow();
  const [moving, setMoving] = useState<WallboardContact | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const canAct = can.manage(me);
  // Seconds since the figures were read: the clocks run on between refreshes.
  const drift = fetchedAt ? Math.max(0, (now - fetchedAt) / 1000) : 0;

  const setState = async (agentId: string, state: string, reason?: string) => {
    try {
      await api('PUT', `/api/v1/agents/${agentId}/state`, { state, ...(reason ? { reason } : {}) });
      void message.success(t('wallboard.stateSet'));
      void refresh();
    } catch (err) {
      showError(err);
    }
  };
  const reassign = async (target: MoveTarget) => {
    if (!moving) return false;
    try {
      await api('POST', `/api/v1/interactions/${moving.id}/reassign`, target);
      void message.success(t('wallboard.reassigned'));
      void refresh();
      return true;
    } catch (err) {
      showError(err);
      return false;
    }
  };

  return (
    <div className="wb" ref={root} data-testid="wallboard">
      <div className="wb-head">
        <Space align="baseline" wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('wallboard.title')}
          </Typography.Title>
          {board && (
            <Typography.Text type="secondary">
              {t('wallboard.since', { date: dayIn(board.since, board.timeZone), zone: board.timeZone })}
            </Typography.Text>
          )}
        </Space>
        <Space>
          <StreamBadge status={stream} />
          {fetchedAt > 0 && (
            <Typography.Text type="secondary" className="small">
              {t('wallboard.updated', { seconds: Math.floor(drift) })}
            </Typography.Text>
          )}
          <Button
            icon={<FullscreenOutlined />}
            onClick={() => void root.current?.requestFullscreen?.().catch(() => undefined)}
          >
            {t('wallboard.fullscreen')}
          </Button>
        </Space>
      </div>
      {board && (
        <>
          <FloorTotals board={board} drift={drift} />
          <div className="wb-queues">
            {board.queues.map((q) => (
              <QueueTile key={q.id} queue={q} drift={drift} />
            ))}
            {board.queues.length === 0 && (
              <Typography.Text type="secondary">{t('wallboard.noQueues')}</Typography.Text>
            )}
          </div>
          <div className="wb-lower">
            <AgentBoard
              agents={board.agents}
              drift={drift}
              canAct={canAct}
              onSetState={(id, s, r) => void setState(id, s, r)}
            />
            <WaitingList
              waiting={board.waiting}
              queues={board.queues}
              agents={board.agents}
              drift={drift}
              canAct={canAct}
              onReassign={setMoving}
            />
          </div>
          {moving && (
            <MoveModal
              open
              title={t('wallboard.reassignTitle', { name: moving.label ?? t('desktop.anonymous') })}
              channel={moving.channel}
              queues={board.queues.filter((q) => q.id !== moving.queueId)}
              exceptAgentId={moving.agentId}
              onClose={() => setMoving(null)}
              onMove={reassign}
            />
          )}
        </>
      )}
    </div>
  );
}
