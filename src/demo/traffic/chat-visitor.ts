/**
 * A simulated chat visitor on the demo site: it uses the public web chat API exactly as the
 * widget does (start a conversation with the pre-chat form and a first message, send more
 * messages, poll for the status, end the chat), over HTTP against the running server.
 * Outside the queue's hours it leaves an offline message instead, as the widget offers.
 */
import type { PlannedChat } from './traffic-plan.ts';

export interface ChatVisitorOptions {
  /** The Hotline server, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  siteKey: string;
  plan: PlannedChat;
  /** How often the visitor's page looks at the conversation (the widget would hold a WebSocket). */
  pollMs?: number;
}

export type ChatOutcome =
  /** Chatted and left (or the agent ended the chat). */
  | { result: 'left'; sent: number; agentAnswered: boolean }
  /** The queue was closed: an offline message was left instead. */
  | { result: 'offline' }
  /** The server said no (429 over the rate limit …) or could not be reached (status 0). */
  | { result: 'refused'; status: number; detail: string };

interface ConversationBody {
  conversationId: string;
  visitorToken: string;
  status: 'waiting' | 'active' | 'ended';
}

export class ChatVisitor {
  private readonly timers = new Set<NodeJS.Timeout>();
  private conversation: { id: string; token: string } | undefined;
  private sent = 0;
  private agentAnswered = false;
  private ended = false;
  private stayedLonger = false;
  private settle!: (outcome: ChatOutcome) => void;
  /** Resolves once the visitor has gone; never rejects. */
  readonly done: Promise<ChatOutcome>;

  private constructor(private readonly options: ChatVisitorOptions) {
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** Opens the chat; the visitor then carries on by itself until `done`. */
  static start(options: ChatVisitorOptions): ChatVisitor {
    const visitor = new ChatVisitor(options);
    visitor
      .begin()
      .catch((err: unknown) => visitor.finish({ result: 'refused', status: 0, detail: String(err) }));
    return visitor;
  }

  /** Leaves now (the generator is stopping): ends the chat as closing the widget does. */
  async leave(): Promise<void> {
    if (this.ended) return;
    await this.end();
  }

  private async begin(): Promise<void> {
    const { plan, siteKey } = this.options;
    const form = plan.fillsForm
      ? {
          name: plan.contact.name,
          ...(plan.contact.phone ? { phone: plan.contact.phone } : {}),
          ...(plan.contact.email ? { email: plan.contact.email } : {}),
        }
      : {};
    const res = await this.http(
      'POST',
      `/api/v1/webchat/sites/${encodeURIComponent(siteKey)}/conversations`,
      {
        ...form,
        locale: plan.locale,
        message: plan.opening,
        pageUrl: '/widget-demo.html',
      },
    );
    if (res.status === 409 && errorCode(res.body) === 'CHAT_OFFLINE') return this.leaveOfflineMessage();
    if (res.status !== 201) {
      this.finish({ result: 'refused', status: res.status, detail: errorCode(res.body) ?? '' });
      return;
    }
    const body = res.body as ConversationBody;
    this.conversation = { id: body.conversationId, token: body.visitorToken };
    this.sent = 1;
    for (const line of plan.followUps) this.later(line.afterMs, () => this.say(line.text));
    this.later(plan.leaveAfterMs, () => this.timeToGo());
    this.poll();
  }

  private async leaveOfflineMessage(): Promise<void> {
    const { plan, siteKey } = this.options;
    const contact = plan.contact.phone ? { phone: plan.contact.phone } : { email: plan.contact.email ?? '' };
    const res = await this.http(
      'POST',
      `/api/v1/webchat/sites/${encodeURIComponent(siteKey)}/offline-messages`,
      {
        name: plan.contact.name,
        ...contact,
        message: plan.opening,
        locale: plan.locale,
      },
    );
    this.finish(
      res.status < 300
        ? { result: 'offline' }
        : { result: 'refused', status: res.status, detail: errorCode(res.body) ?? '' },
    );
  }

  private say(text: string): void {
    if (this.ended || !this.conversation) return;
    this.conversationRequest('POST', 'messages', { body: text }).then(
      (res) => {
        if (res.status < 300) this.sent++;
      },
      () => undefined, // a lost message is lost, as on a flaky mobile network
    );
  }

  /** Looks at the conversation: an agent joined, or ended the chat. */
  private poll(): void {
    this.later(this.options.pollMs ?? 3000, () => {
      if (this.ended) return;
      this.conversationRequest('GET', '')
        .then((res) => {
          const status = (res.body as Partial<ConversationBody> | null)?.status;
          if (status === 'active') this.agentAnswered = true;
          if (status === 'ended' || res.status === 404) {
            this.finish({ result: 'left', sent: this.sent, agentAnswered: this.agentAnswered });
            return;
          }
          this.poll();
        })
        .catch(() => this.poll());
    });
  }

  /** A visitor talking with an agent stays a while longer, once; one still waiting gives up. */
  private timeToGo(): void {
    if (this.agentAnswered && !this.stayedLonger) {
      this.stayedLonger = true;
      this.later(this.options.plan.leaveAfterMs, () => this.timeToGo());
      return;
    }
    this.end().catch(() => undefined);
  }

  private async end(): Promise<void> {
    if (this.ended) return;
    try {
      if (this.conversation) await this.conversationRequest('POST', 'end', {});
    } finally {
      this.finish({ result: 'left', sent: this.sent, agentAnswered: this.agentAnswered });
    }
  }

  private conversationRequest(method: string, path: string, json?: unknown) {
    const { id, token } = this.conversation!;
    return this.http(method, `/api/v1/webchat/conversations/${id}${path ? `/${path}` : ''}`, json, {
      'x-visitor-token': token,
    });
  }

  private async http(
    method: string,
    path: string,
    json?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.options.baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, body };
  }

  private finish(outcome: ChatOutcome): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.settle(outcome);
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}

function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | null)?.error?.code;
}
