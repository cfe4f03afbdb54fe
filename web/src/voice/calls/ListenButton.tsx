import { CustomerServiceOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import type { VoiceCall } from './call-types.ts';

/**
 * A supervisor listens in on the call behind a voice interaction: the server rings the
 * supervisor's own registered phone, and once answered they hear both parties, unheard.
 */
export function ListenButton({ interactionId }: { interactionId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [busy, setBusy] = useState(false);
  const listen = async () => {
    setBusy(true);
    try {
      const page = await api<{ items: VoiceCall[] }>(
        'GET',
        `/api/v1/voice/calls?interactionId=${interactionId}&limit=1`,
      );
      const call = page.items[0];
      if (call) {
        await api('POST', `/api/v1/voice/calls/${call.id}/listen`);
        void message.info(t('voiceCalls.listenRequested'));
      }
    } catch (err) {
      showError(err);
    }
    setBusy(false);
  };
  return (
    <Tooltip title={t('voiceCalls.listen')}>
      <Button
        size="small"
        type="text"
        icon={<CustomerServiceOutlined />}
        loading={busy}
        aria-label={t('voiceCalls.listen')}
        onClick={() => void listen()}
        data-testid="wb-listen"
      />
    </Tooltip>
  );
}
