import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { VoiceCall } from './call-types.ts';

/**
 * The call behind a voice interaction, reloaded when the interaction changes (`version`: its
 * status and message count, which the feed updates) and every few seconds until it has ended
 * and its recording is saved (a hold or a consultation shows within those seconds, or at once
 * after `reload`).
 */
export function useInteractionCall(
  interactionId: string,
  version: string,
): { call: VoiceCall | null; reload: () => Promise<void> } {
  const [call, setCall] = useState<VoiceCall | null>(null);
  const load = useCallback(async () => {
    const page = await api<{ items: VoiceCall[] }>(
      'GET',
      `/api/v1/voice/calls?interactionId=${interactionId}&limit=1`,
    ).catch(() => null);
    if (page) setCall(page.items[0] ?? null);
  }, [interactionId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says when to look again
  useEffect(() => {
    void load();
  }, [load, version]);
  // A recording is saved a moment after the hang-up; give up waiting for one after a minute.
  const settled = Boolean(
    call?.endedAt && (call.recording || !call.answeredAt || Date.now() - Date.parse(call.endedAt) > 60_000),
  );
  useEffect(() => {
    if (settled) return;
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [load, settled]);
  return { call, reload: load };
}
