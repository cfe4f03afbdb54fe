/**
 * A simulated party's audio (a caller's, or a simulated agent's phone): one UDP socket that
 * sends G.711 RTP every 20 ms (speech-like babble, looped) to where the far end's SDP said,
 * and keys pressed as RFC 4733 telephone-events in the same stream. What Hotline sends back
 * is read and dropped: nobody listens at this end.
 */

import { randomInt } from 'node:crypto';
import type dgram from 'node:dgram';
import { FRAME_MS, FrameClock } from '../../channels/voice/media/frame-clock.ts';
import { encodeG711, type G711Codec } from '../../channels/voice/media/g711.ts';
import {
  addToTimestamp,
  encodeRtpPacket,
  nextSequenceNumber,
} from '../../channels/voice/media/rtp-packet.ts';
import { telephoneEventPackets } from '../../channels/voice/media/telephone-event.ts';
import { bindUdp } from './udp.ts';

const FRAME_SAMPLES = 160;

export interface MediaTarget {
  address: string;
  port: number;
  codec: G711Codec;
  payloadType: number;
  /** null when Hotline's answer took no telephone-events: keys cannot be sent. */
  telephoneEventPayloadType: number | null;
}

export class CallerMedia {
  private target: MediaTarget | undefined;
  private clock: FrameClock | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly ssrc = randomInt(0, 0xffffffff);
  private sequence = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0xffffffff);
  private voiceAt = 0;
  /** Frames left in a key press: the voice pauses while a telephone-event is sent. */
  private pressing = 0;
  private closed = false;
  packetsOut = 0;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly localPort: number,
    private readonly voice: Int16Array,
  ) {}

  /** Binds a socket for RTP on `address` (any free port). */
  static async open(address: string, voice: Int16Array): Promise<CallerMedia> {
    const socket = await bindUdp(address);
    // Hotline's prompts and music: read so the socket's buffer never fills, then dropped.
    socket.on('message', () => undefined);
    socket.on('error', () => undefined);
    return new CallerMedia(socket, socket.address().port, voice);
  }

  /** Starts sending to Hotline's media address. */
  start(target: MediaTarget): void {
    if (this.closed) return;
    this.target = target;
    this.clock = new FrameClock({ startMs: performance.now() });
    this.timer = setInterval(() => this.tick(), FRAME_MS / 2);
  }

  /** Presses a key (RFC 4733); false when Hotline does not take telephone-events. */
  press(digit: string): boolean {
    const target = this.target;
    if (this.closed || !target || target.telephoneEventPayloadType === null) return false;
    const plan = telephoneEventPackets(digit);
    const startTimestamp = this.timestamp;
    const pt = target.telephoneEventPayloadType;
    // The voice stops for the key's length, so two streams never share a timestamp range.
    const lastOffset = plan.at(-1)!.offsetMs;
    this.pressing = Math.ceil(lastOffset / FRAME_MS) + 1;
    for (const step of plan) {
      const timer = setTimeout(() => {
        if (this.closed) return;
        this.send(pt, startTimestamp, step.payload, step.marker);
      }, step.offsetMs);
      timer.unref();
    }
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.socket.close();
  }

  private tick(): void {
    const target = this.target;
    if (this.closed || !target || !this.clock) return;
    const due = this.clock.due(performance.now());
    this.timestamp = addToTimestamp(this.timestamp, due.skipped * FRAME_SAMPLES);
    for (let i = 0; i < due.count; i++) {
      if (this.pressing > 0) {
        this.pressing--;
      } else {
        this.send(target.payloadType, this.timestamp, encodeG711(target.codec, this.nextFrame()), false);
      }
      this.timestamp = addToTimestamp(this.timestamp, FRAME_SAMPLES);
    }
  }

  private nextFrame(): Int16Array {
    const frame = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      frame[i] = this.voice[this.voiceAt]!;
      this.voiceAt = (this.voiceAt + 1) % this.voice.length;
    }
    return frame;
  }

  private send(payloadType: number, timestamp: number, payload: Uint8Array, marker: boolean): void {
    const target = this.target!;
    const packet = encodeRtpPacket({
      payloadType,
      sequenceNumber: this.sequence,
      timestamp,
      ssrc: this.ssrc,
      marker,
      payload,
    });
    this.sequence = nextSequenceNumber(this.sequence);
    this.socket.send(packet, target.port, target.address);
    this.packetsOut++;
  }
}
