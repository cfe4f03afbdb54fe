import { PhoneOutlined } from '@ant-design/icons';
import { Button, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { InteractionDetail } from '../../api/routing-types.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { clock, secondsSince } from '../../floor/clock.ts';
import { useNow } from '../../floor/use-now.ts';
import { CallControls } from './CallControls.tsx';
import { CallFacts } from './CallFacts.tsx';
import { callState, customerNumber } from './call-types.ts';
import { RecordingPlayer } from './RecordingPlayer.tsx';
import { useInteractionCall } from './use-interaction-call.ts';
import './calls.css';

const STATE_COLORS = { waiting: 'orange', talking: 'green', held: 'gold', ended: 'default' } as const;

/**
 * A voice interaction in the agent's hands: who is on the line, the call's running time and
 * state, the IVR path they took, and once the call is over its recording. The talking is on
 * the agent's phone; the desktop follows it.
 */
export function CallPane({ item, selfId }: { item: InteractionDetail; selfId: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const { call, reload } = useInteractionCall(item.id, `${item.status}/${item.messages.length}`);
  const state = call ? callState(call) : 'waiting';
  const showError = useErrorToast();
  const [hangingUp, setHangingUp] = useState(false);
  // The phone hangs up too; this is for a headset call, or a phone out of reach.
  const hangUp = async () => {
    if (!call) return;
    setHangingUp(true);
    await api('POST', `/api/v1/voice/calls/${call.id}/hangup`).catch(showError);
    setHangingUp(false);
  };
  const time = !call
    ? null
    : state === 'talking' || state === 'held'
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
          {(state === 'talking' || state === 'held') && (
            <Button
              danger
              size="small"
              loading={hangingUp}
              onClick={() => void hangUp()}
              data-testid="call-hangup"
            >
              {t('voiceCalls.hangUp')}
            </Button>
          )}
        </div>
      </div>
      {call && (state === 'talking' || state === 'held') && (
        <CallControls call={call} selfId={selfId} onChanged={reload} />
      )}
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
