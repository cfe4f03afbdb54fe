import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { Wallboard } from '../api/routing-types.ts';
import { useErrorToast } from '../api/use-error-toast.ts';

/** A refresh every few seconds keeps waits and service levels moving between events. */
const REFRESH_MS = 5000;
/** Events come in bursts (a routing pass offers many at once): one refresh per burst… */
const EVENT_DELAY_MS = 300;
/** …and on a busy floor at most one every two seconds, however many events arrive. */
const MIN_GAP_MS = 2000;

/**
 * The wallboard's figures: read now, every few seconds, and shortly after any event of the
 * floor (`poke`, throttled). `fetchedAt` lets the page run the clocks between reads. A failed periodic
 * read is shown once and retried on the next tick.
 */
export function useWallboard() {
  const showError = useErrorToast();
  const [board, setBoard] = useState<Wallboard | null>(null);
  const [fetchedAt, setFetchedAt] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const failing = useRef(false);
  const lastRead = useRef(0);

  const refresh = useCallback(async () => {
    lastRead.current = Date.now();
    try {
      const fresh = await api<Wallboard>('GET', '/api/v1/wallboard');
      setBoard(fresh);
      setFetchedAt(Date.now());
      failing.current = false;
    } catch (err) {
      if (!failing.current) showError(err);
      failing.current = true;
    }
  }, [showError]);

  const poke = useCallback(() => {
    if (pending.current) return;
    const wait = Math.max(EVENT_DELAY_MS, lastRead.current + MIN_GAP_MS - Date.now());
    pending.current = setTimeout(() => {
      pending.current = null;
      void refresh();
    }, wait);
  }, [refresh]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      clearInterval(timer);
      if (pending.current) clearTimeout(pending.current);
    };
  }, [refresh]);

  return { board, fetchedAt, refresh, poke };
}
