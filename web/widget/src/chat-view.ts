import type { ChatApi, ChatMessage } from './api.ts';
import { h } from './dom.ts';
import type { Words } from './i18n.ts';
import { IMAGE_ICON } from './styles.ts';

/**
 * The conversation pane: the message list (each message once, in id order, whatever order
 * they arrive in), the agent's typing indicator, and the composer (text, Enter to send, an
 * image button, and the visitor's own typing signal).
 */
export interface ComposerActions {
  send(text: string): Promise<boolean>;
  sendImage(file: File): Promise<void>;
  typing(typing: boolean): void;
}

/** Where the chat's own images are served (they need the visitor's token). */
const CHAT_IMAGES = '/api/v1/webchat/attachments/';
/** How long a "typing…" stays without news (a closed tab sends no "stopped"). */
const TYPING_TIMEOUT_MS = 6000;
/** The visitor's "typing" is sent at most this often, and "stopped" after this long idle. */
const TYPING_SIGNAL_MS = 3000;

export class ChatView {
  readonly element: HTMLDivElement;
  readonly body: HTMLDivElement;
  private readonly log: HTMLDivElement;
  private readonly typingLine: HTMLDivElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly fileInput: HTMLInputElement;
  readonly error: HTMLDivElement;
  private readonly shown = new Map<string, HTMLElement>();
  private newest = 0;
  private typingTimer: number | undefined;
  private lastTypingSignal = 0;
  private idleTimer: number | undefined;

  constructor(
    private readonly api: ChatApi,
    words: Words,
    private readonly actions: ComposerActions,
    greeting: string | null,
  ) {
    this.log = h('div', {
      class: 'log',
      role: 'log',
      'aria-live': 'polite',
      'data-testid': 'hotline-message-list',
    });
    if (greeting)
      this.log.append(h('div', { class: 'bubble greeting', 'data-testid': 'hotline-greeting' }, greeting));
    this.body = h('div', { class: 'body' }, this.log);
    this.typingLine = h(
      'div',
      { class: 'typing', 'data-testid': 'hotline-typing', hidden: true },
      words.typing,
    );
    this.input = h('textarea', {
      rows: '1',
      placeholder: words.placeholder,
      'aria-label': words.placeholder,
      'data-testid': 'hotline-message-input',
    });
    this.sendButton = h(
      'button',
      { class: 'primary', type: 'button', 'data-testid': 'hotline-send' },
      words.send,
    );
    this.fileInput = h('input', {
      type: 'file',
      accept: 'image/png,image/jpeg,image/gif,image/webp',
      hidden: true,
      'data-testid': 'hotline-attach-input',
    });
    const attach = h('button', {
      class: 'icon',
      type: 'button',
      title: words.attach,
      'aria-label': words.attach,
      'data-testid': 'hotline-attach',
    });
    attach.innerHTML = IMAGE_ICON;
    this.error = h('div', { class: 'error', role: 'alert', 'data-testid': 'hotline-error' });
    const composer = h('div', { class: 'composer' }, attach, this.fileInput, this.input, this.sendButton);
    this.element = h(
      'div',
      { class: 'view chat', 'data-testid': 'hotline-chat' },
      this.body,
      this.typingLine,
      this.error,
      composer,
    );

    attach.addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => {
      const file = this.fileInput.files?.[0];
      this.fileInput.value = '';
      if (file) void this.actions.sendImage(file);
    });
    this.sendButton.addEventListener('click', () => void this.submit());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        void this.submit();
      }
    });
    this.input.addEventListener('input', () => this.visitorTyping());
  }

  /** Shows a message unless it is already shown; keeps the list in id order. */
  add(message: ChatMessage) {
    if (this.shown.has(message.id)) return;
    const bubble = h('div', {
      class: `bubble from-${message.author}`,
      'data-testid': 'hotline-message',
      'data-author': message.author,
      'data-message-id': message.id,
    });
    const files = message.attachments.filter((a) => a.url);
    // An image message's text is the image's name: show the image instead.
    if (!files.some((a) => a.name === message.body)) bubble.append(message.body);
    for (const file of files) bubble.append(this.attachment(file.url!, file.name, file.contentType));
    const id = Number(message.id);
    // Nearly always the newest: appended. An older one (a send answered after a newer message
    // arrived) goes before the first message that is newer.
    const later =
      id > this.newest
        ? undefined
        : [...this.shown.entries()]
            .filter(([other]) => Number(other) > id)
            .sort(([a], [b]) => Number(a) - Number(b))[0];
    if (later) this.log.insertBefore(bubble, later[1]);
    else this.log.append(bubble);
    this.shown.set(message.id, bubble);
    this.newest = Math.max(this.newest, id);
    if (message.author === 'agent') this.agentTyping(false);
    this.scroll();
  }

  note(text: string, testId = 'hotline-note') {
    this.log.append(h('div', { class: 'note', 'data-testid': testId }, text));
    this.scroll();
  }

  agentTyping(typing: boolean) {
    window.clearTimeout(this.typingTimer);
    this.typingLine.hidden = !typing;
    if (typing) this.typingTimer = window.setTimeout(() => this.agentTyping(false), TYPING_TIMEOUT_MS);
  }

  /** Turns the composer on or off (a chat that ended takes no more messages). */
  enable(enabled: boolean) {
    this.input.disabled = !enabled;
    this.sendButton.disabled = !enabled;
  }

  focus() {
    this.input.focus();
  }

  private async submit() {
    const text = this.input.value.trim();
    if (!text) return;
    this.sendButton.disabled = true;
    const sent = await this.actions.send(text);
    this.sendButton.disabled = this.input.disabled;
    if (sent) {
      this.input.value = '';
      this.stopTyping();
    }
  }

  private visitorTyping() {
    const now = Date.now();
    if (now - this.lastTypingSignal > TYPING_SIGNAL_MS) {
      this.lastTypingSignal = now;
      this.actions.typing(true);
    }
    window.clearTimeout(this.idleTimer);
    this.idleTimer = window.setTimeout(() => this.stopTyping(), TYPING_SIGNAL_MS + 1000);
  }

  private stopTyping() {
    window.clearTimeout(this.idleTimer);
    if (this.lastTypingSignal === 0) return;
    this.lastTypingSignal = 0;
    this.actions.typing(false);
  }

  private attachment(url: string, name: string, contentType: string): HTMLElement {
    if (url.startsWith(CHAT_IMAGES) && contentType.startsWith('image/')) return this.image(url, name);
    // Anything else an agent linked: a plain link, and only to a web address.
    return /^https?:\/\//.test(url)
      ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, name)
      : h('span', {}, name);
  }

  private image(url: string, name: string): HTMLElement {
    const img = h('img', { alt: name, 'data-testid': 'hotline-image' });
    // The image needs the visitor's token, which an <img src> cannot send: fetched, then shown.
    this.api
      .image(url)
      .then((src) => {
        img.src = src;
        img.addEventListener('load', () => this.scroll(), { once: true });
        img.addEventListener('click', () => window.open(src, '_blank', 'noopener'));
      })
      .catch(() => img.replaceWith(document.createTextNode(name)));
    return img;
  }

  private scroll() {
    this.body.scrollTop = this.body.scrollHeight;
  }
}
