import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { clock } from '../../floor/clock.ts';
import type { VoiceCall } from './call-types.ts';

/** The call's record in a few lines: the numbers, the IVR path, talk time and who hung up. */
export function CallFacts({ call }: { call: VoiceCall }) {
  const { t } = useTranslation();
  const items = [
    {
      key: 'line',
      label: call.direction === 'inbound' ? t('voiceCalls.hotline') : t('voiceCalls.callerId'),
      children: (call.direction === 'inbound' ? call.toNumber : call.fromNumber) ?? '—',
    },
    {
      key: 'ivr',
      label: t('voiceCalls.ivrPath'),
      children: call.ivrPath.length > 0 ? call.ivrPath.join(' → ') : t('voiceCalls.noIvr'),
    },
    ...(call.endedAt
      ? [
          {
            key: 'talk',
            label: t('voiceCalls.talkTime'),
            children: call.answeredAt ? clock(call.talkSeconds) : t('voiceCalls.unanswered'),
          },
          {
            key: 'end',
            label: t('voiceCalls.howEnded'),
            children: call.endedBy ? t(`voiceCalls.endedBy.${call.endedBy}`) : '—',
          },
        ]
      : []),
  ];
  return (
    <Descriptions size="small" column={1} items={items} className="call-facts" data-testid="call-facts" />
  );
}
