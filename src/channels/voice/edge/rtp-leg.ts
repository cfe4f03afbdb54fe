/**
 * One call leg's media (RFC 3550): a UDP socket of its own, G.711 frames out every 20 ms from
 * whatever plays to this party (a prompt, hold music, the other party's voice), and the
 * party's audio and key presses (RFC 4733) in.
 *
 * Frames are sent on the media clock's schedule (frame-clock.ts), not when audio arrives
 * from the other side: the far end's jitter buffer then sees an even stream whatever the
 * network in between did, and a recording of both sides stays aligned.
 */

import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { FrameClock, LatenessStats } from '../media/frame-clock.ts';
import { decodeG711, encodeG711, G711_SILENCE, type G711Codec } from '../media/g711.ts';
import {
  addToTimestamp,
  decodeRtpPacket,
  nextSequenceNumber,
  RTP_HEADER_BYTES,
  RtpPacketError,
} from '../media/rtp-packet.ts';
import { DtmfDetector, TelephoneEventError } from '../media/telephone-event.ts';

export const FRAME_SAMPLES = 160;

const encodeTables = new Map<G711Codec, Uint8Array>();

/**
 * The codec's whole encoding as a table, (sample + 32768) → byte, taken from encodeG711 once,
 * so a frame is encoded straight into its packet: the sender builds ten thousand packets a
 * second for 100 calls, and a typed array of its own per payload and per packet cost more
 * (allocation and garbage collection) than the encoding.
 */
function encodeTable(codec: G711Codec): Uint8Array {
  let table = encodeTables.get(codec);
  if (!table) {
    const samples = new Int16Array(65536);
    for (let i = 0; i < samples.length; i++) samples[i] = i - 32768;
    table = encodeG711(codec, samples);
    encodeTables.set(codec, table);
  }
  return table;
}

/** What plays to a party: the next 20 ms of 8 kHz PCM, or null for silence. */
export type FrameSource = () => Int16Array | null;

export interface RemoteMedia {
  address: string;
  port: number;
  codec: G711Codec;
  payloadType: number;
  telephoneEventPayloadType: number | null;
}

/** Even ports from a range, for RTP (RFC 3550 §11: RTCP takes the odd one above). */
export class PortPool {
  private readonly free: number[] = [];

  constructor(min: number, max: number) {
    for (let port = min + (min % 2); port + 1 <= max; port += 2) this.free.push(port);
  }

  take(): number | undefined {
    return this.free.shift();
  }

  give(port: number): void {
    this.free.push(port);
  }

  get available(): number {
    return this.free.length;
  }
}

export interface RtpLegStats {
  packetsIn: number;
  packetsOut: number;
  malformedIn: number;
  /** Sequence gaps seen in the party's stream. */
  lostIn: number;
  /** Frames not sent because the sender fell too far behind (after a stall): a gap the party hears. */
  skippedOut: number;
  lateness: LatenessStats;
}

export class RtpLeg {
  /** What plays to this party; null sends silence (which also keeps a NAT binding open). */
  source: FrameSource | null = null;
  /** The party's voice, decoded, stamped with its arrival time (ms, performance clock). */
  onAudio: ((pcm: Int16Array, arrivalMs: number) => void) | undefined;
  onDigit: ((digit: string) => void) | undefined;
  readonly stats: RtpLegStats = {
    packetsIn: 0,
    packetsOut: 0,
    malformedIn: 0,
    lostIn: 0,
    skippedOut: 0,
    lateness: new LatenessStats(),
  };

  private remote: RemoteMedia | undefined;
  private clock: FrameClock | undefined;
  private readonly ssrc = randomInt(0, 2 ** 32 - 1);
  private sequence = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 2 ** 32 - 1);
  private readonly dtmf = new DtmfDetector();
  private lastSequenceIn: number | undefined;
  private closed = false;
  private latched = false;
  private silenceByte = 0;
  private encoding: Uint8Array | undefined;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly localAddress: string,
    readonly localPort: number,
    private readonly ports: PortPool,
  ) {
    socket.on('message', (bytes, rinfo) => this.receive(bytes, rinfo.address, rinfo.port));
    socket.on('error', () => undefined);
  }

  /** Binds a socket on the first free even port of the pool. */
  static async open(address: string, ports: PortPool): Promise<RtpLeg> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = ports.take();
      if (port === undefined) break;
      const socket = dgram.createSocket('udp4');
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(port, address, () => {
            socket.off('error', reject);
            resolve();
          });
        });
        return new RtpLeg(socket, address, port, ports);
      } catch {
        socket.close();
        // Taken by someone else: leave it out of the pool.
      }
    }
    throw new Error('no free RTP port');
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get codec(): G711Codec | undefined {
    return this.remote?.codec;
  }

  /** Starts sending to the party (again, after a re-INVITE moved its media). */
  connect(remote: RemoteMedia, nowMs: number): void {
    this.remote = remote;
    this.silenceByte = G711_SILENCE[remote.codec];
    this.encoding = encodeTable(remote.codec);
    this.clock ??= new FrameClock({ startMs: nowMs });
  }

  /** Sends the frames due by now (called by the media clock every few ms). */
  tick(nowMs: number): void {
    if (this.closed || !this.remote || !this.clock) return;
    // Most ticks (every 5 ms) find no frame due (one every 20 ms): nothing to allocate then.
    if (this.clock.msUntilNext(nowMs) > 0) return;
    const due = this.clock.due(nowMs);
    // Frames skipped after a stall still advance the timestamp, so the far end hears a gap.
    if (due.skipped > 0) {
      this.timestamp = addToTimestamp(this.timestamp, due.skipped * FRAME_SAMPLES);
      this.stats.skippedOut += due.skipped;
    }
    const encoding = this.encoding!;
    for (let i = 0; i < due.count; i++) {
      const pcm = this.source?.() ?? null;
      // RFC 3550 §5.1 header (version 2, no padding, extension, CSRC or marker), then G.711,
      // in a Buffer from Node's shared pool.
      const packet = Buffer.allocUnsafe(RTP_HEADER_BYTES + (pcm ? pcm.length : FRAME_SAMPLES));
      packet[0] = 0x80;
      packet[1] = this.remote.payloadType & 0x7f;
      packet.writeUInt16BE(this.sequence, 2);
      packet.writeUInt32BE(this.timestamp, 4);
      packet.writeUInt32BE(this.ssrc, 8);
      if (pcm) {
        for (let s = 0; s < pcm.length; s++) packet[RTP_HEADER_BYTES + s] = encoding[pcm[s]! + 32768]!;
      } else {
        packet.fill(this.silenceByte, RTP_HEADER_BYTES);
      }
      this.sequence = nextSequenceNumber(this.sequence);
      this.timestamp = addToTimestamp(this.timestamp, FRAME_SAMPLES);
      this.socket.send(packet, this.remote.port, this.remote.address);
      this.stats.packetsOut++;
      this.stats.lateness.record(due.lateMs[i] ?? 0);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
    this.ports.give(this.localPort);
  }

  private receive(bytes: Buffer, address: string, port: number): void {
    const remote = this.remote;
    if (!remote) return;
    // Only the party's own address (symmetric RTP): a stray sender cannot inject audio.
    if (address !== remote.address) return;
    let packet: ReturnType<typeof decodeRtpPacket>;
    try {
      packet = decodeRtpPacket(bytes);
    } catch (err) {
      if (err instanceof RtpPacketError) this.stats.malformedIn++;
      return;
    }
    this.stats.packetsIn++;
    const arrival = performance.now();
    if (packet.payloadType === remote.telephoneEventPayloadType) {
      try {
        const digit = this.dtmf.push(packet);
        if (digit !== null) this.onDigit?.(digit);
      } catch (err) {
        if (err instanceof TelephoneEventError) this.stats.malformedIn++;
      }
      return;
    }
    if (packet.payloadType !== remote.payloadType) return;
    if (port !== remote.port && !this.latched) {
      // A phone behind NAT sends its voice from another port than its SDP says: answer there
      // (comedia), once, so a second stream (DTMF from another socket) cannot pull us away.
      this.remote = { ...remote, port };
    }
    this.latched = true;
    if (this.lastSequenceIn !== undefined) {
      const gap = (packet.sequenceNumber - this.lastSequenceIn - 1 + 0x10000) % 0x10000;
      if (gap > 0 && gap < 1000) this.stats.lostIn += gap;
    }
    this.lastSequenceIn = packet.sequenceNumber;
    this.onAudio?.(decodeG711(remote.codec, packet.payload), arrival);
  }
}

/** What every leg on a media clock has sent and received, closed legs included. */
export interface MediaTotals {
  legs: number;
  packetsIn: number;
  packetsOut: number;
  malformedIn: number;
  lostIn: number;
  skippedOut: number;
  /** How late each packet went out against its leg's 20 ms schedule. */
  lateness: LatenessStats;
}

/**
 * One timer for every leg of this process: each tick sends whatever frames are due on each
 * leg. 5 ms granularity keeps a frame's lateness well under the 20 ms the benchmark allows.
 * A leg leaves the clock when it is removed or found closed; its counters are kept in the
 * clock's totals.
 */
export class MediaClock {
  private readonly legs = new Set<RtpLeg>();
  private timer: NodeJS.Timeout | undefined;
  private readonly retired: MediaTotals = emptyTotals();

  add(leg: RtpLeg): void {
    this.legs.add(leg);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), 5);
    }
  }

  remove(leg: RtpLeg): void {
    if (this.legs.delete(leg)) this.retire(leg);
    if (this.legs.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const leg of this.legs) this.retire(leg);
    this.legs.clear();
  }

  /** Counters of every leg this clock has carried (a copy: read-only for the caller). */
  totals(): MediaTotals {
    const totals = emptyTotals();
    for (const leg of [this.retired, ...[...this.legs].map((l) => ({ ...l.stats, legs: 1 }))])
      addTotals(totals, leg);
    return totals;
  }

  private retire(leg: RtpLeg): void {
    addTotals(this.retired, { ...leg.stats, legs: 1 });
  }

  private tick(): void {
    for (const leg of this.legs) {
      // A leg closed without being removed (its call ended) leaves here.
      if (leg.isClosed) {
        this.remove(leg);
        continue;
      }
      // Each leg's own reading: a late leg in a long pass is measured as late as it is.
      leg.tick(performance.now());
    }
  }
}

function emptyTotals(): MediaTotals {
  return {
    legs: 0,
    packetsIn: 0,
    packetsOut: 0,
    malformedIn: 0,
    lostIn: 0,
    skippedOut: 0,
    lateness: new LatenessStats(),
  };
}

function addTotals(into: MediaTotals, from: MediaTotals): void {
  into.legs += from.legs;
  into.packetsIn += from.packetsIn;
  into.packetsOut += from.packetsOut;
  into.malformedIn += from.malformedIn;
  into.lostIn += from.lostIn;
  into.skippedOut += from.skippedOut;
  into.lateness.merge(from.lateness);
}
