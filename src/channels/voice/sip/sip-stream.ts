/**
 * Cuts a TCP/TLS byte stream into SIP messages (RFC 3261 §18.3): the header section ends at
 * the first blank line and Content-Length says how many body bytes follow. A stream that
 * lies about its framing cannot be resynchronised, so the first error closes the framer and
 * the edge should close the connection.
 */
import { DEFAULT_SIP_LIMITS, parseSipMessage, type SipLimits, type SipMessage } from './sip-message.ts';
import { SipParseError } from './sip-parse-error.ts';

export interface SipStreamOutput {
  /** Complete messages, in arrival order. */
  readonly messages: SipMessage[];
  /**
   * How many RFC 5626 keep-alive pings (CRLFCRLF) arrived between messages; the edge answers
   * each with a single CRLF pong.
   */
  readonly keepAlives: number;
  /** Set once the stream is broken; messages before the bad one are still delivered. */
  readonly error?: SipParseError;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(.*)$/i;

/**
 * @example
 * const framer = new SipStreamFramer();
 * socket.on('data', (chunk) => {
 *   const { messages, keepAlives, error } = framer.push(chunk);
 *   for (let i = 0; i < keepAlives; i++) socket.write('\r\n');
 *   messages.forEach(handle);
 *   if (error) socket.destroy();
 * });
 */
export class SipStreamFramer {
  private readonly limits: SipLimits;
  /**
   * Received bytes not yet framed: a view into `storage`, which grows by doubling, so a
   * message dripped in one byte at a time costs linear copying, not quadratic.
   */
  private pending: Buffer = Buffer.alloc(0);
  private storage: Buffer = Buffer.alloc(0);
  private failure: SipParseError | undefined;
  /** Where to resume looking for the blank line, so a slow sender does not cost a rescan per chunk. */
  private searchFrom = 0;
  /** The whole length of the message being received, once its header section is complete. */
  private frameLength: number | undefined;

  constructor(limits: Partial<SipLimits> = {}) {
    this.limits = { ...DEFAULT_SIP_LIMITS, ...limits };
  }

  push(chunk: Uint8Array): SipStreamOutput {
    if (this.failure) return { messages: [], keepAlives: 0, error: this.failure };
    this.append(chunk);
    const messages: SipMessage[] = [];
    let keepAlives = 0;
    try {
      for (;;) {
        keepAlives += this.skipBlankLines();
        const frame = this.nextFrame();
        if (!frame) break;
        messages.push(parseSipMessage(frame, { transport: 'stream', limits: this.limits }));
      }
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      this.failure = error;
      this.pending = Buffer.alloc(0);
      this.storage = Buffer.alloc(0);
      return { messages, keepAlives, error };
    }
    // With nothing left over, the next chunk can start at the front of storage again.
    if (this.pending.length === 0) this.pending = this.storage.subarray(0, 0);
    return { messages, keepAlives };
  }

  /** Bytes received but not yet part of a complete message (for tests and diagnostics). */
  get buffered(): number {
    return this.pending.length;
  }

  private append(chunk: Uint8Array): void {
    const length = this.pending.length + chunk.length;
    const start = this.pending.byteOffset - this.storage.byteOffset;
    if (start + length > this.storage.length) {
      if (length * 2 <= this.storage.length) {
        // Plenty of room once the consumed bytes in front are reclaimed.
        this.pending.copy(this.storage, 0);
      } else {
        const grown = Buffer.allocUnsafe(Math.max(4096, length * 2));
        this.pending.copy(grown, 0);
        this.storage = grown;
      }
      this.pending = this.storage.subarray(0, this.pending.length);
    }
    const at = this.pending.byteOffset - this.storage.byteOffset;
    this.storage.set(chunk, at + this.pending.length);
    this.pending = this.storage.subarray(at, at + length);
  }

  /**
   * Drops the CR/LF bytes before a start line (§7.5), counting each CRLFCRLF in them as a
   * ping. While no start line has arrived yet, the tail that could still grow into a ping
   * ('\r', '\r\n', '\r\n\r') is kept for the next chunk; anything else is dropped, so a
   * peer sending endless line feeds holds no memory.
   */
  private skipBlankLines(): number {
    let run = 0;
    while (run < this.pending.length && (this.pending[run] === 0x0d || this.pending[run] === 0x0a)) run++;
    if (run === 0) return 0;
    const blank = this.pending.subarray(0, run).toString('latin1');
    let pings = 0;
    let consumed = 0;
    for (let at = blank.indexOf('\r\n\r\n'); at >= 0; at = blank.indexOf('\r\n\r\n', consumed)) {
      pings++;
      consumed = at + 4;
    }
    const startLineArrived = run < this.pending.length;
    let drop = run;
    if (!startLineArrived) {
      const tail = blank.slice(consumed);
      const keep = ['\r\n\r', '\r\n', '\r'].find((prefix) => tail.endsWith(prefix))?.length ?? 0;
      drop = run - keep;
    }
    this.pending = this.pending.subarray(drop);
    this.searchFrom = 0;
    return pings;
  }

  private nextFrame(): Buffer | undefined {
    // Only an unfinished ping can be left in front after skipBlankLines.
    if (this.pending.length === 0 || this.pending[0] === 0x0d) return undefined;
    if (this.frameLength === undefined) {
      const headEnd = this.pending.indexOf(HEADER_END, this.searchFrom);
      if (headEnd < 0) {
        if (this.pending.length > this.limits.maxMessageBytes) throw new SipParseError('message too large');
        this.searchFrom = Math.max(0, this.pending.length - 3);
        return undefined;
      }
      const bodyLength = this.contentLength(this.pending.subarray(0, headEnd).toString('latin1'));
      this.frameLength = headEnd + HEADER_END.length + bodyLength;
      if (this.frameLength > this.limits.maxMessageBytes) throw new SipParseError('message too large');
    }
    const total = this.frameLength;
    if (this.pending.length < total) return undefined;
    this.frameLength = undefined;
    // parseSipMessage copies what it keeps, so handing out a view of storage is safe.
    const frame = this.pending.subarray(0, total);
    this.pending = this.pending.subarray(total);
    this.searchFrom = 0;
    return frame;
  }

  /** Reads Content-Length from the raw header section; parseSipMessage re-checks it in full. */
  private contentLength(head: string): number {
    const values = head
      .replace(/\r\n[ \t]+/g, ' ')
      .split('\r\n')
      .slice(1)
      .map((line) => CONTENT_LENGTH.exec(line)?.[1]?.trim())
      .filter((value) => value !== undefined);
    if (values.length === 0) throw new SipParseError('missing Content-Length');
    if (values.length > 1) throw new SipParseError('more than one Content-Length');
    if (!/^[0-9]{1,10}$/.test(values[0]!)) throw new SipParseError('bad Content-Length');
    return Number(values[0]);
  }
}
