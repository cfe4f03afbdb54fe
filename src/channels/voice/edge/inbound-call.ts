/**
 * One customer's call from arrival to hang-up: answered at once (so the caller hears the
 * greeting and the menu), then queued as a voice interaction in the routing slice, with music
 * and their position while they wait. When the ACD offers the interaction to an agent, the
 * agent's phone rings (agent-leg.ts); when it answers, the offer is accepted for the agent
 * and the two parties hear each other through the edge, which records both sides. A phone
 * that refuses or does not answer in time declines the offer, and the ACD tries the next agent.
 *
 * Every stage is written to the call detail record (voice_calls, voice_call_events) as it
 * happens; the interaction stays active after the call until the agent wraps it up.
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../../kernel/db/schema.ts';
import { withTenant } from '../../../kernel/db/tenant-scope.ts';
import { isOpenAt } from '../../../routing/business-hours.ts';
import {
  abandonInteraction,
  acceptInteraction,
  addMessage,
  declineInteraction,
  transferInteraction,
} from '../../../routing/interaction.service.ts';
import { findInteraction } from '../../../routing/interaction.store.ts';
import type { ChannelScope, RoutingScope } from '../../../routing/interaction-access.ts';
import { createInteraction } from '../../../routing/interaction-arrival.ts';
import { findQueue, loadQueues, queueHours } from '../../../routing/queue.store.ts';
import { IvrSession, type IvrStep, type ResolvedPrompt } from '../ivr/ivr-engine.ts';
import { findIvrMenu } from '../ivr/ivr-menu.store.ts';
import { loadVoicePromptPcm } from '../ivr/voice-prompt.store.ts';
import { buildSdpAnswer, SdpError } from '../media/sdp.ts';
import { type PromptLanguage, queuePositionPrompts } from '../prompts/prompt-catalog.ts';
import { readFrom } from '../sip/sip-fields.ts';
import {
  addCallEvent,
  callersAhead,
  insertCall,
  insertRecording,
  type NumberRoute,
  phonesOf,
  updateCall,
} from '../voice-call.store.ts';
import { AgentLeg, type EdgeAddress } from './agent-leg.ts';
import { linePlan } from './line-plan.ts';
import { MixRelay } from './listen-mix.ts';
import { beepTone, builtInPrompt, FrameRelay, HoldSource, playlist } from './players.ts';
import { MonoRecording, type SavedRecording, StereoCallRecording } from './recording-files.ts';
import { type MediaClock, type PortPool, RtpLeg } from './rtp-leg.ts';
import { type Dialog, dialogAsCallee, inDialogRequest } from './sip-dialog.ts';
import type { IncomingRequest, SipTransactions } from './sip-transactions.ts';

export interface CallContext {
  db: Kysely<DB>;
  sip: SipTransactions;
  edge: EdgeAddress;
  ports: PortPool;
  clock: MediaClock;
  offerTimeoutSeconds: number;
  recordingsDir: string;
  positionEverySeconds: number;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Starts following the tenant's routing events (offers arrive as events); resolves once live. */
  follow(call: InboundCall): Promise<void>;
  /** Tells the edge which call waits on which interaction. */
  track(call: InboundCall, interactionId: string): void;
  forget(call: InboundCall): void;
  /** Tells the edge about the agent's leg (its BYE arrives on its own Call-ID). */
  trackLeg(call: InboundCall, leg: AgentLeg): void;
}

type Stage =
  | 'answering'
  | 'greeting'
  | 'ivr'
  | 'voicemail'
  | 'queued'
  | 'ringing'
  | 'bridged'
  /** An attended transfer was completed: the consulted agent takes the call once offered it. */
  | 'transferring'
  | 'ended';

/** What the desktop asks of a call in progress (`voice.call_control` events). */
export type CallControl = 'hold' | 'resume' | 'consult' | 'consult_cancel' | 'listen';

/** The longest voicemail a caller may leave. */
const VOICEMAIL_MAX_MS = 120_000;

export class InboundCall {
  stage: Stage = 'answering';
  callRecordId: string | undefined;
  interactionId: string | undefined;
  /** Whether the edge follows the tenant's routing events for this call (to undo once). */
  following = false;
  readonly callerNumber: string | null;
  readonly callerName: string | null;
  private dialog: Dialog | undefined;
  private caller: RtpLeg | undefined;
  private agent: AgentLeg | undefined;
  private hold: HoldSource | undefined;
  private positionTimer: NodeJS.Timeout | undefined;
  private recording: StereoCallRecording | undefined;
  private language: PromptLanguage = 'zh';
  private ivr: IvrSession | undefined;
  private ivrTimer: NodeJS.Timeout | undefined;
  private callbackTimer: NodeJS.Timeout | undefined;
  /** Set while the callback offer stands (the caller may press 1). */
  private callbackQueueId: string | undefined;
  private voicemail: { recording: MonoRecording; queueId: string; timer: NodeJS.Timeout } | undefined;
  /** On hold: from the desktop, or the agent's phone (a re-INVITE with sendonly). */
  private held = false;
  private heldByPhone = false;
  private music: HoldSource | undefined;
  /** The agent's call to a colleague before an attended transfer. */
  private consult: AgentLeg | undefined;
  private consultConnected = false;
  /** Supervisors listening in, each on their own phone. */
  private readonly listeners = new Set<AgentLeg>();
  private answeredOnce = false;
  /** The routing events handled so far: the next one waits for them (see inOrder). */
  private handled: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: CallContext,
    readonly invite: IncomingRequest,
    readonly route: NumberRoute,
  ) {
    const from = readFrom(invite.request);
    const user = from.parsedUri && from.parsedUri.scheme !== 'tel' ? from.parsedUri.user : null;
    this.callerNumber = user && /^\+?[0-9]{3,20}$/.test(user) ? user.replace(/^\+/, '') : null;
    this.callerName = from.displayName;
  }

  /**
   * Runs the handling of a routing event after the ones before it. A transfer and the offer
   * it makes arrive back to back; the offer must find the call already waiting again.
   */
  inOrder(work: () => Promise<void>): Promise<void> {
    const next = this.handled.then(work);
    this.handled = next.catch(() => undefined);
    return next;
  }

  get sipCallId(): string {
    return this.dialog?.callId ?? '';
  }

  /** Answers the INVITE with our media and starts the greeting. */
  async answer(): Promise<void> {
    const offer = this.invite.request.body.toString('utf8');
    this.caller = await RtpLeg.open(this.ctx.edge.address, this.ctx.ports);
    let answer: ReturnType<typeof buildSdpAnswer>;
    try {
      answer = buildSdpAnswer(offer, {
        address: this.ctx.edge.address,
        port: this.caller.localPort,
        sessionId: String(Date.now()),
      });
    } catch (err) {
      this.caller.close();
      this.stage = 'ended';
      this.invite.respond(err instanceof SdpError ? 488 : 400, {
        reason: err instanceof Error ? err.message.slice(0, 100) : undefined,
      });
      return;
    }
    this.callRecordId = await withTenant(this.ctx.db, this.route.tenantId, async (tx) => {
      const id = await insertCall(tx, {
        tenantId: this.route.tenantId,
        direction: 'inbound',
        sipCallId: this.invite.request.headers.find((h) => /^(call-id|i)$/i.test(h.name))?.value ?? '',
        fromNumber: this.callerNumber,
        toNumber: this.route.number,
      });
      await addCallEvent(tx, this.route.tenantId, id, 'arrived', {
        from: this.callerNumber,
        to: this.route.number,
      });
      return id;
    });
    this.caller.connect(
      {
        address: answer.remote.address,
        port: answer.remote.port,
        codec: answer.codec,
        payloadType: answer.payloadType,
        telephoneEventPayloadType: answer.telephoneEventPayloadType,
      },
      performance.now(),
    );
    this.ctx.clock.add(this.caller);
    this.invite.respond(200, {
      headers: [
        { name: 'Contact', value: `<sip:hotline@${this.ctx.edge.address}:${this.ctx.edge.port}>` },
        { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO' },
        { name: 'Content-Type', value: 'application/sdp' },
      ],
      body: Buffer.from(answer.sdp),
    });
    this.dialog = dialogAsCallee(this.invite.request, this.invite.peer, this.invite.toTag);
    this.caller.onDigit = (digit) => this.digit(digit);
    if (this.route.ivrMenuId) {
      await this.startIvr(this.route.ivrMenuId);
      return;
    }
    this.stage = 'greeting';
    this.caller.source = playlist(
      [builtInPrompt('welcome', this.language)],
      () => void this.enqueue(this.route.queueId),
    );
  }

  /** A key the caller pressed (RFC 4733 or SIP INFO). */
  digit(digit: string): void {
    if (!this.callRecordId) return;
    void this.record('digit', { digit });
    if (this.stage === 'ivr' && this.ivr) {
      const next = this.ivr.digit(digit);
      // A key during a prompt that takes keys stops the prompt (barge-in).
      if (next) void this.ivrStep(next);
    } else if (this.stage === 'queued' && this.callbackQueueId) {
      if (digit === '1') void this.takeCallback();
      else if (digit === '2') this.callbackQueueId = undefined; // keeps waiting
    }
  }

  /** The caller's side is gone: BYE, CANCEL, or no ACK for our answer. */
  async callerHungUp(reason: string, endedBy: 'caller' | 'system' = 'caller'): Promise<void> {
    if (this.stage === 'ended') return;
    const was = this.stage;
    this.stage = 'ended';
    this.stopWaiting();
    if (this.ivrTimer) clearTimeout(this.ivrTimer);
    await this.finishVoicemail();
    if (was === 'bridged') this.agent?.hangUp();
    else this.agent?.cancel();
    this.dropSideLegs();
    this.caller?.close();
    if (this.caller) this.ctx.clock.remove(this.caller);
    await this.finishRecording();
    await this.closeRecord(endedBy, reason, async (scope) => {
      if (!this.interactionId) return;
      if (was === 'queued' || was === 'ringing' || was === 'transferring') {
        // Waiting, whether for the first agent or after a transfer: the caller gave up.
        await abandonInteraction(scope, this.interactionId).catch(() => undefined);
      } else if (was === 'bridged') {
        await this.note(scope, '客户已挂机 · The caller hung up');
      }
    });
    this.ctx.forget(this);
  }

  /**
   * Hung up from the desktop (`POST /api/v1/voice/calls/:id/hangup`): by the agent on the call,
   * or by a supervisor, who may also end a call still in the IVR or the queue.
   */
  async hangUpFromDesktop(by: 'agent' | 'system'): Promise<void> {
    if (this.stage === 'ended') return;
    if (this.stage === 'bridged' && this.agent) {
      this.agent.hangUp();
      await this.endBridged(by, by === 'agent' ? 'agent hung up on the desktop' : 'ended by a supervisor');
      return;
    }
    this.hangUpCaller();
    await this.callerHungUp('ended by a supervisor', 'system');
  }

  /** The routing slice offered this call's interaction to an agent: ring their phone. */
  async offered(agentId: string, offerId: string): Promise<void> {
    if (this.stage === 'transferring') {
      if (await this.completeAttendedTransfer(agentId)) return;
    }
    if (this.stage !== 'queued' || this.agent) return;
    const phones = await withTenant(this.ctx.db, this.route.tenantId, (tx) =>
      phonesOf(tx, agentId, new Date()),
    );
    const phone = phones[0];
    if (!phone) {
      // Nowhere to ring: hand it straight on rather than let it ring at nothing for 20 s.
      await this.declineAs(agentId, 'no phone registered');
      return;
    }
    const leg = new AgentLeg(agentId, offerId, phone, this.ctx.sip, this.ctx.edge, {
      ringing: () => void this.record('ringing', {}, agentId),
      answered: (l) => void this.agentAnswered(l),
      failed: (l, status) => void this.agentFailed(l, status),
      hungUp: (l) => void this.agentHungUp(l),
    });
    this.agent = leg;
    this.stage = 'ringing';
    this.ctx.trackLeg(this, leg);
    await this.record('offered', { offerId }, agentId, { offered_at: new Date(), agent_id: agentId });
    try {
      await leg.ring(this.ctx.ports, this.ctx.clock, { number: this.callerNumber, name: this.callerName });
    } catch (err) {
      // No media port (or socket) for the agent's leg: the next agent may fare better.
      this.ctx.log('error', `voice: cannot ring ${agentId}: ${String(err)}`);
      leg.release();
      if (this.agent === leg) {
        this.agent = undefined;
        this.stage = 'queued';
        await this.declineAs(agentId, 'could not ring the phone');
      }
    }
  }

  /** The offer ended without an answer (expired, withdrawn): stop ringing. */
  offerEnded(offerId: string): void {
    if (this.agent?.offerId !== offerId || this.stage !== 'ringing') return;
    this.agent.cancel();
  }

  /** A BYE from one of the phones on the call (the agent's, a consulted colleague's, a listener's). */
  legHungUpBy(callId: string): boolean {
    const leg = this.legByCallId(callId);
    leg?.remoteHangUp();
    return leg !== undefined;
  }

  legByCallId(callId: string): AgentLeg | undefined {
    if (this.agent?.callId === callId) return this.agent;
    if (this.consult?.callId === callId) return this.consult;
    for (const listener of this.listeners) if (listener.callId === callId) return listener;
    return undefined;
  }

  /**
   * A re-INVITE on one of the call's dialogs (a session refresh, a phone's own hold button):
   * answered with the same media, so the dialog lives on. The agent's phone holding the call
   * holds the caller, as the desktop's Hold does.
   */
  reinvite(incoming: IncomingRequest, callId: string): void {
    const leg = callId === this.sipCallId ? undefined : this.legByCallId(callId);
    const rtp = leg ? leg.rtp : this.caller;
    if (!rtp || this.stage === 'ended') {
      incoming.respond(481);
      return;
    }
    let answer: ReturnType<typeof buildSdpAnswer> | undefined;
    const offer = incoming.request.body.toString('utf8');
    if (offer.trim() !== '') {
      try {
        answer = buildSdpAnswer(offer, {
          address: this.ctx.edge.address,
          port: rtp.localPort,
          sessionId: String(Date.now()),
        });
      } catch (err) {
        // §14.2: a re-INVITE we cannot serve leaves the session as it was.
        incoming.respond(488, { reason: err instanceof Error ? err.message.slice(0, 100) : undefined });
        return;
      }
    }
    incoming.respond(200, {
      headers: [
        { name: 'Contact', value: `<sip:hotline@${this.ctx.edge.address}:${this.ctx.edge.port}>` },
        { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO' },
        ...(answer ? [{ name: 'Content-Type', value: 'application/sdp' }] : []),
      ],
      ...(answer ? { body: Buffer.from(answer.sdp) } : {}),
    });
    if (answer && leg && leg === this.agent && this.stage === 'bridged') {
      // The phone takes the call off hold only if the phone put it there: a session refresh
      // (sendrecv) must not undo the desktop's Hold.
      const hold = answer.remote.onHold;
      if (hold && !this.held) {
        void this.setHeld(true, 'phone').catch(() => undefined);
      } else if (!hold && this.held && this.heldByPhone) {
        void this.setHeld(false, 'phone').catch(() => undefined);
      }
    }
  }

  // ── in-call control from the desktop ─────────────────────────────────────

  /** Hold, resume, consult a colleague, or a supervisor listening in (`voice.call_control`). */
  async control(action: CallControl, detail: { agentId?: string; by?: string }): Promise<void> {
    switch (action) {
      case 'hold':
        return this.setHeld(true, detail.by ?? null);
      case 'resume':
        if (this.consult) await this.endConsult('resumed');
        return this.setHeld(false, detail.by ?? null);
      case 'consult':
        if (detail.agentId) await this.startConsult(detail.agentId);
        return;
      case 'consult_cancel':
        if (this.consult) await this.endConsult('cancelled');
        return;
      case 'listen':
        if (detail.agentId) await this.startListening(detail.agentId);
        return;
    }
  }

  /**
   * The routing slice moved the interaction on (`interaction.transferred`). To the colleague
   * the agent is consulting: an attended transfer, the caller is put through once the offer
   * arrives. Anywhere else: a blind transfer, the agent's phone is hung up and the caller
   * waits again with music until the next agent answers.
   */
  async transferred(detail: { previousAgentId?: string | null; agentId?: string; queueId?: string }) {
    if (this.stage !== 'bridged') return;
    const previous = this.agent;
    const attended =
      this.consult !== undefined && this.consultConnected && detail.agentId === this.consult.agentId;
    this.agent = undefined;
    previous?.hangUp();
    if (!attended) this.dropConsult();
    await this.record(
      'transferred',
      {
        mode: attended ? 'attended' : 'blind',
        ...(detail.agentId ? { agentId: detail.agentId } : {}),
        ...(detail.queueId ? { queueId: detail.queueId } : {}),
      },
      detail.previousAgentId ?? previous?.agentId ?? null,
    );
    if (this.stage !== 'bridged') return; // the caller left meanwhile
    this.held = false;
    if (attended) {
      this.stage = 'transferring';
      this.rewire();
    } else {
      this.stage = 'queued';
      this.startWaiting();
    }
  }

  hangUpCaller(): void {
    if (this.dialog)
      this.ctx.sip.request(inDialogRequest(this.dialog, 'BYE'), this.dialog.peer, {
        onFinal: () => undefined,
      });
  }

  // ── stages ────────────────────────────────────────────────────────────────

  /** Queues the call; anything that fails on the way ends it politely rather than in silence. */
  private async enqueue(queueId: string | null): Promise<void> {
    try {
      await this.queueCall(queueId);
    } catch (err) {
      this.ctx.log('error', `voice: could not queue call ${this.callRecordId}: ${String(err)}`);
      this.giveUp('could not queue the call');
    }
  }

  /** Goodbye, then the call ends (a failure on our side; the call record says so). */
  private giveUp(reason: string): void {
    if (this.stage === 'ended' || !this.caller) return;
    this.stage = 'greeting';
    this.caller.source = playlist([builtInPrompt('goodbye', this.language)], () => {
      this.hangUpCaller();
      void this.callerHungUp(reason, 'system');
    });
  }

  private async queueCall(queueId: string | null): Promise<void> {
    if (this.stage !== 'greeting' && this.stage !== 'ivr') return;
    this.stage = 'greeting';
    if (!queueId) {
      // A number with only an IVR menu and no queue: nothing to wait for.
      this.caller!.source = playlist([builtInPrompt('goodbye', this.language)], () => {
        this.hangUpCaller();
        void this.callerHungUp('no queue');
      });
      return;
    }
    const queue = await withTenant(this.ctx.db, this.route.tenantId, (tx) => findQueue(tx, queueId));
    if (queue && !isOpenAt(queueHours(queue), new Date())) {
      // Closed (after hours, a holiday): say so and take a message instead of a wait all night.
      await this.record('after_hours', { queueId });
      this.startVoicemail(queueId, [
        builtInPrompt('after-hours', this.language),
        builtInPrompt('voicemail-instructions', this.language),
      ]);
      return;
    }
    // Live before the interaction exists: the ACD may offer it the moment it commits.
    this.following = true;
    const followed = await this.ctx.follow(this).then(
      () => true,
      (err: unknown) => {
        this.ctx.log('error', `voice: cannot follow routing events: ${String(err)}`);
        return false;
      },
    );
    if (!followed) return this.giveUp('routing events unavailable');
    if (this.stage !== 'greeting') return;
    const created = await withTenant(this.ctx.db, this.route.tenantId, (tx) =>
      createInteraction(this.channelScope(tx), {
        channel: 'voice',
        queueId,
        subject: this.route.label ?? null,
        contact: { phone: this.callerNumber, name: this.callerName },
      }),
    );
    if (this.stage !== 'greeting') {
      await withTenant(this.ctx.db, this.route.tenantId, (tx) =>
        abandonInteraction(this.channelScope(tx), created.interaction.id),
      ).catch(() => undefined);
      return;
    }
    this.interactionId = created.interaction.id;
    this.ctx.track(this, this.interactionId);
    this.stage = 'queued';
    await this.record('queued', { queueId }, null, {
      queued_at: new Date(),
      interaction_id: this.interactionId,
    });
    this.startWaiting();
    if (queue?.maxWaitSeconds && !queue.overflowQueueId) {
      // No overflow queue to move to: past the maximum wait, offer a callback instead (press 1).
      this.callbackTimer = setTimeout(() => this.offerCallback(queueId), queue.maxWaitSeconds * 1000);
      this.callbackTimer.unref();
    }
  }

  /** Music and, every so often, the caller's place in the queue (again after a blind transfer). */
  private startWaiting(): void {
    this.hold = new HoldSource();
    this.rewire();
    void this.announcePosition();
    this.positionTimer = setInterval(
      () => void this.announcePosition(),
      this.ctx.positionEverySeconds * 1000,
    );
    this.positionTimer.unref();
  }

  private offerCallback(queueId: string): void {
    if (this.stage !== 'queued' || !this.hold) return;
    this.callbackQueueId = queueId;
    void this.record('callback_offered', {});
    this.hold.announce([builtInPrompt('callback-offer', this.language)]);
  }

  /** The caller took the callback: booked for the queue's team, the call ends, the wait is over. */
  private async takeCallback(): Promise<void> {
    const queueId = this.callbackQueueId;
    if (!queueId || this.stage !== 'queued') return;
    this.callbackQueueId = undefined;
    this.stage = 'greeting'; // no longer waiting for an agent; an offer now is ignored
    this.stopWaiting();
    await withTenant(this.ctx.db, this.route.tenantId, async (tx) => {
      await tx
        .insertInto('voice_callback_requests')
        .values({
          tenant_id: this.route.tenantId,
          call_id: this.callRecordId ?? null,
          interaction_id: this.interactionId ?? null,
          queue_id: queueId,
          number: this.callerNumber ?? 'unknown',
          reason: 'queue_timeout',
        })
        .execute();
      await addCallEvent(tx, this.route.tenantId, this.callRecordId!, 'callback_requested', { queueId });
      if (this.interactionId)
        await abandonInteraction(this.channelScope(tx), this.interactionId).catch(() => undefined);
    }).catch((err: unknown) =>
      this.ctx.log('error', `voice: callback for ${this.callRecordId} not booked: ${String(err)}`),
    );
    this.caller!.source = playlist(
      [builtInPrompt('callback-confirmed', this.language), builtInPrompt('goodbye', this.language)],
      () => {
        this.hangUpCaller();
        void this.callerHungUp('callback booked', 'system');
      },
    );
  }

  // ── the IVR menu ─────────────────────────────────────────────────────────

  private async startIvr(menuId: string): Promise<void> {
    const loaded = await withTenant(this.ctx.db, this.route.tenantId, async (tx) => {
      const menu = await findIvrMenu(tx, menuId);
      const queues = await loadQueues(tx);
      return { menu, queues };
    });
    if (!loaded.menu) {
      // The menu was removed under the number: the caller still reaches the number's queue.
      this.stage = 'greeting';
      await this.enqueue(this.route.queueId);
      return;
    }
    const now = new Date();
    const open = new Set(loaded.queues.filter((q) => isOpenAt(queueHours(q), now)).map((q) => q.id));
    this.ivr = new IvrSession(loaded.menu.definition, {
      isOpen: (id) => open.has(id),
      defaultLanguage: this.language,
    });
    this.stage = 'ivr';
    await this.record('ivr', { menuId }, null, { ivr_at: now });
    await this.ivrStep(this.ivr.start());
  }

  private async ivrStep(step: IvrStep): Promise<void> {
    const session = this.ivr;
    if (!session || this.stage !== 'ivr' || !this.caller) return;
    if (this.ivrTimer) clearTimeout(this.ivrTimer);
    this.ivrTimer = undefined;
    this.language = session.language;
    if (step.kind === 'play') {
      const clips = await this.promptClips(step.prompts);
      if (this.ivr !== session || session.step !== step) return; // a key moved on meanwhile
      this.caller.source = playlist(clips, () => {
        const next = session.promptEnded();
        if (next) return void this.ivrStep(next);
        if (!step.collect) return;
        this.ivrTimer = setTimeout(() => void this.ivrStep(session.timeout()), step.timeoutSeconds * 1000);
        this.ivrTimer.unref();
      });
      return;
    }
    await this.record('ivr_done', { path: session.path, result: step.kind, reason: step.reason });
    this.ivr = undefined;
    if (step.kind === 'queue') return this.enqueue(step.queueId);
    if (step.kind === 'voicemail')
      return this.startVoicemail(step.queueId, await this.promptClips(step.prompts));
    const clips = await this.promptClips(step.prompts);
    this.caller.source = playlist(clips, () => {
      this.hangUpCaller();
      void this.callerHungUp('menu ended the call', 'system');
    });
  }

  /** Built-in prompts from their files, uploaded ones from the tenant's rows. */
  private async promptClips(prompts: readonly ResolvedPrompt[]): Promise<Int16Array[]> {
    const clips: Int16Array[] = [];
    for (const prompt of prompts) {
      if (prompt.source === 'builtIn') {
        clips.push(builtInPrompt(prompt.id, prompt.language));
        continue;
      }
      const uploaded = await withTenant(this.ctx.db, this.route.tenantId, (tx) =>
        loadVoicePromptPcm(tx, prompt.promptId),
      ).catch(() => undefined);
      if (uploaded) clips.push(uploaded.pcm);
    }
    return clips;
  }

  // ── voicemail ────────────────────────────────────────────────────────────

  /** The instructions and a beep, then the caller's voice to a WAV until they hang up. */
  private startVoicemail(queueId: string, instructions: Int16Array[]): void {
    this.stage = 'voicemail';
    const clips =
      instructions.length > 0 ? instructions : [builtInPrompt('voicemail-instructions', this.language)];
    this.caller!.source = playlist([...clips, beepTone()], () => {
      if (this.stage !== 'voicemail') return;
      try {
        const recording = new MonoRecording(
          this.ctx.recordingsDir,
          path.join(this.route.tenantId, `${this.callRecordId}-voicemail.wav`),
        );
        const timer = setTimeout(() => {
          this.hangUpCaller();
          void this.callerHungUp('voicemail time limit', 'system');
        }, VOICEMAIL_MAX_MS);
        timer.unref();
        this.voicemail = { recording, queueId, timer };
        this.caller!.onAudio = (pcm) => this.voicemail?.recording.push(pcm);
      } catch (err) {
        this.ctx.log('error', `voice: cannot record voicemail of ${this.callRecordId}: ${String(err)}`);
      }
    });
  }

  /** Closes the voicemail file and leaves a callback request for the queue's team. */
  private async finishVoicemail(): Promise<void> {
    const voicemail = this.voicemail;
    if (!voicemail) return;
    this.voicemail = undefined;
    clearTimeout(voicemail.timer);
    const saved = this.finishFile(() => voicemail.recording.finish());
    if (!saved) return;
    await withTenant(this.ctx.db, this.route.tenantId, async (tx) => {
      const recordingId = await insertRecording(tx, {
        tenantId: this.route.tenantId,
        file: saved.file,
        bytes: saved.bytes,
        durationMs: saved.durationMs,
      });
      await tx
        .insertInto('voice_callback_requests')
        .values({
          tenant_id: this.route.tenantId,
          call_id: this.callRecordId ?? null,
          queue_id: voicemail.queueId,
          number: this.callerNumber ?? 'unknown',
          reason: 'voicemail',
          voicemail_recording_id: recordingId,
        })
        .execute();
      await addCallEvent(tx, this.route.tenantId, this.callRecordId!, 'voicemail', {
        durationMs: saved.durationMs,
        recordingId,
      });
    }).catch((err: unknown) =>
      this.ctx.log('error', `voice: voicemail of ${this.callRecordId} not saved: ${String(err)}`),
    );
  }

  private async announcePosition(): Promise<void> {
    if (this.stage !== 'queued' || !this.interactionId || !this.hold) return;
    const ahead = await withTenant(this.ctx.db, this.route.tenantId, (tx) =>
      callersAhead(tx, this.interactionId!),
    ).catch(() => null);
    if (ahead === null || this.stage !== 'queued') return;
    this.hold.announce(
      queuePositionPrompts(ahead, this.language).map((id) => builtInPrompt(id, this.language)),
    );
  }

  private async agentAnswered(leg: AgentLeg): Promise<void> {
    if (this.stage !== 'ringing' || this.agent !== leg) {
      leg.hangUp();
      return;
    }
    const accepted = await withTenant(this.ctx.db, this.route.tenantId, (tx) =>
      acceptInteraction(this.agentScope(tx, leg.agentId), this.interactionId!),
    ).then(
      () => true,
      (err: unknown) => {
        this.ctx.log('warn', `voice: answer by ${leg.agentId} not accepted: ${String(err)}`);
        return false;
      },
    );
    if (!accepted || this.stage !== 'ringing') {
      leg.hangUp();
      this.agent = undefined;
      if (this.stage === 'ringing') this.stage = 'queued';
      return;
    }
    this.stage = 'bridged';
    this.stopWaiting();
    this.rewire();
    // The first answer is the call's; a later one (after a transfer) is in the events.
    const first = !this.answeredOnce;
    this.answeredOnce = true;
    await this.record('answered', {}, leg.agentId, first ? { answered_at: new Date() } : {});
  }

  private async agentFailed(leg: AgentLeg, status: number): Promise<void> {
    if (this.agent !== leg) return;
    this.agent = undefined;
    await this.record('no_answer', { status }, leg.agentId);
    if (this.stage !== 'ringing') return;
    this.stage = 'queued';
    // A busy or refusing phone declines; a timeout or cancel means the offer already ended.
    if (status !== 487 && status !== 408) await this.declineAs(leg.agentId, `phone answered ${status}`);
  }

  private async agentHungUp(leg: AgentLeg): Promise<void> {
    if (this.agent !== leg || this.stage !== 'bridged') return;
    if (this.consult && this.consultConnected && this.interactionId) {
      // Hanging up while talking to the colleague hands them the call, as on any office phone.
      const handedOver = await this.transferTo(leg.agentId, this.consult.agentId);
      if (handedOver) return;
    }
    await this.endBridged('agent', 'agent hung up');
  }

  /** The agent's side has ended (their phone or the desktop): the caller is hung up on too. */
  private async endBridged(by: 'agent' | 'system', reason: string): Promise<void> {
    if (this.stage !== 'bridged') return;
    this.stage = 'ended';
    this.hangUpCaller();
    this.dropSideLegs();
    this.caller?.close();
    if (this.caller) this.ctx.clock.remove(this.caller);
    await this.finishRecording();
    await this.closeRecord(by, reason, async (scope) => {
      await this.note(
        scope,
        by === 'agent' ? '坐席已挂机 · The agent hung up' : '班长结束了通话 · A supervisor ended the call',
      );
    });
    this.ctx.forget(this);
  }

  /**
   * Wires the legs as line-plan.ts says for the call's state: who hears whom, what each
   * listening supervisor hears, and what goes into the recording (both parties, on one clock).
   */
  private rewire(): void {
    const caller = this.caller;
    if (!caller) return;
    const agent = this.stage === 'bridged' ? this.agent?.rtp : undefined;
    const consult = this.consultConnected ? this.consult?.rtp : undefined;
    const plan = linePlan({
      agentConnected: agent !== undefined,
      held: this.held,
      consultConnected: consult !== undefined,
    });
    const toCaller = new FrameRelay();
    const toAgent = new FrameRelay();
    const toConsult = new FrameRelay();
    const mixes = [...this.listeners].flatMap((l) => {
      if (!l.rtp) return [];
      const mix = new MixRelay();
      l.rtp.source = mix.frame;
      l.rtp.onAudio = undefined; // listening only: the supervisor's voice goes nowhere
      return [mix];
    });
    if (plan.caller === 'agent') caller.source = toCaller.frame;
    else {
      this.music ??= new HoldSource();
      caller.source = (this.hold ?? this.music).frame;
    }
    const recording = agent ? this.startRecording() : this.recording;
    caller.onAudio = (pcm, at) => {
      if (plan.agent === 'caller') toAgent.push(pcm);
      for (const mix of mixes) mix.push('caller', pcm);
      recording?.push('caller', at, pcm);
    };
    if (agent) {
      agent.source = plan.agent === 'silence' ? null : toAgent.frame;
      agent.onAudio = (pcm, at) => {
        if (plan.caller === 'agent') toCaller.push(pcm);
        if (plan.consult === 'agent') toConsult.push(pcm);
        if (plan.listener.agent) for (const mix of mixes) mix.push('agent', pcm);
        recording?.push('agent', at, pcm);
      };
    }
    if (consult) {
      consult.source = plan.consult === 'agent' ? toConsult.frame : null;
      consult.onAudio = (pcm) => {
        if (plan.agent === 'consult') toAgent.push(pcm);
      };
    }
  }

  /** Puts the caller on hold (music; the agent hears silence) or takes them off it. */
  private async setHeld(held: boolean, by: string | null): Promise<void> {
    if (this.stage !== 'bridged' || this.held === held) return;
    this.held = held;
    this.heldByPhone = held && by === 'phone';
    if (held) this.music = new HoldSource();
    this.rewire();
    await this.record(held ? 'held' : 'resumed', by ? { by } : {}, this.agent?.agentId ?? null);
  }

  /** Rings a colleague's phone; once they answer the agent talks to them while the caller holds. */
  private async startConsult(colleagueId: string): Promise<void> {
    if (this.stage !== 'bridged' || this.consult || colleagueId === this.agent?.agentId) return;
    const phone = (
      await withTenant(this.ctx.db, this.route.tenantId, (tx) => phonesOf(tx, colleagueId, new Date()))
    )[0];
    if (!phone) {
      await this.record('consult_failed', { reason: 'no phone registered' }, colleagueId);
      return;
    }
    await this.setHeld(true, null);
    const leg = new AgentLeg(colleagueId, 'consult', phone, this.ctx.sip, this.ctx.edge, {
      ringing: () => undefined,
      answered: (l) => {
        if (this.consult !== l || this.stage !== 'bridged') return l.hangUp();
        this.consultConnected = true;
        this.rewire();
        void this.record('consult_answered', {}, l.agentId);
      },
      failed: (l, status) => {
        if (this.consult !== l) return;
        this.consult = undefined;
        void this.record('consult_failed', { status }, l.agentId);
      },
      hungUp: (l) => {
        if (this.consult !== l) return;
        this.consult = undefined;
        this.consultConnected = false;
        this.rewire();
        void this.record('consult_ended', { reason: 'colleague hung up' }, l.agentId);
      },
    });
    this.consult = leg;
    this.ctx.trackLeg(this, leg);
    await this.record('consult_started', {}, colleagueId);
    await this.ringSideLeg(leg);
  }

  /** The agent gave up on the consultation: the colleague's phone stops ringing or is hung up. */
  private async endConsult(reason: string): Promise<void> {
    const leg = this.consult;
    if (!leg) return;
    this.dropConsult();
    this.rewire();
    await this.record('consult_ended', { reason }, leg.agentId);
  }

  private dropConsult(): void {
    this.consult?.hangUp();
    this.consult = undefined;
    this.consultConnected = false;
  }

  /** The call is over for the side legs: the colleague and the listeners are hung up on. */
  private dropSideLegs(): void {
    this.dropConsult();
    for (const listener of this.listeners) listener.hangUp();
    this.listeners.clear();
  }

  /**
   * The routing slice offered the interaction to the colleague the agent was consulting:
   * their phone is already on the line, so the offer is accepted for them and they take over.
   */
  private async completeAttendedTransfer(agentId: string): Promise<boolean> {
    const leg = this.consult;
    if (!leg || leg.agentId !== agentId || !this.consultConnected || !this.interactionId) {
      // The colleague hung up meanwhile (or another agent was chosen): ring as for any offer.
      this.dropConsult();
      this.stage = 'queued';
      this.startWaiting();
      return false;
    }
    const accepted = await withTenant(this.ctx.db, this.route.tenantId, (tx) =>
      acceptInteraction(this.agentScope(tx, agentId), this.interactionId!),
    ).then(
      () => true,
      (err: unknown) => {
        this.ctx.log('warn', `voice: transfer to ${agentId} not accepted: ${String(err)}`);
        return false;
      },
    );
    if (this.stage !== 'transferring' || this.consult !== leg) return true;
    if (!accepted) {
      this.dropConsult();
      this.stage = 'queued';
      this.startWaiting();
      await this.declineAs(agentId, 'transfer not accepted');
      return true;
    }
    this.consult = undefined;
    this.consultConnected = false;
    this.agent = leg;
    this.stage = 'bridged';
    this.stopWaiting();
    this.rewire();
    await this.record('answered', { transfer: 'attended' }, agentId, { agent_id: agentId });
    return true;
  }

  /** Hands the interaction to a colleague as the agent would from the desktop. */
  private async transferTo(fromAgentId: string, toAgentId: string): Promise<boolean> {
    return withTenant(this.ctx.db, this.route.tenantId, (tx) =>
      transferInteraction(this.agentScope(tx, fromAgentId), this.interactionId!, { agentId: toAgentId }),
    ).then(
      () => true,
      (err: unknown) => {
        this.ctx.log('warn', `voice: hand-over to ${toAgentId} failed: ${String(err)}`);
        return false;
      },
    );
  }

  /** Rings a supervisor's phone; once answered they hear both parties (and nobody hears them). */
  private async startListening(supervisorId: string): Promise<void> {
    if (this.stage === 'ended' || !this.answeredOnce) return;
    if ([...this.listeners].some((l) => l.agentId === supervisorId)) return;
    const phone = (
      await withTenant(this.ctx.db, this.route.tenantId, (tx) => phonesOf(tx, supervisorId, new Date()))
    )[0];
    if (!phone) {
      await this.record('listen_failed', { reason: 'no phone registered' }, supervisorId);
      return;
    }
    const leg = new AgentLeg(supervisorId, 'listen', phone, this.ctx.sip, this.ctx.edge, {
      ringing: () => undefined,
      answered: (l) => {
        if (this.stage === 'ended') return l.hangUp();
        this.listeners.add(l);
        this.rewire();
        void this.record('listen_started', {}, l.agentId);
      },
      failed: (l, status) => void this.record('listen_failed', { status }, l.agentId),
      hungUp: (l) => {
        if (!this.listeners.delete(l)) return;
        this.rewire();
        void this.record('listen_ended', {}, l.agentId);
      },
    });
    this.ctx.trackLeg(this, leg);
    await this.ringSideLeg(leg);
  }

  /** Rings a consult or listen leg; a failure to ring (no media port) is logged, not thrown. */
  private async ringSideLeg(leg: AgentLeg): Promise<void> {
    try {
      await leg.ring(this.ctx.ports, this.ctx.clock, { number: this.callerNumber, name: this.callerName });
      // No offer expires for a colleague or a supervisor: their phone stops ringing after as
      // long as an offer would ring (the leg reports 487, i.e. not answered).
      const unanswered = setTimeout(() => leg.cancel(), this.ctx.offerTimeoutSeconds * 1000);
      unanswered.unref();
    } catch (err) {
      this.ctx.log('error', `voice: cannot ring ${leg.agentId}: ${String(err)}`);
      leg.release();
      if (this.consult === leg) this.consult = undefined;
    }
  }

  private startRecording(): StereoCallRecording | undefined {
    if (this.recording) return this.recording;
    try {
      this.recording = new StereoCallRecording(
        this.ctx.recordingsDir,
        path.join(this.route.tenantId, `${this.callRecordId}.wav`),
      );
      return this.recording;
    } catch (err) {
      this.ctx.log('error', `voice: cannot record call ${this.callRecordId}: ${String(err)}`);
      return undefined;
    }
  }

  private async finishRecording(): Promise<void> {
    const recording = this.recording;
    if (!recording) return;
    this.recording = undefined;
    const saved = this.finishFile(() => recording.finish());
    if (!saved) return;
    await withTenant(this.ctx.db, this.route.tenantId, async (tx) => {
      const id = await insertRecording(tx, { tenantId: this.route.tenantId, ...saved });
      await updateCall(tx, this.callRecordId!, { recording_id: id });
    }).catch((err: unknown) =>
      this.ctx.log('error', `voice: recording of ${this.callRecordId} not saved: ${String(err)}`),
    );
  }

  /** Closes a recording's file; a disk error is logged, never thrown into the call's teardown. */
  private finishFile(finish: () => SavedRecording): SavedRecording | undefined {
    try {
      return finish();
    } catch (err) {
      this.ctx.log('error', `voice: recording of ${this.callRecordId} could not be closed: ${String(err)}`);
      return undefined;
    }
  }

  private stopWaiting(): void {
    if (this.callbackTimer) clearTimeout(this.callbackTimer);
    this.callbackTimer = undefined;
    if (this.positionTimer) clearInterval(this.positionTimer);
    this.positionTimer = undefined;
    this.hold = undefined;
  }

  private async declineAs(agentId: string, reason: string): Promise<void> {
    if (!this.interactionId) return;
    await withTenant(this.ctx.db, this.route.tenantId, (tx) =>
      declineInteraction(this.agentScope(tx, agentId), this.interactionId!, reason),
    ).catch((err: unknown) => this.ctx.log('warn', `voice: decline for ${agentId}: ${String(err)}`));
  }

  private async record(
    kind: string,
    detail: Record<string, unknown>,
    agentId: string | null = null,
    patch: Parameters<typeof updateCall>[2] = {},
  ): Promise<void> {
    const id = this.callRecordId;
    if (!id) return;
    await withTenant(this.ctx.db, this.route.tenantId, async (tx) => {
      await addCallEvent(tx, this.route.tenantId, id, kind, detail, agentId);
      if (Object.keys(patch).length > 0) await updateCall(tx, id, patch);
    }).catch((err: unknown) => this.ctx.log('warn', `voice: call record ${id} ${kind}: ${String(err)}`));
  }

  private async closeRecord(
    endedBy: 'caller' | 'agent' | 'system',
    reason: string,
    then: (scope: ChannelScope) => Promise<void>,
  ): Promise<void> {
    const id = this.callRecordId;
    if (!id) return;
    await withTenant(this.ctx.db, this.route.tenantId, async (tx) => {
      await addCallEvent(tx, this.route.tenantId, id, 'ended', { endedBy, reason });
      await updateCall(tx, id, { ended_at: new Date(), ended_by: endedBy, end_reason: reason });
      await then(this.channelScope(tx));
    }).catch((err: unknown) => this.ctx.log('warn', `voice: end of call ${id}: ${String(err)}`));
  }

  /** A line in the interaction's conversation, so the desktop and the timeline show how the call ended. */
  private async note(scope: ChannelScope, body: string): Promise<void> {
    if (!this.interactionId) return;
    const row = await findInteraction(scope.tx, this.interactionId);
    if (row) await addMessage(scope.tx, scope.tenantId, row, { author: 'system', authorUserId: null, body });
  }

  private channelScope(tx: Parameters<Parameters<typeof withTenant>[2]>[0]): ChannelScope {
    return { tx, tenantId: this.route.tenantId, offerTimeoutSeconds: this.ctx.offerTimeoutSeconds };
  }

  /** The agent's phone acts for the agent: it answers or refuses the offer made to them. */
  private agentScope(tx: Parameters<Parameters<typeof withTenant>[2]>[0], agentId: string): RoutingScope {
    return {
      tx,
      tenantId: this.route.tenantId,
      offerTimeoutSeconds: this.ctx.offerTimeoutSeconds,
      user: {
        sessionId: 'sip-phone',
        userId: agentId,
        email: '',
        displayName: '',
        role: 'agent',
        locale: 'zh-CN',
        tenantId: this.route.tenantId,
      },
    };
  }
}
