import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';

/** POST /api/v1/voice/calls/outbound (src/channels/voice/outbound/outbound-call.schemas.ts). */
export interface OutboundCallRequest {
  customerId?: string;
  contactId?: string;
  number?: string;
  callerId?: string;
}

export interface PlacedCall {
  callId: string;
  agentId: string;
  customerId: string | null;
  number: string;
  callerId: string;
  status: 'ringing_agent';
}

/** Why the server refused (409 `details.reason`) → the sentence in the `outbound` section. */
const REASONS = ['do_not_call', 'no_trunk', 'no_phone', 'on_call', 'no_number', 'no_voice_queue'];

/**
 * Click to call: asks the server to ring my phone and then dial the customer, and says what
 * happens next ("pick up your phone") or why it cannot.
 */
export function usePlaceCall() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [busy, setBusy] = useState(false);

  const place = useCallback(
    async (request: OutboundCallRequest): Promise<PlacedCall | null> => {
      setBusy(true);
      try {
        const placed = await api<PlacedCall>('POST', '/api/v1/voice/calls/outbound', request);
        void message.success(t('outbound.ringing', { number: placed.number }), 6);
        return placed;
      } catch (err) {
        const reason =
          err instanceof ApiError ? (err.details as { reason?: string } | undefined)?.reason : undefined;
        if (reason && REASONS.includes(reason)) void message.error(t(`outbound.refused.${reason}`), 8);
        else showError(err);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [message, showError, t],
  );
  return { place, busy };
}
