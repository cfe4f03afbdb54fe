import { PhoneOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InteractionDetail } from '../../api/routing-types.ts';
import { clock, secondsSince } from '../../floor/clock.ts';
import { useNow } from '../../floor/use-now.ts';
import { CallFacts } from './CallFacts.tsx';
import { callState, customerNumber } from './call-types.ts';
import { RecordingPlayer } from './RecordingPlayer.tsx';
import { useInteractionCall } from './use-interaction-call.ts';
import './calls.css';

const STATE_COLORS = { waiting: 'orange', talking: 'green', ended: 'default' } as const;

/**
 * A voice interaction in the agent's hands: who is on the line, the call's running time and
 * state, the IVR path they took, and once the call is over its recording. The talking is on
 * the agent's phone; the desktop follows it.
 */
export function CallPane({ item }: { item: InteractionDetail }) {
  const { t } = useTranslation();
  const now = useNow();
  const call = useInteractionCall(item.id, `${item.status}/${item.messages.length}`);
  const state = call ? callState(call) : 'waiting';
  const time = !call
    ? null
    : state === 'talking'
      ? secondsSince(call.answeredAt, now)
      : state === 'ended'
        ? (call.talkSeconds ?? 0)
        : null;
  return (
    <div className="call-pane" data-testid="call-pane">
      <div className="call-pane-head">
        <PhoneOutlined className={`call-pane-icon call-pane-icon-${state}`} aria-hidden />
        <div className="call-pane-who">
          <Typography.Text type="secondary" className="small">
            {t(`voiceCalls.direction.${call?.direction ?? item.direction}`)}
          </Typography.Text>
          <Typography.Text strong className="call-pane-number" data-testid="call-number">
            {item.contact.phone ?? (call && customerNumber(call)) ?? t('voiceCalls.unknownNumber')}
          </Typography.Text>
        </div>
        <div className="call-pane-clock">
          <Tag color={STATE_COLORS[state]} data-testid="call-state">
            {t(`voiceCalls.state.${state}`)}
          </Tag>
          <span className="call-pane-time" data-testid="call-time">
            {time === null ? '—' : clock(time)}
          </span>
        </div>
      </div>
      {call && <CallFacts call={call} />}
      {call?.endedAt &&
        (call.recording ? (
          <RecordingPlayer recording={call.recording} />
        ) : (
          call.answeredAt && (
            <Typography.Text type="secondary" className="small">
              {t('voiceCalls.recordingPending')}
            </Typography.Text>
          )
        ))}
    </div>
  );
}
