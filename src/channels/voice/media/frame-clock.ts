/**
 * Pacing for a sender of fixed-length frames (20 ms of audio per RTP packet). Node's timers
 * fire late, and by varying amounts under load, so a sender must not count ticks: it asks
 * which frames are due by the clock since the stream started, sends all of them, and
 * records how late each one went out. Frame `i` is due at `startMs + i * frameMs`.
 *
 * @example
 * const clock = new FrameClock({ startMs: performance.now() });
 * // on every timer tick:
 * const { first, count, lateMs } = clock.due(performance.now());
 * for (let i = 0; i < count; i++) send(first + i);
 * stats.record(lateMs[0]);
 */

export const FRAME_MS = 20;

/** When frame `index` should be sent. */
export function frameDueAt(startMs: number, index: number, frameMs = FRAME_MS): number {
  return startMs + index * frameMs;
}

/** The highest frame index whose time has come at `nowMs` (-1 before the start). */
export function lastDueFrame(startMs: number, nowMs: number, frameMs = FRAME_MS): number {
  return Math.floor((nowMs - startMs) / frameMs + 1e-9);
}

/** How late frame `index` is if sent at `sentAtMs` (negative when early). */
export function frameLateness(startMs: number, index: number, sentAtMs: number, frameMs = FRAME_MS): number {
  return sentAtMs - frameDueAt(startMs, index, frameMs);
}

export interface FrameClockOptions {
  startMs: number;
  frameMs?: number;
  /**
   * Frames further behind than this are skipped instead of sent in a burst: after a long
   * stall (a GC pause, an overloaded event loop) the far end has already played out its
   * jitter buffer, so old audio only adds delay.
   */
  maxBacklogFrames?: number;
}

export interface DueFrames {
  /** Index of the first frame to send now. */
  first: number;
  /** Frames to send now, `first` .. `first + count - 1`. */
  count: number;
  /** Frames given up on because they were too far behind. */
  skipped: number;
  /** How late each frame to send is, in ms. */
  lateMs: number[];
}

export class FrameClock {
  readonly startMs: number;
  readonly frameMs: number;
  private readonly maxBacklog: number;
  private next = 0;

  constructor({ startMs, frameMs = FRAME_MS, maxBacklogFrames = 10 }: FrameClockOptions) {
    this.startMs = startMs;
    this.frameMs = frameMs;
    this.maxBacklog = maxBacklogFrames;
  }

  /** The frames due at `nowMs` not yet handed out; each is handed out once. */
  due(nowMs: number): DueFrames {
    const last = lastDueFrame(this.startMs, nowMs, this.frameMs);
    let first = this.next;
    let skipped = 0;
    if (last - first + 1 > this.maxBacklog) {
      skipped = last - this.maxBacklog + 1 - first;
      first += skipped;
    }
    const count = Math.max(0, last - first + 1);
    const lateMs: number[] = [];
    for (let i = 0; i < count; i++) lateMs.push(frameLateness(this.startMs, first + i, nowMs, this.frameMs));
    this.next = first + count;
    return { first, count, skipped, lateMs };
  }

  /** Milliseconds from `nowMs` until the next frame is due (0 if one is due already). */
  msUntilNext(nowMs: number): number {
    return Math.max(0, frameDueAt(this.startMs, this.next, this.frameMs) - nowMs);
  }
}

/**
 * Percentiles of lateness in constant memory: a histogram of 0.1 ms buckets up to one
 * second (anything later lands in the last bucket), so a benchmark can record every packet
 * of every call.
 */
export class LatenessStats {
  private static readonly BUCKET_MS = 0.1;
  private readonly buckets = new Uint32Array(10_001);
  private total = 0;
  private worst = 0;

  record(lateMs: number): void {
    const late = Math.max(0, lateMs);
    const bucket = Math.min(this.buckets.length - 1, Math.floor(late / LatenessStats.BUCKET_MS));
    this.buckets[bucket]!++;
    this.total++;
    if (late > this.worst) this.worst = late;
  }

  get count(): number {
    return this.total;
  }

  get maxMs(): number {
    return this.worst;
  }

  /** The lateness `p` (0..1) of packets were at or under, to the bucket's upper edge. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.ceil(p * this.total);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) {
        // The last bucket holds everything past one second; its true value is only the worst.
        return i === this.buckets.length - 1
          ? this.worst
          : Math.min(this.worst, (i + 1) * LatenessStats.BUCKET_MS);
      }
    }
    return this.worst;
  }

  merge(other: LatenessStats): void {
    for (let i = 0; i < this.buckets.length; i++) this.buckets[i]! += other.buckets[i]!;
    this.total += other.total;
    this.worst = Math.max(this.worst, other.worst);
  }
}
