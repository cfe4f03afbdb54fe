import { timestampDelta } from './rtp-packet.ts';

/**
 * DTMF as RTP telephone-events (RFC 4733 §2.3): each packet carries the event code, an end
 * bit, the volume and the duration so far, all packets of one key press share one RTP
 * timestamp (the press's start), and the final "end" packet is sent three times because
 * UDP may lose it. {@link DtmfDetector} turns that stream into each digit exactly once;
 * {@link telephoneEventPackets} produces the stream for sending a digit.
 *
 * @example
 * const detector = new DtmfDetector();
 * const digit = detector.push({ ssrc, timestamp, marker, payload }); // '5' once, then null
 */

export const TELEPHONE_EVENT_BYTES = 4;
/** Events 0–15 are the keypad (RFC 4733 §3.2); 16 is hook flash. */
const EVENT_DIGITS = '0123456789*#ABCD';
export const FLASH_EVENT = 16;
/**
 * How far (in samples, 200 ms at 8 kHz) past the previous segment's duration a new segment
 * of the same key may start and still continue the press: the gap a lost packet or two
 * leaves around a segment boundary.
 */
const SEGMENT_SLACK = 1600;

export interface TelephoneEvent {
  event: number;
  end: boolean;
  /** Power level in -dBm0, 0..63 (larger is quieter). */
  volume: number;
  /** Duration so far in RTP timestamp units (samples at 8 kHz). */
  duration: number;
}

export class TelephoneEventError extends Error {
  override readonly name = 'TelephoneEventError';
}

export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent {
  // RFC 2198 redundancy would carry several blocks; without it one block is all there is,
  // and a payload whose length is not whole blocks is corrupt.
  if (payload.length < TELEPHONE_EVENT_BYTES || payload.length % TELEPHONE_EVENT_BYTES !== 0) {
    throw new TelephoneEventError(`a telephone-event payload is 4 bytes, got ${payload.length}`);
  }
  const flags = payload[1]!;
  return {
    event: payload[0]!,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}

export function encodeTelephoneEvent(event: TelephoneEvent): Uint8Array {
  if (!Number.isInteger(event.event) || event.event < 0 || event.event > 255) {
    throw new RangeError(`event must be 0..255, got ${event.event}`);
  }
  if (!Number.isInteger(event.volume) || event.volume < 0 || event.volume > 63) {
    throw new RangeError(`volume must be 0..63, got ${event.volume}`);
  }
  if (!Number.isInteger(event.duration) || event.duration < 0 || event.duration > 0xffff) {
    throw new RangeError(`duration must be 0..65535, got ${event.duration}`);
  }
  return Uint8Array.of(
    event.event,
    (event.end ? 0x80 : 0) | event.volume,
    event.duration >> 8,
    event.duration & 0xff,
  );
}

/** '0'–'9', '*', '#', 'A'–'D' for keypad events; null for flash and anything else. */
export function eventToDigit(event: number): string | null {
  return event >= 0 && event < EVENT_DIGITS.length ? EVENT_DIGITS[event]! : null;
}

export function digitToEvent(digit: string): number {
  const event = digit.length === 1 ? EVENT_DIGITS.indexOf(digit.toUpperCase()) : -1;
  if (event < 0) throw new RangeError(`not a DTMF digit: ${JSON.stringify(digit)}`);
  return event;
}

/** The RTP fields of a telephone-event packet the detector needs. */
export interface TelephoneEventPacket {
  ssrc: number;
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
}

/**
 * Reports each key press once, as soon as any packet of it arrives: the start packet may be
 * lost, and so may every end packet, so waiting for either would miss digits. A press is
 * known by its RTP timestamp; retransmitted end packets and late packets of a press already
 * reported are ignored. A press longer than the 16-bit duration (~8 s) is sent as segments
 * with new timestamps and no marker (RFC 4733 §2.5.1.3); those continue the press rather
 * than repeat the digit.
 */
export class DtmfDetector {
  private ssrc: number | null = null;
  private last: { timestamp: number; event: number; ended: boolean; duration: number } | null = null;

  /**
   * The digit this packet starts, or null (a repeat, a continuation, flash, or not DTMF).
   * A malformed payload throws {@link TelephoneEventError}; the detector's state is unchanged.
   */
  push(packet: TelephoneEventPacket): string | null {
    const event = decodeTelephoneEvent(packet.payload);
    if (packet.ssrc !== this.ssrc) {
      // A new source (re-INVITE, another leg) starts a new timeline of timestamps.
      this.ssrc = packet.ssrc;
      this.last = null;
    }
    const last = this.last;
    if (last) {
      const since = timestampDelta(last.timestamp, packet.timestamp);
      if (since === 0 && event.event === last.event) {
        last.ended ||= event.end;
        last.duration = Math.max(last.duration, event.duration);
        return null;
      }
      if (since < 0) return null; // a late packet of an earlier press
      const continuesLongPress =
        !packet.marker && !last.ended && event.event === last.event && since <= last.duration + SEGMENT_SLACK;
      this.last = {
        timestamp: packet.timestamp,
        event: event.event,
        ended: event.end,
        duration: event.duration,
      };
      if (continuesLongPress) return null;
    } else {
      this.last = {
        timestamp: packet.timestamp,
        event: event.event,
        ended: event.end,
        duration: event.duration,
      };
    }
    return eventToDigit(event.event);
  }
}

export interface TelephoneEventSendPlan {
  /** Set on the first packet only. */
  marker: boolean;
  payload: Uint8Array;
  /** When to send it, in ms after the first packet. All packets carry the press's start timestamp. */
  offsetMs: number;
}

export interface TelephoneEventOptions {
  durationMs?: number;
  packetMs?: number;
  volume?: number;
  /** How many times the end packet is sent (RFC 4733 §2.5.1.4 recommends 3). */
  endRepeats?: number;
  clockRate?: number;
}

/**
 * The packets that send one digit. The caller gives each its own sequence number and the same
 * RTP timestamp (the press's start), and sends it `offsetMs` after the first.
 *
 * @example telephoneEventPackets('1') // 4 packets 20 ms apart, then 3 end packets at 80 ms
 */
export function telephoneEventPackets(
  digit: string,
  {
    durationMs = 100,
    packetMs = 20,
    volume = 10,
    endRepeats = 3,
    clockRate = 8000,
  }: TelephoneEventOptions = {},
): TelephoneEventSendPlan[] {
  const event = digitToEvent(digit);
  const count = Math.max(1, Math.ceil(durationMs / packetMs));
  const samplesPerPacket = (packetMs * clockRate) / 1000;
  const total = Math.min(0xffff, Math.round((durationMs * clockRate) / 1000));
  const plan: TelephoneEventSendPlan[] = [];
  for (let i = 0; i < count - 1; i++) {
    plan.push({
      marker: i === 0,
      payload: encodeTelephoneEvent({ event, end: false, volume, duration: (i + 1) * samplesPerPacket }),
      offsetMs: i * packetMs,
    });
  }
  const endPayload = encodeTelephoneEvent({ event, end: true, volume, duration: total });
  for (let r = 0; r < Math.max(1, endRepeats); r++) {
    plan.push({ marker: count === 1 && r === 0, payload: endPayload, offsetMs: (count - 1) * packetMs });
  }
  return plan;
}
