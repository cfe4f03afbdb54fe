import { SoundOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VoiceCall } from './call-types.ts';
import { useRecordingUrl } from './use-recording-url.ts';
import './calls.css';

/** A call's recording, playable and seekable (the blob holds the whole file). */
export function RecordingPlayer({ recording }: { recording: NonNullable<VoiceCall['recording']> }) {
  const { t } = useTranslation();
  const src = useRecordingUrl(recording.url);
  if (src === 'failed')
    return (
      <Typography.Text type="secondary" className="small">
        {t('voiceCalls.recordingUnavailable')}
      </Typography.Text>
    );
  return (
    <div className="call-recording">
      <SoundOutlined aria-hidden />
      {src ? (
        // biome-ignore lint/a11y/useMediaCaption: a phone call's recording has no caption track
        <audio
          controls
          preload="metadata"
          src={src}
          className="call-audio"
          aria-label={t('voiceCalls.recording')}
          data-testid="call-recording"
        />
      ) : (
        <span className="call-audio call-audio-loading" />
      )}
    </div>
  );
}
