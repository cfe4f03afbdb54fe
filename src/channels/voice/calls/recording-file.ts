import path from 'node:path';

/**
 * The absolute path of a recording whose database path is `file`, or null when it would lie
 * outside the recordings directory (an absolute path, `..`, a NUL): a row must never name a
 * file elsewhere on the disk.
 *
 * @example recordingPath('/var/rec', 't1/c1.wav') // '/var/rec/t1/c1.wav'
 * @example recordingPath('/var/rec', '../etc/passwd') // null
 */
export function recordingPath(recordingsDir: string, file: string): string | null {
  if (file.length === 0 || file.includes('\0') || path.isAbsolute(file)) return null;
  const root = path.resolve(recordingsDir);
  const full = path.resolve(root, file);
  return full.startsWith(root + path.sep) ? full : null;
}

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * The one byte range of an HTTP `Range` header (RFC 9110 §14.1.2) over `size` bytes, inclusive;
 * null to send the whole file (no header, another unit, or several ranges, which a browser's
 * audio element never asks for); 'unsatisfiable' for a range past the end (answer 416).
 *
 * @example parseRange('bytes=0-99', 1000) // { start: 0, end: 99 }
 * @example parseRange('bytes=-100', 1000) // { start: 900, end: 999 }
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
