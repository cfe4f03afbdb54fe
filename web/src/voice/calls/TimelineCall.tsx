import { PhoneOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { clock } from '../../floor/clock.ts';
import { customerNumber, type VoiceCall } from './call-types.ts';
import { RecordingPlayer } from './RecordingPlayer.tsx';
import './calls.css';

/** A call on the customer's timeline: direction, number, talk time, agent, how it ended, the recording. */
export function TimelineCall({ call }: { call: VoiceCall }) {
  const { t } = useTranslation();
  const facts = [
    customerNumber(call),
    call.answeredAt ? `${t('voiceCalls.talkTime')} ${clock(call.talkSeconds)}` : t('voiceCalls.unanswered'),
    call.agent?.name ? `${t('voiceCalls.agent')} ${call.agent.name}` : null,
    call.endedBy ? t(`voiceCalls.endedBy.${call.endedBy}`) : null,
  ].filter(Boolean);
  return (
    <div className="timeline-call" data-testid="timeline-call">
      <Typography.Text className="small">
        <PhoneOutlined aria-hidden /> {t(`voiceCalls.direction.${call.direction}`)} · {facts.join(' · ')}
      </Typography.Text>
      {call.recording && <RecordingPlayer recording={call.recording} />}
    </div>
  );
}
