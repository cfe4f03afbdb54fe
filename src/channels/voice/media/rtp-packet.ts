/**
 * RTP packets (RFC 3550 §5.1): the 12-byte fixed header, the CSRC list, an optional header
 * extension and optional padding. Decoding never trusts the wire: every length is checked
 * against the bytes actually present, and anything that does not add up is a
 * {@link RtpPacketError}, the only error `decodeRtpPacket` throws, so the UDP socket can
 * count and drop a bad datagram without disturbing the call.
 *
 * @example
 * const bytes = encodeRtpPacket({ payloadType: 0, sequenceNumber: 1, timestamp: 160, ssrc: 42, payload });
 * const packet = decodeRtpPacket(bytes); // packet.payload is a view on `bytes`
 */

export const RTP_VERSION = 2;
export const RTP_HEADER_BYTES = 12;

export interface RtpHeaderExtension {
  /** The 16-bit "defined by profile" field (0xBEDE for RFC 8285 one-byte headers). */
  profile: number;
  /** The extension body; its length is a multiple of 4 bytes. */
  data: Uint8Array;
}

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrc: number[];
  extension: RtpHeaderExtension | null;
  /** Without padding. A decoded packet's payload is a view on the input bytes, not a copy. */
  payload: Uint8Array;
  /** Bytes of padding after the payload (the last of them holds the count); 0 for none. */
  paddingLength: number;
}

export type RtpPacketInit = Pick<
  RtpPacket,
  'payloadType' | 'sequenceNumber' | 'timestamp' | 'ssrc' | 'payload'
> &
  Partial<Pick<RtpPacket, 'marker' | 'csrc' | 'extension' | 'paddingLength'>>;

export type RtpPacketErrorReason =
  | 'too-short'
  | 'bad-version'
  | 'truncated-csrc'
  | 'truncated-extension'
  | 'bad-padding';

/** A datagram that is not a well-formed RTP packet. */
export class RtpPacketError extends Error {
  override readonly name = 'RtpPacketError';
  constructor(
    readonly reason: RtpPacketErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export function decodeRtpPacket(bytes: Uint8Array): RtpPacket {
  if (bytes.length < RTP_HEADER_BYTES) {
    throw new RtpPacketError('too-short', `an RTP packet needs 12 bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b0 = bytes[0]!;
  const b1 = bytes[1]!;
  const version = b0 >> 6;
  if (version !== RTP_VERSION) {
    throw new RtpPacketError('bad-version', `RTP version ${version}, expected 2`);
  }
  const hasPadding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;
  let offset = RTP_HEADER_BYTES + csrcCount * 4;
  if (offset > bytes.length) {
    throw new RtpPacketError('truncated-csrc', `${csrcCount} CSRCs do not fit in ${bytes.length} bytes`);
  }
  const csrc: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrc.push(view.getUint32(RTP_HEADER_BYTES + i * 4));

  let extension: RtpHeaderExtension | null = null;
  if (hasExtension) {
    if (offset + 4 > bytes.length) {
      throw new RtpPacketError('truncated-extension', 'the header extension is cut off');
    }
    const profile = view.getUint16(offset);
    const words = view.getUint16(offset + 2);
    const end = offset + 4 + words * 4;
    if (end > bytes.length) {
      throw new RtpPacketError('truncated-extension', `a ${words}-word extension does not fit`);
    }
    extension = { profile, data: bytes.subarray(offset + 4, end) };
    offset = end;
  }

  let paddingLength = 0;
  if (hasPadding) {
    // The last byte counts itself, so 0 is invalid, and padding may not eat into the header.
    paddingLength = bytes[bytes.length - 1]!;
    if (paddingLength === 0 || offset + paddingLength > bytes.length) {
      throw new RtpPacketError('bad-padding', `padding of ${paddingLength} bytes is not possible here`);
    }
  }

  return {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrc,
    extension,
    payload: bytes.subarray(offset, bytes.length - paddingLength),
    paddingLength,
  };
}

/** Serialises a packet. Out-of-range fields are programming errors and throw a RangeError. */
export function encodeRtpPacket(packet: RtpPacketInit): Uint8Array {
  const csrc = packet.csrc ?? [];
  const extension = packet.extension ?? null;
  const paddingLength = packet.paddingLength ?? 0;
  checkRange('payloadType', packet.payloadType, 0x7f);
  checkRange('sequenceNumber', packet.sequenceNumber, 0xffff);
  checkRange('timestamp', packet.timestamp, 0xffffffff);
  checkRange('ssrc', packet.ssrc, 0xffffffff);
  checkRange('paddingLength', paddingLength, 0xff);
  if (csrc.length > 15) throw new RangeError('at most 15 CSRCs');
  for (const id of csrc) checkRange('csrc', id, 0xffffffff);
  if (extension) {
    checkRange('extension.profile', extension.profile, 0xffff);
    if (extension.data.length % 4 !== 0 || extension.data.length / 4 > 0xffff) {
      throw new RangeError('the extension body must be a multiple of 4 bytes, at most 65535 words');
    }
  }

  const headerBytes = RTP_HEADER_BYTES + csrc.length * 4 + (extension ? 4 + extension.data.length : 0);
  const bytes = new Uint8Array(headerBytes + packet.payload.length + paddingLength);
  const view = new DataView(bytes.buffer);
  bytes[0] = (RTP_VERSION << 6) | (paddingLength > 0 ? 0x20 : 0) | (extension ? 0x10 : 0) | csrc.length;
  bytes[1] = (packet.marker ? 0x80 : 0) | packet.payloadType;
  view.setUint16(2, packet.sequenceNumber);
  view.setUint32(4, packet.timestamp);
  view.setUint32(8, packet.ssrc);
  let offset = RTP_HEADER_BYTES;
  for (const id of csrc) {
    view.setUint32(offset, id);
    offset += 4;
  }
  if (extension) {
    view.setUint16(offset, extension.profile);
    view.setUint16(offset + 2, extension.data.length / 4);
    bytes.set(extension.data, offset + 4);
    offset += 4 + extension.data.length;
  }
  bytes.set(packet.payload, offset);
  if (paddingLength > 0) bytes[bytes.length - 1] = paddingLength;
  return bytes;
}

function checkRange(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${field} must be an integer in 0..${max}, got ${value}`);
  }
}

// Sequence numbers (16 bits) and timestamps (32 bits) wrap; comparisons must be modular.

/** The sequence number after `seq`, wrapping 65535 → 0. */
export function nextSequenceNumber(seq: number): number {
  return (seq + 1) & 0xffff;
}

/** `to - from` as a signed distance in -32768..32767, so 65535 → 0 is +1. */
export function sequenceDelta(from: number, to: number): number {
  return (((to - from) & 0xffff) << 16) >> 16;
}

/** `ts + samples`, wrapping at 2^32. */
export function addToTimestamp(ts: number, samples: number): number {
  return (ts + samples) >>> 0;
}

/** `to - from` as a signed 32-bit distance in samples. */
export function timestampDelta(from: number, to: number): number {
  return (to - from) | 0;
}

/**
 * Extends a wrapping counter to an unbounded one (RFC 3550 appendix A.1 style), picking the
 * value nearest to the previous extended one; `null` starts a stream. Works for sequence
 * numbers (bits = 16) and timestamps (bits = 32).
 *
 * @example extendCounter(65535, 2, 16) === 65538
 */
export function extendCounter(previousExtended: number | null, value: number, bits: 16 | 32): number {
  if (previousExtended === null) return value;
  const delta =
    bits === 16 ? sequenceDelta(previousExtended, value) : timestampDelta(previousExtended, value);
  return previousExtended + delta;
}
