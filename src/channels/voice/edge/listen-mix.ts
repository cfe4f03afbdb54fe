/**
 * What a supervisor listening in hears: the caller's and the agent's audio summed into one
 * 20 ms frame. Each side is a bounded queue (as FrameRelay), so a stalled side adds no delay
 * to the other; a side with nothing queued is silence.
 */
import { FRAME_SAMPLES, type FrameSource } from './rtp-leg.ts';

export type MixSide = 'caller' | 'agent';

export class MixRelay {
  private readonly queues: Record<MixSide, Int16Array[]> = { caller: [], agent: [] };

  constructor(private readonly maxFrames = 10) {}

  push(side: MixSide, pcm: Int16Array): void {
    const queue = this.queues[side];
    queue.push(pcm);
    while (queue.length > this.maxFrames) queue.shift();
  }

  readonly frame: FrameSource = () => {
    const a = this.queues.caller.shift();
    const b = this.queues.agent.shift();
    if (!a || !b) return a ?? b ?? null;
    const out = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      // Saturate rather than wrap: two loud voices clip instead of turning into noise.
      const sum = (a[i] ?? 0) + (b[i] ?? 0);
      out[i] = Math.max(-32768, Math.min(32767, sum));
    }
    return out;
  };
}
