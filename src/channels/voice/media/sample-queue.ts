/**
 * A FIFO of 16-bit samples held as the chunks they arrived in, so appending a frame never
 * copies what is already queued and taking from the front copies only what is taken.
 */
export class SampleQueue {
  private chunks: Int16Array[] = [];
  private head = 0; // samples already taken from chunks[0]
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(samples: Int16Array): void {
    if (samples.length > 0) {
      this.chunks.push(samples);
      this.size += samples.length;
    }
  }

  pushSilence(count: number): void {
    if (count > 0) this.push(new Int16Array(count));
  }

  /** Removes and returns the first `count` samples (fewer if fewer are queued). */
  take(count: number): Int16Array {
    const out = new Int16Array(Math.min(count, this.size));
    let filled = 0;
    while (filled < out.length) {
      const chunk = this.chunks[0]!;
      const n = Math.min(chunk.length - this.head, out.length - filled);
      out.set(chunk.subarray(this.head, this.head + n), filled);
      filled += n;
      this.head += n;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.size -= out.length;
    return out;
  }
}
