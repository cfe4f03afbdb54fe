import { SampleQueue } from './sample-queue.ts';
import { TELEPHONE_SAMPLE_RATE, WAV_HEADER_BYTES, wavHeader } from './wav.ts';

/**
 * Builds a call recording with both sides on one timeline: a stereo 16-bit WAV, caller on
 * the left and agent on the right. Frames come in per leg, stamped with when they arrived;
 * packets lost, a phone that stops sending on hold, or a leg that joins late would each
 * slide one side against the other if frames were simply appended, so each frame is placed
 * by its arrival time on the call's clock: a leg that falls behind by more than the jitter
 * tolerance gets silence up to the frame's slot, and a leg running far ahead (a sender
 * faster than real time) drops frames rather than drift.
 *
 * Nothing here touches a file. The caller streams: write {@link header} first, append what
 * {@link drain} returns every second or so (memory stays at a few hundred ms per call),
 * and at the end append `tail` from {@link finalize} and write its `header` over offset 0.
 *
 * @example
 * const rec = new RecordingWriter({ startMs: Date.now() });
 * rec.push('caller', Date.now(), pcm160);
 * await file.write(rec.drain(Date.now()));
 */

export type RecordingLeg = 'caller' | 'agent';

export interface RecordingWriterOptions {
  /** Time zero of the recording on the same clock as the arrival times (ms). */
  startMs: number;
  sampleRate?: number;
  /** A frame arriving up to this late after the leg's last frame ended still follows it directly. */
  jitterToleranceMs?: number;
  /** A leg more than this far ahead of its frames' arrival times drops the frame. */
  maxLeadMs?: number;
  /** How long `drain` waits for a quiet leg's late frames before writing silence for it. */
  holdbackMs?: number;
}

export interface RecordingStats {
  /** Silence inserted for each leg, in ms (gaps, hold, a leg that joined late). */
  silenceMs: Record<RecordingLeg, number>;
  droppedFrames: Record<RecordingLeg, number>;
}

export const RECORDING_CHANNELS = 2;
/** A WAV's 32-bit size fields cap a stereo 8 kHz recording at about 37 hours. */
const MAX_DATA_BYTES = 0xffffffff - WAV_HEADER_BYTES;

export class RecordingWriter {
  readonly sampleRate: number;
  private readonly startMs: number;
  private readonly tolerance: number;
  private readonly maxLead: number;
  private readonly holdback: number;
  private readonly legs: Record<RecordingLeg, SampleQueue> = {
    caller: new SampleQueue(),
    agent: new SampleQueue(),
  };
  /** Samples per leg already returned by drain; both legs advance together. */
  private emitted = 0;
  private finalized = false;
  private readonly silence: Record<RecordingLeg, number> = { caller: 0, agent: 0 };
  private readonly dropped: Record<RecordingLeg, number> = { caller: 0, agent: 0 };

  constructor({
    startMs,
    sampleRate = TELEPHONE_SAMPLE_RATE,
    jitterToleranceMs = 60,
    maxLeadMs = 200,
    holdbackMs = 300,
  }: RecordingWriterOptions) {
    this.startMs = startMs;
    this.sampleRate = sampleRate;
    this.tolerance = this.samples(jitterToleranceMs);
    this.maxLead = this.samples(maxLeadMs);
    this.holdback = this.samples(holdbackMs);
  }

  /** The header to write first; its sizes say "to the end of the file" until finalize. */
  header(): Uint8Array {
    return wavHeader(null, this.sampleRate, RECORDING_CHANNELS);
  }

  /**
   * Adds one decoded frame of `leg` that arrived at `arrivalMs` (it ends at that moment).
   * The writer keeps `pcm` until drained rather than copying it: do not reuse the array.
   */
  push(leg: RecordingLeg, arrivalMs: number, pcm: Int16Array): void {
    if (this.finalized) throw new Error('the recording is finalized');
    if (pcm.length === 0) return;
    const queue = this.legs[leg];
    const position = this.emitted + queue.length;
    const slot = this.samples(arrivalMs - this.startMs) - pcm.length;
    if (slot > position + this.tolerance) {
      // Whole frames: lost packets leave whole frames missing, and rounding keeps the
      // arrival jitter of the frame after the gap out of the timeline.
      const gap = Math.round((slot - position) / pcm.length) * pcm.length;
      queue.pushSilence(gap);
      this.silence[leg] += gap;
    } else if (position - slot > this.maxLead) {
      this.dropped[leg]++;
      return;
    }
    queue.push(pcm);
  }

  /**
   * The stereo PCM (little-endian bytes) both legs have covered, to append to the file.
   * A leg that has sent nothing for longer than the holdback is given silence up to then,
   * so one quiet side (hold, mute, one-way audio) does not make the other pile up in memory.
   */
  drain(nowMs: number): Uint8Array {
    const horizon = this.samples(nowMs - this.startMs) - this.holdback;
    for (const leg of ['caller', 'agent'] as const) {
      const position = this.emitted + this.legs[leg].length;
      if (horizon > position) {
        this.legs[leg].pushSilence(horizon - position);
        this.silence[leg] += horizon - position;
      }
    }
    return this.take(Math.min(this.legs.caller.length, this.legs.agent.length));
  }

  /**
   * Ends the recording: pads the shorter leg with silence, returns the last PCM to append
   * and the exact header to write over the first 44 bytes.
   */
  finalize(): { tail: Uint8Array; header: Uint8Array; durationMs: number } {
    if (this.finalized) throw new Error('the recording is finalized');
    this.finalized = true;
    const longest = Math.max(this.legs.caller.length, this.legs.agent.length);
    for (const leg of ['caller', 'agent'] as const) {
      const short = longest - this.legs[leg].length;
      this.legs[leg].pushSilence(short);
      this.silence[leg] += short;
    }
    const tail = this.take(longest);
    const dataBytes = Math.min(this.emitted * RECORDING_CHANNELS * 2, MAX_DATA_BYTES);
    return {
      tail,
      header: wavHeader(dataBytes, this.sampleRate, RECORDING_CHANNELS),
      durationMs: Math.round((this.emitted * 1000) / this.sampleRate),
    };
  }

  get stats(): RecordingStats {
    const ms = (samples: number) => Math.round((samples * 1000) / this.sampleRate);
    return {
      silenceMs: { caller: ms(this.silence.caller), agent: ms(this.silence.agent) },
      droppedFrames: { ...this.dropped },
    };
  }

  private take(count: number): Uint8Array {
    const left = this.legs.caller.take(count);
    const right = this.legs.agent.take(count);
    const bytes = new Uint8Array(count * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < count; i++) {
      view.setInt16(i * 4, left[i]!, true);
      view.setInt16(i * 4 + 2, right[i]!, true);
    }
    this.emitted += count;
    return bytes;
  }

  private samples(ms: number): number {
    return Math.round((ms * this.sampleRate) / 1000);
  }
}
