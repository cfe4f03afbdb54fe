import WebSocket from 'ws';
import { waitFor } from './routing-helpers.ts';
import { call, type Reply, type TestServer } from './test-server.ts';

/** Helpers for the web chat tests: a widget visitor over HTTP and its WebSocket. */

export interface VisitorMessage {
  id: string;
  author: 'customer' | 'agent';
  body: string;
  attachments: { name: string; contentType: string; sizeBytes: number; url?: string }[];
  createdAt: string;
}

export interface ChatView {
  conversationId: string;
  status: 'waiting' | 'active' | 'ended';
  agent: { name: string } | null;
  messages: VisitorMessage[];
  lastMessageId: string | null;
}

export interface FeedMessage {
  kind: 'status' | 'message' | 'typing' | 'ready' | 'pong' | 'error';
  status?: string;
  reason?: string;
  agent?: { name: string } | null;
  message?: VisitorMessage;
  typing?: boolean;
  code?: string;
}

/** A page of a customer's website using the public chat API, as the widget does. */
export class Visitor {
  conversationId = '';
  token = '';

  constructor(
    readonly t: TestServer,
    readonly siteKey: string,
    readonly origin: string | null = 'https://shop.example',
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...(this.origin ? { origin: this.origin } : {}),
      ...(this.token ? { 'x-visitor-token': this.token } : {}),
      ...extra,
    };
  }

  config() {
    return call<Record<string, unknown>>(this.t, 'GET', `/api/v1/webchat/sites/${this.siteKey}`, {
      headers: this.headers(),
    });
  }

  /** Starts a chat; on success the visitor holds its conversation and token. */
  async start(body: Record<string, unknown> = {}) {
    const res = await call<ChatView & { visitorToken: string; locale: string }>(
      this.t,
      'POST',
      `/api/v1/webchat/sites/${this.siteKey}/conversations`,
      { json: body, headers: this.headers() },
    );
    if (res.status === 201) {
      this.conversationId = res.body.conversationId;
      this.token = res.body.visitorToken;
    }
    return res;
  }

  say(body: string) {
    return call<{ message: VisitorMessage }>(this.t, 'POST', `${this.path}/messages`, {
      json: { body },
      headers: this.headers(),
    });
  }

  upload(bytes: Buffer, contentType: string, name = 'photo.png') {
    return call<{ message: VisitorMessage }>(
      this.t,
      'POST',
      `${this.path}/attachments?name=${encodeURIComponent(name)}`,
      {
        body: bytes,
        headers: this.headers({ 'content-type': contentType }),
      },
    );
  }

  poll(after?: string | null) {
    return call<ChatView>(this.t, 'GET', `${this.path}${after ? `?after=${after}` : ''}`, {
      headers: this.headers(),
    });
  }

  post<T = unknown>(suffix: string, json?: unknown): Promise<Reply<T>> {
    return call<T>(this.t, 'POST', `${this.path}/${suffix}`, {
      ...(json === undefined ? {} : { json }),
      headers: this.headers(),
    });
  }

  get path() {
    return `/api/v1/webchat/conversations/${this.conversationId}`;
  }

  /** Opens the live feed, resuming after `after` (a message id) when given. */
  async feed(after?: string | null): Promise<VisitorFeed> {
    const qs = new URLSearchParams({ token: this.token, ...(after ? { after } : {}) });
    const socket = new WebSocket(`${this.t.baseUrl.replace('http', 'ws')}${this.path}/stream?${qs}`, {
      headers: this.origin ? { origin: this.origin } : {},
    });
    const feed = new VisitorFeed(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode}`)),
      );
    });
    await feed.until('ready', (m) => m.some((x) => x.kind === 'ready'));
    return feed;
  }
}

export class VisitorFeed {
  readonly received: FeedMessage[] = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.received.push(JSON.parse(String(data)) as FeedMessage));
  }

  get messages(): VisitorMessage[] {
    return this.received.filter((m) => m.kind === 'message').map((m) => m.message!);
  }

  send(message: unknown) {
    this.socket.send(JSON.stringify(message));
  }

  until(what: string, check: (received: FeedMessage[]) => boolean, ms = 15_000) {
    return waitFor(what, async () => check(this.received) || undefined, ms);
  }

  async close() {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** The smallest valid PNG (1×1, transparent) and other test files. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
export const JPEG_HEADER = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
]);
