import { describe, expect, it } from 'vitest';
import { renderTranscript } from './transcript-mail.ts';

const lines = [
  {
    author: 'customer' as const,
    agentName: null,
    body: '冰箱不制冷了',
    at: new Date('2026-11-23T02:05:00Z'),
    images: [],
  },
  {
    author: 'customer' as const,
    agentName: null,
    body: 'fridge.jpg',
    at: new Date('2026-11-23T02:06:00Z'),
    images: ['fridge.jpg'],
  },
  {
    author: 'agent' as const,
    agentName: '王芳',
    body: '请<稍等>',
    at: new Date('2026-11-23T02:07:00Z'),
    images: [],
  },
];

describe('renderTranscript', () => {
  it('writes the chat in Chinese, in the tenant time zone, naming images once', () => {
    const mail = renderTranscript({
      siteName: '华信家电',
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      lines,
    });
    expect(mail.subject).toBe('华信家电 在线客服聊天记录');
    expect(mail.text.split('\n')).toEqual([
      '以下是您与 华信家电 在线客服的聊天记录。',
      '',
      '[2026-11-23 10:05] 您: 冰箱不制冷了',
      '[2026-11-23 10:06] 您: [图片: fridge.jpg]',
      '[2026-11-23 10:07] 王芳: 请<稍等>',
      '',
    ]);
    expect(mail.html).toContain('请&#60;稍等&#62;');
    expect(mail.html).not.toContain('<稍等>');
  });

  it('writes it in English, and says so when there was nothing', () => {
    const mail = renderTranscript({ siteName: 'Acme', locale: 'en', timeZone: 'UTC', lines: lines.slice(2) });
    expect(mail.subject).toBe('Your chat with Acme');
    expect(mail.text).toContain('[2026-11-23 02:07] 王芳: 请<稍等>');
    const empty = renderTranscript({ siteName: 'Acme', locale: 'en', timeZone: 'UTC', lines: [] });
    expect(empty.text).toContain('(no messages)');
  });
});
