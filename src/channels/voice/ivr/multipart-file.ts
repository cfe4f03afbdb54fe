/**
 * The first file in a `multipart/form-data` body (RFC 7578), for the one upload form that
 * posts a prompt: its bytes and file name. Small and strict on purpose; a body that is not
 * well-formed gives null and the route answers 400.
 *
 * @example
 * multipartFile(body, 'multipart/form-data; boundary=x'); // { name: 'hello.wav', bytes }
 */
export function multipartFile(
  body: Buffer,
  contentType: string,
): { name: string | null; bytes: Buffer } | null {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return null;
  const delimiter = Buffer.from(`--${marker}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const headerStart = at + delimiter.length + 2; // past the CRLF
    if (body.subarray(at + delimiter.length, at + delimiter.length + 2).toString() === '--') return null;
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    if (headerEnd < 0) return null;
    const next = body.indexOf(Buffer.from(`\r\n--${marker}`), headerEnd + 4);
    if (next < 0) return null;
    const headers = body.subarray(headerStart, headerEnd).toString('utf8');
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    const filename = /filename\*?=(?:"([^"]*)"|([^;\s]*))/i.exec(disposition);
    if (filename) {
      return { name: (filename[1] ?? filename[2] ?? '') || null, bytes: body.subarray(headerEnd + 4, next) };
    }
    at = next + 2;
  }
  return null;
}
