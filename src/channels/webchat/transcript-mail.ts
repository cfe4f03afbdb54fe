import { DateTime } from 'luxon';
import type { Locale } from '../../kernel/db/schema.ts';

/**
 * The chat transcript as an email (plain text and HTML), in the visitor's language, times in
 * the tenant's zone. Pure, so its wording is tested without a mail server.
 *
 * @example
 * renderTranscript({ siteName: '华信家电', locale: 'zh-CN', timeZone: 'Asia/Shanghai', lines: [
 *   { author: 'customer', agentName: null, body: '你好', at: new Date(), images: [] },
 * ] }).subject; // '华信家电 在线客服聊天记录'
 */
export interface TranscriptLine {
  author: 'customer' | 'agent';
  agentName: string | null;
  body: string;
  at: Date;
  /** Names of the images sent with the message (the images stay on the server). */
  images: string[];
}

export interface TranscriptInput {
  siteName: string;
  locale: Locale;
  timeZone: string;
  lines: TranscriptLine[];
}

const WORDS = {
  'zh-CN': {
    subject: (site: string) => `${site} 在线客服聊天记录`,
    intro: (site: string) => `以下是您与 ${site} 在线客服的聊天记录。`,
    you: '您',
    agent: '客服',
    image: '图片',
    empty: '（没有消息）',
  },
  en: {
    subject: (site: string) => `Your chat with ${site}`,
    intro: (site: string) => `Here is the transcript of your chat with ${site}.`,
    you: 'You',
    agent: 'Agent',
    image: 'image',
    empty: '(no messages)',
  },
} as const;

export function renderTranscript(input: TranscriptInput): { subject: string; text: string; html: string } {
  const w = WORDS[input.locale];
  const rows = input.lines.map((line) => ({
    time: DateTime.fromJSDate(line.at, { zone: input.timeZone }).toFormat('yyyy-MM-dd HH:mm'),
    who: line.author === 'customer' ? w.you : (line.agentName ?? w.agent),
    // An image message's body is the image's name: say it once, as an image.
    body: [
      ...(line.images.includes(line.body) ? [] : [line.body]),
      ...line.images.map((name) => `[${w.image}: ${name}]`),
    ].join(' '),
  }));
  const text = [
    w.intro(input.siteName),
    '',
    ...(rows.length ? rows.map((r) => `[${r.time}] ${r.who}: ${r.body}`) : [w.empty]),
    '',
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>${escapeHtml(w.intro(input.siteName))}</p>
<table cellpadding="4" style="border-collapse:collapse">
${
  rows.length
    ? rows
        .map(
          (r) =>
            `<tr><td style="color:#888;white-space:nowrap;vertical-align:top">${r.time}</td><td style="vertical-align:top"><b>${escapeHtml(r.who)}</b></td><td style="white-space:pre-wrap">${escapeHtml(r.body)}</td></tr>`,
        )
        .join('\n')
    : `<tr><td>${escapeHtml(w.empty)}</td></tr>`
}
</table></body></html>`;
  return { subject: w.subject(input.siteName), text, html };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
