import { h } from './dom.ts';
import type { Words } from './i18n.ts';

/**
 * The widget's forms: before a chat (name, phone, email), outside hours (the offline message)
 * and "email me the transcript". Each returns its element; the widget handles the submit.
 */

const field = (label: string, input: HTMLInputElement | HTMLTextAreaElement) => h('label', {}, label, input);

export interface PreChatValues {
  name?: string;
  phone?: string;
  email?: string;
}

export function preChatForm(
  words: Words,
  required: boolean,
  onSubmit: (values: PreChatValues) => void,
): HTMLFormElement {
  const suffix = required ? '' : words.optional;
  const name = h('input', {
    name: 'name',
    autocomplete: 'name',
    maxlength: '100',
    'data-testid': 'hotline-prechat-name',
  });
  const phone = h('input', {
    name: 'phone',
    type: 'tel',
    autocomplete: 'tel',
    maxlength: '40',
    'data-testid': 'hotline-prechat-phone',
  });
  const email = h('input', {
    name: 'email',
    type: 'email',
    autocomplete: 'email',
    maxlength: '254',
    'data-testid': 'hotline-prechat-email',
  });
  const error = h('div', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'view', 'data-testid': 'hotline-prechat', novalidate: true },
    h('p', {}, words.startHint),
    field(words.name + suffix, name),
    field(words.phone + suffix, phone),
    field(words.email + suffix, email),
    error,
    h('button', { class: 'primary', type: 'submit', 'data-testid': 'hotline-start' }, words.start),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = {
      name: name.value.trim() || undefined,
      phone: phone.value.trim() || undefined,
      email: email.value.trim() || undefined,
    };
    if (required && (!values.name || (!values.phone && !values.email))) {
      error.textContent = words.required;
      return;
    }
    onSubmit(values);
  });
  return form;
}

export interface OfflineValues {
  name: string;
  phone?: string;
  email?: string;
  message: string;
}

export function offlineForm(
  words: Words,
  notice: { offlineMessage: string | null; nextOpening: string | null; lang: string },
  onSubmit: (values: OfflineValues, form: { done(): void; fail(message: string): void }) => void,
): HTMLFormElement {
  const name = h('input', {
    name: 'name',
    required: true,
    maxlength: '100',
    'data-testid': 'hotline-offline-name',
  });
  const contact = h('input', {
    name: 'contact',
    required: true,
    maxlength: '254',
    'data-testid': 'hotline-offline-contact',
  });
  const message = h('textarea', {
    name: 'message',
    required: true,
    maxlength: '4000',
    'data-testid': 'hotline-offline-message',
  });
  const submit = h(
    'button',
    { class: 'primary', type: 'submit', 'data-testid': 'hotline-offline-submit' },
    words.leave,
  );
  const error = h('div', { class: 'error', role: 'alert', 'data-testid': 'hotline-offline-error' });
  const when = notice.nextOpening
    ? new Date(notice.nextOpening).toLocaleString(notice.lang, { dateStyle: 'medium', timeStyle: 'short' })
    : null;
  const form = h(
    'form',
    { class: 'view', 'data-testid': 'hotline-offline-form', novalidate: true },
    h('h3', {}, words.offlineTitle),
    h('p', {}, notice.offlineMessage ?? words.offlineIntro),
    when ? h('p', { 'data-testid': 'hotline-next-opening' }, words.nextOpening(when)) : null,
    field(words.name, name),
    field(words.contact, contact),
    field(words.message, message),
    error,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const reach = contact.value.trim();
    if (!name.value.trim() || !reach || !message.value.trim()) {
      error.textContent = words.required;
      return;
    }
    submit.disabled = true;
    error.textContent = '';
    onSubmit(
      {
        name: name.value.trim(),
        ...(reach.includes('@') ? { email: reach } : { phone: reach }),
        message: message.value.trim(),
      },
      {
        done: () => form.replaceChildren(h('p', { 'data-testid': 'hotline-offline-done' }, words.left)),
        fail: (text) => {
          submit.disabled = false;
          error.textContent = text;
        },
      },
    );
  });
  return form;
}

export function transcriptForm(
  words: Words,
  email: string | undefined,
  onSubmit: (email: string | undefined) => void,
  onCancel: () => void,
): HTMLFormElement {
  const input = h('input', {
    type: 'email',
    name: 'email',
    value: email,
    maxlength: '254',
    'data-testid': 'hotline-transcript-email',
  });
  const cancel = h('button', { class: 'secondary', type: 'button' }, words.transcriptCancel);
  const form = h(
    'form',
    { 'data-testid': 'hotline-transcript', novalidate: true },
    field(words.email, input),
    h(
      'div',
      { class: 'menu' },
      h(
        'button',
        { class: 'primary', type: 'submit', 'data-testid': 'hotline-transcript-send' },
        words.transcriptSend,
      ),
      cancel,
    ),
  );
  cancel.addEventListener('click', onCancel);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(input.value.trim() || undefined);
  });
  return form;
}
