/**
 * Plays sounds one after another as fixed-length frames, for an IVR saying a sentence made
 * of prompts ("您前面还有" + "3" + "位客户在等待"): frames run across the joins without gaps,
 * and the last frame is padded with silence (the G.711 silence byte when playing encoded
 * audio, since 0 is a loud click in μ-law). `next()` returns null once everything was played.
 *
 * @example
 * const seq = new FrameSequence([before, three, after], 160, G711_SILENCE.PCMU);
 * for (let f = seq.next(); f; f = seq.next()) send(f);
 */
export class FrameSequence<T extends Int16Array | Uint8Array> {
  private part = 0;
  private offset = 0;

  constructor(
    private readonly parts: readonly T[],
    private readonly frameLength = 160,
    private readonly silence = 0,
  ) {
    if (!(frameLength > 0)) throw new RangeError('frame length must be positive');
  }

  get done(): boolean {
    this.skipEmpty();
    return this.part >= this.parts.length;
  }

  next(): T | null {
    if (this.done) return null;
    const first = this.parts[this.part]!;
    if (this.offset + this.frameLength <= first.length) {
      const frame = first.subarray(this.offset, this.offset + this.frameLength) as T;
      this.offset += this.frameLength;
      return frame;
    }
    const frame = (
      first instanceof Int16Array ? new Int16Array(this.frameLength) : new Uint8Array(this.frameLength)
    ) as T;
    let filled = 0;
    while (filled < this.frameLength && !this.done) {
      const part = this.parts[this.part]!;
      const n = Math.min(part.length - this.offset, this.frameLength - filled);
      frame.set(part.subarray(this.offset, this.offset + n), filled);
      filled += n;
      this.offset += n;
    }
    frame.fill(this.silence, filled);
    return frame;
  }

  private skipEmpty(): void {
    while (this.part < this.parts.length && this.offset >= this.parts[this.part]!.length) {
      this.part++;
      this.offset = 0;
    }
  }
}
