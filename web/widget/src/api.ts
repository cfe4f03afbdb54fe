/** The public chat API (/api/v1/webchat/*) as the widget calls it. */

export interface Attachment {
  name: string;
  contentType: string;
  sizeBytes: number;
  url?: string;
}

export interface ChatMessage {
  id: string;
  author: 'customer' | 'agent';
  body: string;
  attachments: Attachment[];
  createdAt: string;
}

export type ChatStatus = 'waiting' | 'active' | 'ended';

export interface Conversation {
  conversationId: string;
  status: ChatStatus;
  agent: { name: string } | null;
  messages: ChatMessage[];
  lastMessageId: string | null;
}

export interface SiteConfig {
  name: string;
  defaultLocale: 'zh-CN' | 'en';
  greeting: string | null;
  preChatForm: 'off' | 'optional' | 'required';
  open: boolean;
  offlineMessage: string | null;
  nextOpening: string | null;
  limits: { maxMessageChars: number; maxImageBytes: number; imageTypes: string[] };
}

/** An error answer of the API: `{ error: { code, message } }`, or a network failure ('NETWORK'). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ChatApi {
  token: string | null = null;

  constructor(
    readonly base: string,
    readonly siteKey: string,
  ) {}

  site(): Promise<SiteConfig> {
    return this.request('GET', `/sites/${encodeURIComponent(this.siteKey)}`);
  }

  start(body: { name?: string; phone?: string; email?: string; locale: string; pageUrl: string }) {
    return this.request<Conversation & { visitorToken: string }>(
      'POST',
      `/sites/${encodeURIComponent(this.siteKey)}/conversations`,
      body,
    );
  }

  leaveMessage(body: {
    name: string;
    phone?: string;
    email?: string;
    message: string;
    locale: string;
    pageUrl: string;
  }) {
    return this.request<{ received: true; nextOpening: string | null }>(
      'POST',
      `/sites/${encodeURIComponent(this.siteKey)}/offline-messages`,
      body,
    );
  }

  conversation(id: string, after: string | null) {
    return this.request<Conversation>('GET', `/conversations/${id}${after ? `?after=${after}` : ''}`);
  }

  say(id: string, body: string) {
    return this.request<{ message: ChatMessage }>('POST', `/conversations/${id}/messages`, { body });
  }

  typing(id: string, typing: boolean) {
    return this.request<void>('POST', `/conversations/${id}/typing`, { typing });
  }

  sendImage(id: string, file: File) {
    return this.request<{ message: ChatMessage }>(
      'POST',
      `/conversations/${id}/attachments?name=${encodeURIComponent(file.name)}`,
      file,
      file.type || 'application/octet-stream',
    );
  }

  transcript(id: string, email: string | undefined) {
    return this.request<{ status: 'queued' | 'not_configured'; email: string; message: string }>(
      'POST',
      `/conversations/${id}/transcript`,
      email ? { email } : {},
    );
  }

  end(id: string) {
    return this.request<Conversation>('POST', `/conversations/${id}/end`);
  }

  /** An image of the chat, as an object URL (the visitor's token goes in a header, not the URL). */
  async image(url: string): Promise<string> {
    const res = await fetch(new URL(url, this.base).toString(), { headers: this.headers() });
    if (!res.ok) throw new ApiError(res.status, 'IMAGE', res.statusText);
    return URL.createObjectURL(await res.blob());
  }

  streamUrl(id: string, after: string | null): string {
    const url = new URL(`/api/v1/webchat/conversations/${id}/stream`, this.base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', this.token ?? '');
    if (after) url.searchParams.set('after', after);
    return url.toString();
  }

  private headers(): Record<string, string> {
    return this.token ? { 'x-visitor-token': this.token } : {};
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/v1/webchat${path}`, {
        method,
        headers: { ...this.headers(), ...(body === undefined ? {} : { 'content-type': contentType }) },
        ...(body === undefined ? {} : { body: body instanceof Blob ? body : JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'network error');
    }
    if (res.status === 204) return undefined as T;
    const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (!res.ok)
      throw new ApiError(res.status, json?.error?.code ?? 'HTTP', json?.error?.message ?? res.statusText);
    return json as T;
  }
}
