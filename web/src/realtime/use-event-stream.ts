import { useEffect, useRef, useState } from 'react';
import { session } from '../api/client.ts';
import type { StreamEvent } from '../api/routing-types.ts';
import { EventStream, type StreamStatus } from './event-stream.ts';

declare global {
  interface Window {
    /** The page's live feed, for the browser tests (drop it to check the resume). */
    __hotlineStream?: EventStream;
  }
}

/**
 * Keeps the page on the realtime feed while it is mounted. `onSync` runs when the page must
 * (re)load what it shows: once the feed is first live (so no event falls between the load and
 * the subscription) and when the server asks for a resync. After a dropped connection the
 * feed resumes after the last event received and replays what was missed to `onEvent`, so
 * nothing is reloaded. The latest callbacks are used without reconnecting.
 */
export function useEventStream(onEvent: (event: StreamEvent) => void, onSync: () => void) {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handlers = useRef({ onEvent, onSync });
  handlers.current = { onEvent, onSync };

  useEffect(() => {
    let synced = false;
    const stream = new EventStream(() => session.token, {
      event: (e) => handlers.current.onEvent(e),
      ready: () => {
        if (synced) return;
        synced = true;
        handlers.current.onSync();
      },
      resync: () => handlers.current.onSync(),
      status: setStatus,
    });
    window.__hotlineStream = stream;
    stream.start();
    return () => {
      stream.stop();
      if (window.__hotlineStream === stream) window.__hotlineStream = undefined;
    };
  }, []);

  return status;
}
