import type { StreamEvent } from '../api/routing-types.ts';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'signed-out';

export interface StreamHandlers {
  event(event: StreamEvent): void;
  /** Caught up (first connect or after a reconnect): what was missed has been delivered. */
  ready?(): void;
  /** Too much was missed: reload the page's state, then carry on. */
  resync?(): void;
  status?(status: StreamStatus): void;
}

/** Close codes of GET /api/v1/stream that a reconnect would not cure. */
const FINAL_CLOSES = new Set([4401, 4403]);
const MAX_BACKOFF_MS = 10_000;

/**
 * The client of the realtime feed, GET /api/v1/stream. It signs in with the first message
 * (so the token stays out of URLs and logs), keeps the id of the last event it received and,
 * when the connection drops, reconnects with `?after=<that id>`: the server replays what was
 * missed, then says `ready`. Events come in commit order, so the id kept is the last one
 * received, not the largest.
 *
 * @example
 * const stream = new EventStream(() => session.token, { event: (e) => console.log(e.type) });
 * stream.start(); … stream.stop();
 */
export class EventStream {
  private socket: WebSocket | null = null;
  private lastId: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private stopped = false;

  constructor(
    private readonly token: () => string | null,
    private readonly handlers: StreamHandlers,
    private readonly url = defaultUrl(),
  ) {}

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000);
    this.socket = null;
  }

  /** The id a reconnect resumes after (for tests and diagnostics). */
  get resumeAfter() {
    return this.lastId;
  }

  /** Drops the connection as a network failure would (the reconnect resumes). */
  dropForTest() {
    this.socket?.close(4000);
  }

  private connect() {
    const token = this.token();
    if (!token) {
      this.handlers.status?.('signed-out');
      return;
    }
    this.handlers.status?.(this.attempts === 0 && this.lastId === null ? 'connecting' : 'reconnecting');
    const url = this.lastId === null ? this.url : `${this.url}?after=${this.lastId}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token }));
    socket.onmessage = (message) => this.receive(String(message.data));
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (FINAL_CLOSES.has(close.code)) {
        this.handlers.status?.('signed-out');
        return;
      }
      this.handlers.status?.('reconnecting');
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts) * (0.75 + Math.random() / 2);
      this.attempts++;
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  private receive(data: string) {
    let message: { kind?: string } & Partial<StreamEvent>;
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return;
    }
    if (message.kind === 'event' && typeof message.id === 'number') {
      this.lastId = message.id;
      this.handlers.event(message as StreamEvent);
    } else if (message.kind === 'ready') {
      this.attempts = 0;
      this.handlers.status?.('live');
      this.handlers.ready?.();
    } else if (message.kind === 'resync') {
      this.handlers.resync?.();
    }
  }
}

function defaultUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/stream`;
}
