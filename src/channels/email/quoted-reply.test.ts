import { describe, expect, it } from 'vitest';
import { withoutQuotedReply } from './quoted-reply.ts';

describe('withoutQuotedReply', () => {
  it.each([
    ['plain text', 'Thanks, that works.', 'Thanks, that works.'],
    ['Gmail', 'Thanks!\n\nOn Mon, 2 Nov 2026 at 10:00, Acme <s@acme.cn> wrote:\n> Hello\n> there', 'Thanks!'],
    [
      'Gmail, wrapped',
      'Thanks!\n\nOn Mon, 2 Nov 2026 at 10:00, Acme Support Team\nwrote:\n> Hello',
      'Thanks!',
    ],
    ['Gmail zh', '好的，谢谢\n\n在 2026年11月2日 10:00，客服 <s@acme.cn> 写道：\n> 您好', '好的，谢谢'],
    ['Foxmail', '收到\n\n于 2026-11-02 10:00，"客服" 写道:\n> 您好', '收到'],
    [
      'QQ Mail',
      '可以\n\n------------------ 原始邮件 ------------------\n发件人: "客服"\n发送时间: 2026年11月2日\n您好',
      '可以',
    ],
    [
      'Outlook',
      'Fine by me.\n\nFrom: Acme Support <s@acme.cn>\nSent: Monday, 2 November 2026 10:00\nTo: me\nSubject: Re: order\n\nHello',
      'Fine by me.',
    ],
    ['Outlook zh', '同意\n\n发件人: 客服 <s@acme.cn>\n发送时间: 2026年11月2日 10:00\n收件人: 我', '同意'],
    ['Outlook rule line', 'Yes\n\n________________________________\nFrom: Acme', 'Yes'],
    ['trailing > block', 'See below\n\n> earlier text\n> more', 'See below'],
    [
      'inline answers keep their quotes',
      '> Which model?\nThe X200.\n> Since when?\nLast week.',
      '> Which model?\nThe X200.\n> Since when?\nLast week.',
    ],
    [
      'a From line that is not a header block',
      'From: my home office I can do Tuesday.',
      'From: my home office I can do Tuesday.',
    ],
    ['only a quote: keep it all', 'On Mon, Acme wrote:\n> Hello', 'On Mon, Acme wrote:\n> Hello'],
    ['CRLF', 'Ok\r\n\r\nOn Tue, X wrote:\r\n> a', 'Ok'],
  ])('%s', (_name, text, expected) => {
    expect(withoutQuotedReply(text)).toBe(expected);
  });
});
