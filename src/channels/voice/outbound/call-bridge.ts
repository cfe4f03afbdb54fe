/**
 * Two legs that hear each other through the edge, both sides recorded on one clock: the
 * customer on the left, the agent on the right (RecordingWriter's 'caller' and 'agent').
 * An outbound call's two legs (the inbound call wires its own, for hold and transfer: see
 * edge/line-plan.ts); the file is edge/recording-files.ts's, as for every call.
 *
 * @example
 * const recorder = CallRecorder.open(recordingsDir, tenantId, callRecordId, log);
 * bridgeLegs(customerRtp, agentRtp, recorder);
 * // … at hang-up:
 * await recorder?.finish(db);
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../../kernel/db/schema.ts';
import { withTenant } from '../../../kernel/db/tenant-scope.ts';
import { FrameRelay } from '../edge/players.ts';
import { StereoCallRecording } from '../edge/recording-files.ts';
import type { RtpLeg } from '../edge/rtp-leg.ts';
import type { RecordingLeg } from '../media/recording-writer.ts';
import { insertRecording, updateCall } from '../voice-call.store.ts';

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

/** The call's stereo recording (edge/recording-files.ts), attached to its call record at the end. */
export class CallRecorder {
  private done = false;

  private constructor(
    private readonly recording: StereoCallRecording,
    private readonly tenantId: string,
    private readonly callRecordId: string,
    private readonly log: Log,
  ) {}

  /** A WAV at `<dir>/<tenant>/<call>.wav`; undefined (logged) when the file cannot be made. */
  static open(dir: string, tenantId: string, callRecordId: string, log: Log): CallRecorder | undefined {
    try {
      const recording = new StereoCallRecording(dir, path.join(tenantId, `${callRecordId}.wav`));
      return new CallRecorder(recording, tenantId, callRecordId, log);
    } catch (err) {
      log('error', `voice: cannot record call ${callRecordId}: ${String(err)}`);
      return undefined;
    }
  }

  push(leg: RecordingLeg, at: number, pcm: Int16Array): void {
    if (!this.done) this.recording.push(leg, at, pcm);
  }

  /** Closes the file and attaches the recording to the call record; a disk error is logged, never thrown. */
  async finish(db: Kysely<DB>): Promise<void> {
    if (this.done) return;
    this.done = true;
    let saved: ReturnType<StereoCallRecording['finish']>;
    try {
      saved = this.recording.finish();
    } catch (err) {
      this.log('error', `voice: recording of ${this.callRecordId} could not be closed: ${String(err)}`);
      return;
    }
    await withTenant(db, this.tenantId, async (tx) => {
      const id = await insertRecording(tx, { tenantId: this.tenantId, ...saved });
      await updateCall(tx, this.callRecordId, { recording_id: id });
    }).catch((err: unknown) =>
      this.log('error', `voice: recording of ${this.callRecordId} not saved: ${String(err)}`),
    );
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
