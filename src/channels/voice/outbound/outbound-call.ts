/**
 * One outbound call, agent's phone first (click to call): the agent's registered phone rings
 * showing the customer's number (edge/agent-leg.ts); once the agent answers, the customer's
 * number is dialled through the trunk with the tenant's caller ID (trunk-leg.ts) while the
 * agent hears ringback (or the network's early media); when the customer answers, the two
 * hear each other and both sides are recorded (call-bridge.ts). A busy or unanswered
 * customer gets the agent a short busy tone, then the edge hangs up the agent's phone.
 *
 * The interaction starts when the customer is dialled: it is active in the agent's hands at
 * once (routing/interaction-outbound.ts) and ends with their wrap-up, on the customer's
 * timeline. A call the agent never picked up stays in the call records only.
 */
import type { Kysely } from 'kysely';
import type { SipTrunk } from '../../../kernel/config.ts';
import type { DB } from '../../../kernel/db/schema.ts';
import { type TenantTx, withTenant } from '../../../kernel/db/tenant-scope.ts';
import { addMessage } from '../../../routing/interaction.service.ts';
import { findInteraction } from '../../../routing/interaction.store.ts';
import { startOutboundInteraction } from '../../../routing/interaction-outbound.ts';
import { AgentLeg, type EdgeAddress } from '../edge/agent-leg.ts';
import { FrameRelay, HoldSource, playlist } from '../edge/players.ts';
import type { MediaClock, PortPool, RtpLeg } from '../edge/rtp-leg.ts';
import type { SipTransactions } from '../edge/sip-transactions.ts';
import { addCallEvent, type PhoneBinding, updateCall } from '../voice-call.store.ts';
import { bridgeLegs, CallRecorder } from './call-bridge.ts';
import { REFUSAL_NOTES, refusalOf } from './outbound-dial.ts';
import { busyTone, ringbackSource } from './outbound-tones.ts';
import { TrunkLeg } from './trunk-leg.ts';

/** What the API decided and wrote before the phone rings (outbound-call.service.ts). */
export interface OutboundPlan {
  tenantId: string;
  callRecordId: string;
  agentId: string;
  /** Who asked for the call (the agent, or a supervisor for them). */
  requestedBy: string;
  phone: PhoneBinding;
  /** The customer's number, E.164. */
  number: string;
  callerId: string;
  customerId: string | null;
  customerName: string | null;
  /** The queue the interaction counts in. */
  queueId: string;
}

export interface OutboundContext {
  db: Kysely<DB>;
  sip: SipTransactions;
  edge: EdgeAddress;
  ports: PortPool;
  clock: MediaClock;
  trunk: SipTrunk;
  recordingsDir: string;
  offerTimeoutSeconds: number;
  /** How long the agent's phone and then the customer's may ring. */
  agentRingSeconds: number;
  customerRingSeconds: number;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Tells the dialer which SIP Call-ID belongs to this call (BYEs arrive by Call-ID). */
  track(call: OutboundCall, sipCallId: string): void;
  forget(call: OutboundCall): void;
  /**
   * Follows the tenant's realtime feed while the call has an interaction (the edge's, as for
   * inbound calls): a hang-up or hold asked for on any server instance reaches this one.
   */
  follow(tenantId: string): Promise<void>;
  unfollow(tenantId: string): void;
}

type Stage = 'ringing_agent' | 'dialling' | 'bridged' | 'ending' | 'ended';

export class OutboundCall {
  stage: Stage = 'ringing_agent';
  interactionId: string | undefined;
  private agent: AgentLeg | undefined;
  private trunk: TrunkLeg | undefined;
  private recorder: CallRecorder | undefined;
  private timer: NodeJS.Timeout | undefined;
  private customerRinging = false;
  /** Why the customer's side did not answer, while the agent hears the busy tone. */
  private refused: { reason: string; note: string } | undefined;
  private following = false;
  private held = false;
  private music: HoldSource | undefined;

  constructor(
    private readonly ctx: OutboundContext,
    readonly plan: OutboundPlan,
  ) {}

  get id(): string {
    return this.plan.callRecordId;
  }

  /** Rings the agent's phone; the customer's number shows as the caller. */
  async start(): Promise<void> {
    const leg = new AgentLeg(this.plan.agentId, this.id, this.plan.phone, this.ctx.sip, this.ctx.edge, {
      ringing: () => void this.record('ringing', {}, this.plan.agentId),
      answered: () => void this.agentAnswered(),
      failed: (_, status) => void this.agentFailed(status),
      hungUp: () => void this.agentHungUp(),
    });
    this.agent = leg;
    this.ctx.track(this, leg.callId);
    await this.record('offered', {}, this.plan.agentId, { offered_at: new Date(), sip_call_id: leg.callId });
    this.timer = later(this.ctx.agentRingSeconds, () => this.agent?.cancel());
    try {
      await leg.ring(this.ctx.ports, this.ctx.clock, {
        number: this.plan.number,
        name: this.plan.customerName,
      });
    } catch (err) {
      await this.finish('system', `could not ring the agent's phone: ${String(err)}`);
      throw err;
    }
  }

  /** A BYE arrived on one of this call's legs; false when the Call-ID is not ours. */
  hungUpBy(sipCallId: string): boolean {
    if (this.agent?.callId === sipCallId) {
      this.agent.remoteHangUp();
      return true;
    }
    if (this.trunk?.callId === sipCallId) {
      this.trunk.remoteHangUp();
      return true;
    }
    return false;
  }

  /** Hung up from the desktop (`voice.hangup_requested`): by the agent, or a supervisor. */
  async hangUpFromDesktop(by: 'agent' | 'system'): Promise<void> {
    if (this.stage === 'ended') return;
    this.agent?.hangUp();
    this.trunk?.hangUp();
    await this.finish(
      by,
      by === 'agent' ? 'agent hung up on the desktop' : 'ended by a supervisor',
      by === 'agent' ? '坐席已挂机 · The agent hung up' : '班长结束了通话 · A supervisor ended the call',
    );
  }

  /** Hold (the customer hears music, the agent silence) or resume, from the desktop. */
  async setHeld(held: boolean, by: string | null): Promise<void> {
    if (this.stage !== 'bridged' || this.held === held) return;
    this.held = held;
    this.wire();
    await this.record(held ? 'held' : 'resumed', by ? { by } : {}, this.plan.agentId);
  }

  /** The server is stopping: both legs are hung up. */
  async hangUp(reason: string): Promise<void> {
    if (this.stage === 'ended') return;
    this.agent?.hangUp();
    this.trunk?.hangUp();
    await this.finish('system', reason);
  }

  // ── the agent's leg ───────────────────────────────────────────────────────

  private async agentAnswered(): Promise<void> {
    if (this.stage !== 'ringing_agent' || !this.agent?.rtp) return;
    clearTimeout(this.timer);
    this.stage = 'dialling';
    this.agent.rtp.source = ringbackSource();
    await this.record('agent_answered', {}, this.plan.agentId);
    await this.dialCustomer(this.agent.rtp);
  }

  private async agentFailed(status: number): Promise<void> {
    if (this.stage !== 'ringing_agent') return;
    await this.record('no_answer', { status, leg: 'agent' }, this.plan.agentId);
    // 486, 603: the agent refused their own call; otherwise the phone did not answer in time.
    const refused = status === 486 || status === 603;
    await this.finish(
      refused ? 'agent' : 'system',
      refused ? 'agent declined' : `agent phone answered ${status}`,
    );
  }

  private async agentHungUp(): Promise<void> {
    if (this.stage === 'ended') return;
    if (this.stage === 'ending' && this.refused) {
      // Hung up during the busy tone: the tone's end will not come (the agent's media is closed).
      await this.finish('system', this.refused.reason, this.refused.note);
      return;
    }
    this.trunk?.hangUp();
    const reason = this.stage === 'bridged' ? 'agent hung up' : 'agent hung up before the customer answered';
    await this.finish(
      'agent',
      reason,
      this.stage === 'bridged' ? '坐席已挂机 · The agent hung up' : undefined,
    );
  }

  // ── the customer's leg ────────────────────────────────────────────────────

  private async dialCustomer(agentRtp: RtpLeg): Promise<void> {
    const { plan } = this;
    const interactionId = await withTenant(this.ctx.db, plan.tenantId, async (tx) => {
      const row = await startOutboundInteraction(this.scope(tx), {
        channel: 'voice',
        queueId: plan.queueId,
        agentId: plan.agentId,
        createdBy: plan.requestedBy,
        customerId: plan.customerId,
        contact: { phone: plan.number, name: plan.customerName },
        subject: null,
      });
      await updateCall(tx, plan.callRecordId, { interaction_id: row.id });
      return row.id;
    }).catch((err: unknown) => {
      // The call still goes through; only the desktop and the timeline miss it.
      this.ctx.log('error', `voice: no interaction for outbound call ${this.id}: ${String(err)}`);
      return undefined;
    });
    this.interactionId = interactionId;
    if (interactionId) {
      this.following = await this.ctx.follow(plan.tenantId).then(
        () => true,
        (err: unknown) => {
          this.ctx.log('warn', `voice: outbound call ${this.id} not following the feed: ${String(err)}`);
          return false;
        },
      );
    }
    if (this.stage !== 'dialling') return;
    const trunk = new TrunkLeg(this.ctx.trunk, this.ctx.sip, this.ctx.edge, {
      ringing: (early) => void this.customerRings(early, agentRtp),
      answered: () => void this.customerAnswered(),
      failed: (status) => void this.customerFailed(status, agentRtp),
      hungUp: () => void this.customerHungUp(),
    });
    this.trunk = trunk;
    this.ctx.track(this, trunk.callId);
    await this.record('dialling', { number: plan.number, callerId: plan.callerId, sipCallId: trunk.callId });
    // Unanswered in time: stop dialling (the CANCEL's 487 is not reported once we gave up).
    this.timer = later(this.ctx.customerRingSeconds, () => {
      trunk.hangUp();
      void this.customerFailed(408, agentRtp);
    });
    try {
      await trunk.dial(this.ctx.ports, this.ctx.clock, plan.number, plan.callerId);
    } catch (err) {
      this.ctx.log('error', `voice: cannot dial for call ${this.id}: ${String(err)}`);
      await this.customerFailed(503, agentRtp);
    }
  }

  private async customerRings(early: boolean, agentRtp: RtpLeg): Promise<void> {
    if (this.stage !== 'dialling') return;
    if (early && this.trunk?.rtp) {
      // The network's own ringback or announcement replaces ours.
      const relay = new FrameRelay();
      this.trunk.rtp.onAudio = (pcm) => relay.push(pcm);
      agentRtp.source = relay.frame;
    }
    if (this.customerRinging) return;
    this.customerRinging = true;
    await this.record('customer_ringing', { earlyMedia: early });
  }

  private async customerAnswered(): Promise<void> {
    if (this.stage !== 'dialling' || !this.trunk?.rtp) {
      this.trunk?.hangUp();
      return;
    }
    clearTimeout(this.timer);
    this.stage = 'bridged';
    this.recorder = CallRecorder.open(this.ctx.recordingsDir, this.plan.tenantId, this.id, this.ctx.log);
    this.wire();
    await this.record('answered', {}, this.plan.agentId, { answered_at: new Date() });
  }

  /** The two parties hear each other, or, on hold, the customer music and the agent nothing. */
  private wire(): void {
    const customer = this.trunk?.rtp;
    const agent = this.agent?.rtp;
    if (!customer || !agent) return;
    if (!this.held) {
      bridgeLegs(customer, agent, this.recorder);
      return;
    }
    this.music ??= new HoldSource();
    customer.source = this.music.frame;
    agent.source = null;
    customer.onAudio = (pcm, at) => this.recorder?.push('caller', at, pcm);
    agent.onAudio = (pcm, at) => this.recorder?.push('agent', at, pcm);
  }

  /** Busy, no answer, refused: the agent hears the busy tone, then the edge hangs up their phone. */
  private async customerFailed(status: number, agentRtp: RtpLeg): Promise<void> {
    if (this.stage !== 'dialling') return;
    clearTimeout(this.timer);
    this.stage = 'ending';
    const refusal = refusalOf(status);
    const refused = {
      reason: `customer ${refusal.replace('_', ' ')} (${status})`,
      note: REFUSAL_NOTES[refusal],
    };
    this.refused = refused;
    await this.record('no_answer', { status, leg: 'customer', reason: refusal });
    agentRtp.onAudio = undefined;
    // After the tone, outside the media clock's tick that plays its last frame (which must
    // not find its socket closed under it).
    agentRtp.source = playlist([busyTone()], () =>
      setImmediate(() => {
        this.agent?.hangUp();
        void this.finish('system', refused.reason, refused.note);
      }),
    );
  }

  private async customerHungUp(): Promise<void> {
    if (this.stage !== 'bridged') return;
    this.agent?.hangUp();
    await this.finish('caller', 'customer hung up', '客户已挂机 · The customer hung up');
  }

  // ── the end ───────────────────────────────────────────────────────────────

  /**
   * Releases both legs' media, closes the recording and the call record. `endedBy` 'caller'
   * is the customer's side, as on inbound calls.
   */
  private async finish(endedBy: 'caller' | 'agent' | 'system', reason: string, note?: string): Promise<void> {
    if (this.stage === 'ended') return;
    this.stage = 'ended';
    clearTimeout(this.timer);
    for (const rtp of [this.agent?.rtp, this.trunk?.rtp]) {
      if (!rtp) continue;
      rtp.close();
      this.ctx.clock.remove(rtp);
    }
    this.ctx.forget(this);
    if (this.following) this.ctx.unfollow(this.plan.tenantId);
    this.following = false;
    await this.recorder?.finish(this.ctx.db);
    await withTenant(this.ctx.db, this.plan.tenantId, async (tx) => {
      await addCallEvent(tx, this.plan.tenantId, this.id, 'ended', { endedBy, reason });
      await updateCall(tx, this.id, { ended_at: new Date(), ended_by: endedBy, end_reason: reason });
      if (note && this.interactionId) {
        const row = await findInteraction(tx, this.interactionId);
        if (row?.status === 'active')
          await addMessage(tx, this.plan.tenantId, row, { author: 'system', authorUserId: null, body: note });
      }
    }).catch((err: unknown) => this.ctx.log('warn', `voice: end of call ${this.id}: ${String(err)}`));
  }

  private async record(
    kind: string,
    detail: Record<string, unknown>,
    agentId: string | null = null,
    patch: Parameters<typeof updateCall>[2] = {},
  ): Promise<void> {
    await withTenant(this.ctx.db, this.plan.tenantId, async (tx) => {
      await addCallEvent(tx, this.plan.tenantId, this.id, kind, detail, agentId);
      if (Object.keys(patch).length > 0) await updateCall(tx, this.id, patch);
    }).catch((err: unknown) => this.ctx.log('warn', `voice: call record ${this.id} ${kind}: ${String(err)}`));
  }

  private scope(tx: TenantTx) {
    return { tx, tenantId: this.plan.tenantId, offerTimeoutSeconds: this.ctx.offerTimeoutSeconds };
  }
}

function later(seconds: number, fn: () => void): NodeJS.Timeout {
  const timer = setTimeout(fn, seconds * 1000);
  timer.unref();
  return timer;
}
