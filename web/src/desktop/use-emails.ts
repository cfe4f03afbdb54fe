import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Email } from '../api/routing-types.ts';

/** While a reply waits for the relay, the thread is re-read this often to show it sent (or failed). */
const DELIVERY_POLL_MS = 3000;

/**
 * An email interaction's emails, oldest first, re-read when its transcript grows (a new
 * message in either direction is a new email), and every few seconds while a reply is still
 * queued, so each reply shows its delivery status.
 */
export function useEmails(interactionId: string, messageCount: number) {
  const [emails, setEmails] = useState<Email[] | null>(null);
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the message count and round are triggers, not inputs
  useEffect(() => {
    let current = true;
    api<{ items: Email[] }>('GET', `/api/v1/interactions/${interactionId}/emails`)
      .then((res) => current && setEmails(res.items))
      .catch(() => current && setEmails([]));
    return () => {
      current = false;
    };
  }, [interactionId, messageCount, round]);
  const sending = emails?.some((e) => e.direction === 'outbound' && e.delivery.status === 'queued') ?? false;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each read schedules the next while one is sending
  useEffect(() => {
    if (!sending) return;
    const timer = setTimeout(() => setRound((r) => r + 1), DELIVERY_POLL_MS);
    return () => clearTimeout(timer);
  }, [sending, emails]);
  return emails;
}
