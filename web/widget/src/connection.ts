import type { ChatApi, ChatMessage, ChatStatus } from './api.ts';

/**
 * The live link to one chat: a WebSocket that reconnects by itself and resumes after the
 * last message it delivered (`?after=`), so nothing is lost while the visitor's network was
 * away. When WebSocket keeps failing (a proxy that blocks it), it polls instead.
 */
export interface ConnectionEvents {
  message(message: ChatMessage): void;
  status(status: ChatStatus, agent: { name: string } | null): void;
  typing(typing: boolean): void;
  /** 'live', or 'reconnecting' while the link is down. */
  link(state: 'live' | 'reconnecting'): void;
}

const MAX_BACKOFF_MS = 15_000;
const PING_MS = 25_000;
const POLL_MS = 3000;
/** Failed WebSocket attempts in a row (never having opened) before polling instead. */
const POLL_AFTER_FAILURES = 3;

export class ChatConnection {
  /** The id of the last message delivered: where a reconnect resumes. */
  lastMessageId: string | null;
  private socket: WebSocket | null = null;
  private stopped = false;
  private failures = 0;
  private timer: number | undefined;
  private ping: number | undefined;
  private polling = false;

  constructor(
    private readonly api: ChatApi,
    private readonly conversationId: string,
    private readonly on: ConnectionEvents,
    lastMessageId: string | null,
  ) {
    this.lastMessageId = lastMessageId;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    window.clearTimeout(this.timer);
    window.clearInterval(this.ping);
    this.socket?.close();
    this.socket = null;
  }

  /** The visitor is typing (or stopped): over the socket when it is open, else over HTTP. */
  typing(typing: boolean) {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'typing', typing }));
    } else {
      void this.api.typing(this.conversationId, typing).catch(() => undefined);
    }
  }

  /** Records a message shown by other means (the answer to a send), so a resume starts after it. */
  saw(id: string) {
    if (this.lastMessageId === null || Number(id) > Number(this.lastMessageId)) this.lastMessageId = id;
  }

  private connect() {
    if (this.stopped) return;
    if (this.polling || typeof WebSocket === 'undefined') return this.poll();
    let opened = false;
    const socket = new WebSocket(this.api.streamUrl(this.conversationId, this.lastMessageId));
    this.socket = socket;
    socket.onopen = () => {
      opened = true;
      this.failures = 0;
      this.ping = window.setInterval(() => socket.send(JSON.stringify({ type: 'ping' })), PING_MS);
    };
    socket.onmessage = (event) => this.handle(JSON.parse(String(event.data)) as FeedMessage);
    socket.onclose = () => {
      window.clearInterval(this.ping);
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      this.on.link('reconnecting');
      if (!opened && ++this.failures >= POLL_AFTER_FAILURES) this.polling = true;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.failures, 4));
      this.timer = window.setTimeout(() => this.connect(), opened ? 500 : delay);
    };
  }

  private handle(message: FeedMessage) {
    switch (message.kind) {
      case 'message':
        if (message.message) {
          this.saw(message.message.id);
          this.on.message(message.message);
        }
        break;
      case 'status':
        this.on.status(message.status ?? 'waiting', message.agent ?? null);
        break;
      case 'typing':
        this.on.typing(message.typing === true);
        break;
      case 'ready':
        this.on.link('live');
        break;
    }
  }

  private async poll() {
    if (this.stopped) return;
    try {
      const now = await this.api.conversation(this.conversationId, this.lastMessageId);
      this.on.link('live');
      for (const message of now.messages) {
        this.saw(message.id);
        this.on.message(message);
      }
      this.on.status(now.status, now.agent);
      if (now.status === 'ended') return;
    } catch {
      this.on.link('reconnecting');
    }
    this.timer = window.setTimeout(() => void this.poll(), POLL_MS);
  }
}

interface FeedMessage {
  kind: 'status' | 'message' | 'typing' | 'ready' | 'pong' | 'error';
  status?: ChatStatus;
  agent?: { name: string } | null;
  message?: ChatMessage;
  typing?: boolean;
}
