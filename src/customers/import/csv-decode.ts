import iconv from 'iconv-lite';
import jschardet from 'jschardet';

/**
 * Turns an uploaded file's bytes into text. Chinese spreadsheets are often exported as
 * GBK (Excel's "CSV" on a Chinese Windows), others as UTF-8 with or without a BOM, or
 * UTF-16 ("Unicode text"). Valid UTF-8 wins; otherwise the detector's guess is used when
 * it is one we can read, and anything else is reported rather than imported as mojibake.
 */
export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

const READABLE: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  gb18030: 'gb18030',
  big5: 'big5',
  'utf-8': 'utf-8',
  ascii: 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

export function decodeCsv(bytes: Buffer, declared?: string): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'The file is empty' };
  if (declared) {
    const encoding = READABLE[declared.toLowerCase()];
    if (!encoding) return { ok: false, reason: `Unsupported encoding "${declared}"` };
    return finish(iconv.decode(bytes, encoding), encoding);
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return finish(bytes.subarray(3).toString('utf8'), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return finish(iconv.decode(bytes.subarray(2), 'utf-16le'), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return finish(iconv.decode(bytes.subarray(2), 'utf-16be'), 'utf-16be');
  try {
    return finish(new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'utf-8');
  } catch {
    // not UTF-8: ask the detector
  }
  const guess = jschardet.detect(bytes.subarray(0, 64 * 1024));
  const name = (guess.encoding ?? '').toLowerCase();
  // Short GBK files are often guessed as a Latin code page; GB18030 is the likely truth
  // for a Chinese call center, and a wrong guess shows up as replacement characters below.
  const encoding = READABLE[name] ?? 'gb18030';
  const decoded = finish(iconv.decode(bytes, encoding), encoding);
  if (!decoded.ok && READABLE[name] === undefined) {
    return {
      ok: false,
      reason: `The file is not UTF-8 or GBK (it looks like ${guess.encoding ?? 'binary data'}); save it as UTF-8 CSV`,
    };
  }
  return decoded;
}

function finish(text: string, encoding: string): Decoded {
  if (text.includes('\uFFFD')) {
    return { ok: false, reason: `The file has bytes that are not valid ${encoding}; save it as UTF-8 CSV` };
  }
  if (text.includes('\u0000'))
    return { ok: false, reason: 'The file looks binary (an .xlsx?); save it as CSV' };
  return { ok: true, text: text.replace(/^\uFEFF/, ''), encoding };
}
