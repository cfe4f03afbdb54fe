/**
 * What a customer wrote now, without the thread their mail client quoted below it: the
 * transcript of a conversation would otherwise repeat every earlier email in each reply. The
 * full text stays on the email (`GET /api/v1/interactions/:id/emails`). Conservative: it cuts
 * only at the quote headers common clients write (Gmail, Apple Mail, Outlook, QQ Mail, Foxmail,
 * in English and Chinese) and at a trailing block of `>` lines, and keeps the whole text when
 * nothing would be left.
 *
 * @example
 * withoutQuotedReply('好的，谢谢\n\n在 2026年11月2日 10:00，客服 <s@acme.cn> 写道：\n> 您好'); // '好的，谢谢'
 */
export function withoutQuotedReply(text: string): string {
  const lines = text.split(/\r?\n/);
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (isQuoteHeader(lines, i)) {
      end = i;
      break;
    }
  }
  // A trailing block of quoted lines (and the blank lines around it).
  while (end > 0 && /^\s*(>.*)?$/.test(lines[end - 1]!)) end--;
  const kept = lines.slice(0, end).join('\n').trim();
  return kept || text.trim();
}

const ATTRIBUTION = [
  /^On .{1,300} wrote:\s*$/i,
  /^(在|于).{1,300}(写道|寫道)\s*[:：]\s*$/,
  /^-{2,}\s*(Original Message|原始邮件|原始郵件)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
];

function isQuoteHeader(lines: readonly string[], i: number): boolean {
  const line = lines[i]!.trim();
  if (ATTRIBUTION.some((re) => re.test(line))) return true;
  // Gmail wraps a long attribution: "On Mon, 2 Nov 2026 at 10:00, Acme <s@acme.cn>" / "wrote:".
  if (/^On .{1,300}$/i.test(line) && /^wrote:\s*$/i.test(lines[i + 1]?.trim() ?? '')) return true;
  // Outlook: a From line with a Sent/Date line among the next few.
  if (/^\*?(From|发件人|寄件者)\s*[:：]/i.test(line)) {
    return lines
      .slice(i + 1, i + 5)
      .some((l) => /^\*?(Sent|Date|发送时间|日期|寄件日期)\s*[:：]/i.test(l.trim()));
  }
  return false;
}
