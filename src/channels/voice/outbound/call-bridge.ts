/**
 * Two legs that hear each other through the edge, both sides recorded on one clock: the
 * customer on the left, the agent on the right (RecordingWriter's 'caller' and 'agent').
 * The same approach as the inbound call's bridge (edge/inbound-call.ts), as a module any
 * call can use.
 *
 * @example
 * const recorder = CallRecorder.open(recordingsDir, tenantId, callRecordId, log);
 * bridgeLegs(customerRtp, agentRtp, recorder);
 * // … at hang-up:
 * await recorder?.finish(db);
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../../kernel/db/schema.ts';
import { withTenant } from '../../../kernel/db/tenant-scope.ts';
import { FrameRelay } from '../edge/players.ts';
import type { RtpLeg } from '../edge/rtp-leg.ts';
import { type RecordingLeg, RecordingWriter } from '../media/recording-writer.ts';
import { insertRecording, updateCall } from '../voice-call.store.ts';

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

export class CallRecorder {
  private bytes: number;
  private readonly flush: NodeJS.Timeout;
  private done = false;

  private constructor(
    private readonly writer: RecordingWriter,
    private readonly fd: number,
    readonly file: string,
    private readonly tenantId: string,
    private readonly callRecordId: string,
    private readonly log: Log,
  ) {
    const header = writer.header();
    fs.writeSync(fd, header);
    this.bytes = header.length;
    this.flush = setInterval(() => this.drain(), 1000);
    this.flush.unref();
  }

  /** A WAV at `<dir>/<tenant>/<call>.wav`; undefined (logged) when the file cannot be made. */
  static open(dir: string, tenantId: string, callRecordId: string, log: Log): CallRecorder | undefined {
    try {
      fs.mkdirSync(path.join(dir, tenantId), { recursive: true });
      const file = path.join(tenantId, `${callRecordId}.wav`);
      const fd = fs.openSync(path.join(dir, file), 'w');
      return new CallRecorder(
        new RecordingWriter({ startMs: performance.now() }),
        fd,
        file,
        tenantId,
        callRecordId,
        log,
      );
    } catch (err) {
      log('error', `voice: cannot record call ${callRecordId}: ${String(err)}`);
      return undefined;
    }
  }

  push(leg: RecordingLeg, at: number, pcm: Int16Array): void {
    if (!this.done) this.writer.push(leg, at, pcm);
  }

  /** Closes the file and attaches the recording to the call record. */
  async finish(db: Kysely<DB>): Promise<void> {
    if (this.done) return;
    this.done = true;
    clearInterval(this.flush);
    const { tail, header, durationMs } = this.writer.finalize();
    const pending = this.writer.drain(performance.now());
    fs.writeSync(this.fd, pending);
    fs.writeSync(this.fd, tail);
    fs.writeSync(this.fd, header, 0, header.length, 0);
    fs.closeSync(this.fd);
    const bytes = this.bytes + pending.length + tail.length;
    await withTenant(db, this.tenantId, async (tx) => {
      const id = await insertRecording(tx, { tenantId: this.tenantId, file: this.file, bytes, durationMs });
      await updateCall(tx, this.callRecordId, { recording_id: id });
    }).catch((err: unknown) =>
      this.log('error', `voice: recording of ${this.callRecordId} not saved: ${String(err)}`),
    );
  }

  private drain(): void {
    if (this.done) return;
    const chunk = this.writer.drain(performance.now());
    if (chunk.length === 0) return;
    fs.writeSync(this.fd, chunk);
    this.bytes += chunk.length;
  }
}

/** Each party hears the other from now on; both go into `recorder` when there is one. */
export function bridgeLegs(customer: RtpLeg, agent: RtpLeg, recorder: CallRecorder | undefined): void {
  const toAgent = new FrameRelay();
  const toCustomer = new FrameRelay();
  customer.source = toCustomer.frame;
  agent.source = toAgent.frame;
  customer.onAudio = (pcm, at) => {
    toAgent.push(pcm);
    recorder?.push('caller', at, pcm);
  };
  agent.onAudio = (pcm, at) => {
    toCustomer.push(pcm);
    recorder?.push('agent', at, pcm);
  };
}
