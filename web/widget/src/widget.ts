import { ApiError, ChatApi, type ChatMessage, type ChatStatus, type SiteConfig } from './api.ts';
import { ChatView } from './chat-view.ts';
import { ChatConnection } from './connection.ts';
import { h } from './dom.ts';
import { offlineForm, preChatForm, transcriptForm } from './forms.ts';
import { chooseLang, type Lang, WORDS, type Words } from './i18n.ts';
import { loadChat, saveChat } from './session.ts';
import { CHAT_ICON, STYLES } from './styles.ts';

export interface WidgetOptions {
  /** The Hotline server, e.g. 'https://hotline.example.com'. */
  base: string;
  siteKey: string;
  /** The page's `data-lang`, if any. */
  lang?: string | undefined;
}

/**
 * The chat widget: a launcher button and a panel in a shadow root. It shows the pre-chat form
 * (or starts on the first message when the site asks nothing), the conversation, the offline
 * form when the site's queue is closed, and keeps the chat across page loads of the site.
 */
export class HotlineWidget {
  private readonly api: ChatApi;
  private readonly root: ShadowRoot;
  private config!: SiteConfig;
  private lang!: Lang;
  private words!: Words;
  private panel!: HTMLDivElement;
  private statusLine!: HTMLDivElement;
  private linkLine!: HTMLDivElement;
  private content!: HTMLDivElement;
  private menu!: HTMLDivElement;
  private badge!: HTMLSpanElement;
  private chatView: ChatView | null = null;
  private connection: ChatConnection | null = null;
  private conversationId: string | null = null;
  private status: ChatStatus | null = null;
  private email: string | undefined;
  private unread = 0;

  constructor(
    host: HTMLElement,
    private readonly options: WidgetOptions,
  ) {
    this.api = new ChatApi(options.base, options.siteKey);
    this.root = host.attachShadow({ mode: 'open' });
  }

  async mount() {
    try {
      this.config = await this.api.site();
    } catch (err) {
      // A page that is not allowed, or a removed site: no widget rather than a broken one.
      console.warn('Hotline chat:', err instanceof ApiError ? err.message : err);
      return;
    }
    this.lang = chooseLang(
      this.options.lang,
      navigator.languages ?? [navigator.language],
      this.config.defaultLocale,
    );
    this.words = WORDS[this.lang];
    this.render();
    const stored = loadChat(this.options.siteKey);
    if (stored) await this.resume(stored.conversationId, stored.token);
  }

  // ------------------------------------------------------------------------------ layout

  private render() {
    const w = this.words;
    const style = h('style', {}, STYLES);
    this.badge = h('span', { class: 'badge', 'data-testid': 'hotline-unread', hidden: true });
    const launcher = h('button', {
      class: 'launcher',
      type: 'button',
      title: w.open,
      'aria-label': w.open,
      'data-testid': 'hotline-launcher',
    });
    launcher.innerHTML = CHAT_ICON;
    launcher.append(this.badge);
    this.statusLine = h('div', { class: 'status', 'data-testid': 'hotline-status' });
    const close = h(
      'button',
      { type: 'button', title: w.close, 'aria-label': w.close, 'data-testid': 'hotline-close' },
      '✕',
    );
    const header = h(
      'header',
      {},
      h(
        'div',
        { class: 'titles' },
        h('div', { class: 'name' }, this.config.name || w.title),
        this.statusLine,
      ),
      close,
    );
    this.linkLine = h(
      'div',
      { class: 'link', 'data-testid': 'hotline-connection', hidden: true },
      w.reconnecting,
    );
    this.content = h('div', { class: 'view' });
    this.menu = h('div', { class: 'menu', hidden: true });
    this.panel = h(
      'div',
      {
        class: 'panel',
        role: 'dialog',
        'aria-label': this.config.name,
        'data-testid': 'hotline-panel',
        hidden: true,
      },
      header,
      this.linkLine,
      this.content,
      this.menu,
    );
    this.root.append(style, h('div', { class: 'hl' }, launcher, this.panel));
    launcher.addEventListener('click', () => this.toggle());
    close.addEventListener('click', () => this.toggle(false));
  }

  private toggle(open = this.panel.hidden) {
    this.panel.hidden = !open;
    if (!open) return;
    this.unread = 0;
    this.badge.hidden = true;
    if (!this.content.firstChild) this.showStart();
    this.chatView?.focus();
  }

  private show(view: HTMLElement) {
    this.content.replaceChildren(view);
  }

  // ---------------------------------------------------------------------------- starting

  private showStart() {
    if (!this.config.open) return this.showOffline();
    this.statusLine.textContent = '';
    if (this.config.preChatForm === 'off') {
      // Nothing to ask: the chat starts with the visitor's first message.
      this.openChatView();
      return;
    }
    this.show(
      preChatForm(this.words, this.config.preChatForm === 'required', (values) => {
        this.email = values.email;
        void this.start(values);
      }),
    );
  }

  private async start(values: {
    name?: string;
    phone?: string;
    email?: string;
    message?: string;
  }): Promise<boolean> {
    try {
      const started = await this.api.start({ ...values, locale: this.lang, pageUrl: location.href });
      this.api.token = started.visitorToken;
      saveChat(this.options.siteKey, {
        conversationId: started.conversationId,
        token: started.visitorToken,
        locale: this.lang,
      });
      if (!this.chatView) this.openChatView();
      this.follow(
        started.conversationId,
        started.messages,
        started.status,
        started.agent,
        started.lastMessageId,
      );
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CHAT_OFFLINE') {
        this.config.open = false;
        this.showOffline();
      } else {
        this.fail(err);
      }
      return false;
    }
  }

  /** A chat from an earlier page load of this site: carried on unless it has ended. */
  private async resume(conversationId: string, token: string) {
    this.api.token = token;
    try {
      const now = await this.api.conversation(conversationId, null);
      if (now.status === 'ended') throw new Error('ended');
      this.openChatView();
      this.follow(conversationId, now.messages, now.status, now.agent, now.lastMessageId);
    } catch {
      this.api.token = null;
      saveChat(this.options.siteKey, null);
    }
  }

  private showOffline() {
    this.statusLine.textContent = this.words.offlineTitle;
    this.show(
      offlineForm(
        this.words,
        { offlineMessage: this.config.offlineMessage, nextOpening: this.config.nextOpening, lang: this.lang },
        (values, form) => {
          this.api
            .leaveMessage({ ...values, locale: this.lang, pageUrl: location.href })
            .then(() => form.done())
            .catch((err: unknown) => form.fail(this.errorText(err)));
        },
      ),
    );
  }

  // ------------------------------------------------------------------------ conversation

  private openChatView() {
    this.chatView = new ChatView(
      this.api,
      this.words,
      {
        send: (text) => this.send(text),
        sendImage: (file) => this.sendImage(file),
        typing: (typing) => this.connection?.typing(typing),
      },
      this.config.greeting,
    );
    this.show(this.chatView.element);
  }

  private follow(
    conversationId: string,
    messages: ChatMessage[],
    status: ChatStatus,
    agent: { name: string } | null,
    lastMessageId: string | null,
  ) {
    this.conversationId = conversationId;
    for (const message of messages) this.chatView!.add(message);
    this.setStatus(status, agent);
    this.renderMenu();
    this.connection?.stop();
    this.connection = new ChatConnection(
      this.api,
      conversationId,
      {
        message: (message) => this.received(message),
        status: (next, who) => this.setStatus(next, who),
        typing: (typing) => this.chatView?.agentTyping(typing),
        link: (state) => {
          this.linkLine.hidden = state === 'live';
        },
      },
      lastMessageId,
    );
    if (status !== 'ended') this.connection.start();
  }

  private received(message: ChatMessage) {
    this.chatView?.add(message);
    if (message.author === 'agent' && this.panel.hidden) {
      this.unread++;
      this.badge.textContent = String(this.unread);
      this.badge.hidden = false;
    }
  }

  private setStatus(status: ChatStatus, agent: { name: string } | null) {
    const w = this.words;
    if (status === this.status && status !== 'active') return;
    const before = this.status;
    this.status = status;
    this.statusLine.textContent =
      status === 'active' ? w.active(agent?.name ?? w.agent) : status === 'waiting' ? w.waiting : w.ended;
    if (status === 'active' && agent && before !== 'active')
      this.chatView?.note(w.active(agent.name), 'hotline-agent-joined');
    if (status === 'ended') this.ended();
  }

  private ended() {
    this.connection?.stop();
    saveChat(this.options.siteKey, null);
    this.chatView?.enable(false);
    this.chatView?.agentTyping(false);
    this.chatView?.note(this.words.ended, 'hotline-ended');
    this.renderMenu();
  }

  private async send(text: string): Promise<boolean> {
    const view = this.chatView!;
    view.error.textContent = '';
    if (text.length > this.config.limits.maxMessageChars) {
      view.error.textContent = this.words.tooLong(this.config.limits.maxMessageChars);
      return false;
    }
    if (!this.conversationId) return this.start({ message: text });
    try {
      const { message } = await this.api.say(this.conversationId, text);
      this.connection?.saw(message.id);
      view.add(message);
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  private async sendImage(file: File) {
    const view = this.chatView!;
    const { maxImageBytes, imageTypes } = this.config.limits;
    view.error.textContent = '';
    if (file.size > maxImageBytes) {
      view.error.textContent = this.words.imageTooLarge(`${(maxImageBytes / 1024 / 1024).toFixed(0)} MB`);
      return;
    }
    if (file.type && !imageTypes.includes(file.type)) {
      view.error.textContent = this.words.imageType;
      return;
    }
    if (!this.conversationId && !(await this.start({}))) return;
    try {
      const { message } = await this.api.sendImage(this.conversationId!, file);
      this.connection?.saw(message.id);
      view.add(message);
    } catch (err) {
      this.fail(err);
    }
  }

  // -------------------------------------------------------------------------------- menu

  private renderMenu() {
    const w = this.words;
    this.menu.hidden = this.conversationId === null;
    const transcript = h(
      'button',
      { type: 'button', 'data-testid': 'hotline-transcript-open' },
      w.transcript,
    );
    transcript.addEventListener('click', () => this.showTranscriptForm());
    const items: HTMLElement[] = [transcript];
    if (this.status === 'ended') {
      const again = h('button', { type: 'button', 'data-testid': 'hotline-new-chat' }, w.newChat);
      again.addEventListener('click', () => this.newChat());
      items.push(again);
    } else {
      const end = h('button', { type: 'button', 'data-testid': 'hotline-end' }, w.endChat);
      end.addEventListener('click', () => {
        if (this.conversationId)
          void this.api.end(this.conversationId).then((now) => this.setStatus(now.status, null));
      });
      items.push(end);
    }
    this.menu.replaceChildren(...items);
  }

  private showTranscriptForm() {
    const form = transcriptForm(
      this.words,
      this.email,
      (email) => {
        if (!this.conversationId) return;
        this.api
          .transcript(this.conversationId, email)
          .then((answer) => {
            const text =
              answer.status === 'queued'
                ? this.words.transcriptQueued(answer.email)
                : this.words.transcriptNoMail;
            this.chatView?.note(text, 'hotline-transcript-result');
            this.renderMenu();
          })
          .catch((err: unknown) => {
            if (this.chatView) this.chatView.error.textContent = this.errorText(err);
            this.renderMenu();
          });
      },
      () => this.renderMenu(),
    );
    this.menu.replaceChildren(form);
  }

  private newChat() {
    this.connection?.stop();
    this.connection = null;
    this.conversationId = null;
    this.status = null;
    this.chatView = null;
    this.api.token = null;
    this.menu.hidden = true;
    this.content.replaceChildren();
    this.showStart();
  }

  // ------------------------------------------------------------------------------ errors

  private fail(err: unknown) {
    if (err instanceof ApiError && err.code === 'CONVERSATION_ENDED') {
      this.setStatus('ended', null);
      return;
    }
    const text = this.errorText(err);
    if (this.chatView) this.chatView.error.textContent = text;
  }

  private errorText(err: unknown): string {
    const w = this.words;
    if (!(err instanceof ApiError)) return w.failed;
    switch (err.code) {
      case 'RATE_LIMITED':
        return w.rateLimited;
      case 'PAYLOAD_TOO_LARGE':
        return err.message;
      case 'UNSUPPORTED_MEDIA_TYPE':
        return w.imageType;
      case 'ORIGIN_NOT_ALLOWED':
        return w.notAllowed;
      case 'VALIDATION_FAILED':
        return err.message;
      default:
        return w.failed;
    }
  }
}
