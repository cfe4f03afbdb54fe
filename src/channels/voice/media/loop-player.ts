/**
 * Plays a sound in a loop, one frame at a time: music on hold, or a ringback tone. Several
 * callers on hold can share one pre-encoded loop (G.711 bytes) and each keep a player of
 * their own, which is only a position.
 *
 * @example
 * const player = new LoopPlayer(encodeG711('PCMU', holdMusic()), 160);
 * const payload = player.next(); // 160 bytes, every 20 ms
 */
export class LoopPlayer<T extends Int16Array | Uint8Array> {
  private position = 0;

  constructor(
    private readonly sound: T,
    private readonly frameLength = 160,
    startAt = 0,
  ) {
    if (sound.length === 0) throw new RangeError('cannot loop an empty sound');
    if (!(frameLength > 0)) throw new RangeError('frame length must be positive');
    this.position = ((startAt % sound.length) + sound.length) % sound.length;
  }

  /** The next frame; a view on the sound when it does not cross the loop point. */
  next(): T {
    const end = this.position + this.frameLength;
    if (end <= this.sound.length) {
      const frame = this.sound.subarray(this.position, end) as T;
      this.position = end % this.sound.length;
      return frame;
    }
    const frame = (
      this.sound instanceof Int16Array ? new Int16Array(this.frameLength) : new Uint8Array(this.frameLength)
    ) as T;
    for (let i = 0; i < this.frameLength; i++) {
      frame[i] = this.sound[this.position]!;
      this.position = (this.position + 1) % this.sound.length;
    }
    return frame;
  }
}
