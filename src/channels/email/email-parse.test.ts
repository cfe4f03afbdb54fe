import { describe, expect, it } from 'vitest';
import { MalformedEmailError, parseEmail } from './email-parse.ts';

const mail = (...lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('parseEmail', () => {
  it('reads threading ids, people, subject, text and attachments', async () => {
    const parsed = await parseEmail(
      mail(
        'From: "Zhang San" <ZS@Example.CN>',
        'To: support@shop.test, Sales <sales@shop.test>',
        'Cc: boss@example.cn',
        'Reply-To: zs.home@example.cn',
        'Subject: =?UTF-8?B?6K6i5Y2V6Zeu6aKY?=',
        'Message-ID: <m2@example.cn>',
        'In-Reply-To: <m1@shop.test>',
        'References: <m0@example.cn>\r\n <m1@shop.test>',
        'Auto-Submitted: no',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        '我的订单还没到',
        '--b',
        'Content-Type: application/pdf; name="../../invoice.pdf"',
        'Content-Disposition: attachment; filename="../../invoice.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 fake').toString('base64'),
        '--b--',
        '',
      ),
    );
    expect(parsed).toMatchObject({
      messageId: 'm2@example.cn',
      inReplyTo: 'm1@shop.test',
      references: ['m0@example.cn', 'm1@shop.test'],
      from: { address: 'zs@example.cn', name: 'Zhang San' },
      replyTo: 'zs.home@example.cn',
      to: ['support@shop.test', 'sales@shop.test'],
      cc: ['boss@example.cn'],
      subject: '订单问题',
      text: '我的订单还没到',
      headers: { 'auto-submitted': 'no' },
    });
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]).toMatchObject({
      fileName: '.._.._invoice.pdf',
      contentType: 'application/pdf',
      inline: false,
    });
    expect(parsed.attachments[0]!.data.toString()).toBe('%PDF-1.4 fake');
  });

  it('gives a message without Message-ID one made from its bytes', async () => {
    const raw = mail('From: a@example.cn', 'Subject: x', '', 'body');
    const [a, b] = [await parseEmail(raw), await parseEmail(raw)];
    expect(a.messageId).toMatch(/@hotline\.invalid$/);
    expect(a.messageId).toBe(b.messageId);
  });

  it('reads the text of an HTML-only message', async () => {
    const parsed = await parseEmail(
      mail('From: a@example.cn', 'Content-Type: text/html; charset=utf-8', '', '<p>Hello <b>there</b></p>'),
    );
    expect(parsed.text).toBe('Hello there');
    expect(parsed.html).toContain('<b>there</b>');
  });

  it('keeps what it can of a broken multipart (no closing boundary, bad base64)', async () => {
    const parsed = await parseEmail(
      mail(
        'From: a@example.cn',
        'Content-Type: multipart/mixed; boundary="XYZ"',
        '',
        '--XYZ',
        'Content-Type: text/plain',
        '',
        'hello',
        '--XYZ',
        'Content-Type: application/pdf; name="a.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        '!!!not base64***',
      ),
    );
    expect(parsed.text).toBe('hello');
    expect(parsed.attachments.map((a) => a.fileName)).toEqual(['a.pdf']);
  });

  it.each([
    ['no header section', Buffer.from('\r\n\r\nbody'), 'no header section'],
    ['binary garbage', Buffer.from([0, 1, 2, 255, 254, 10, 13, 10]), 'NUL bytes'],
    ['text without headers', Buffer.from('just some text\r\n'), 'does not start with a header field'],
    ['no From', mail('To: a@b.c', 'Subject: x', '', 'body'), 'no valid From address'],
    [
      'From without an address',
      mail('From: not an address', 'Subject: x', '', 'body'),
      'no valid From address',
    ],
    ['NUL in a header', mail('From: a@b.c', 'Sub\0ject: x', '', 'body'), 'NUL bytes'],
  ])('rejects %s', async (_name, raw, reason) => {
    const error = await parseEmail(raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedEmailError);
    expect((error as Error).message).toContain(reason);
  });
});
