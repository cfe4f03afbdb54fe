/**
 * The SIP edge of one server instance: the transport and transactions, the registrar for
 * agents' phones, and the calls in progress here. It turns SIP requests into call events and
 * the routing slice's offers (read from the realtime hub like any desktop) into ringing phones.
 *
 * A call lives on the instance that received it: its media flows through this process. What
 * other instances must see (registrations, the queued interaction, the call record) is in
 * the database.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { VoiceSettings } from '../../../kernel/config.ts';
import type { DB } from '../../../kernel/db/schema.ts';
import type { EventHub } from '../../../kernel/events/event-hub.ts';
import type { OutboxEvent } from '../../../kernel/events/outbox-reader.ts';
import { parseSipInfoDtmf } from '../media/sip-info-dtmf.ts';
import { OutboundDialer } from '../outbound/outbound-dialer.ts';
import { readCallId, readTo } from '../sip/sip-fields.ts';
import { headerValue } from '../sip/sip-headers.ts';
import type { SipParseError } from '../sip/sip-parse-error.ts';
import { SipRateLimiter, TrustedSources } from '../sip/sip-rate-limit.ts';
import { findNumberRoute } from '../voice-call.store.ts';
import type { AgentLeg } from './agent-leg.ts';
import { type CallContext, type CallControl, InboundCall } from './inbound-call.ts';
import { Registrar } from './registrar.ts';
import { MediaClock, type MediaTotals, PortPool } from './rtp-leg.ts';
import { type IncomingRequest, type Refusal, SipTransactions } from './sip-transactions.ts';
import { type SipPeer, SipTransport } from './sip-transport.ts';

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER';

export interface VoiceEdgeOptions {
  db: Kysely<DB>;
  events: EventHub;
  settings: VoiceSettings;
  offerTimeoutSeconds: number;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface VoiceEdgeStats {
  malformed: number;
  rateLimited: number;
  callsInProgress: number;
}

export class VoiceEdge {
  private transport: SipTransport | undefined;
  private sip: SipTransactions | undefined;
  private readonly clock = new MediaClock();
  private readonly ports: PortPool;
  private registrar: Registrar | undefined;
  private readonly limiter = new SipRateLimiter();
  /** Trunks and gateways (HOTLINE_SIP_TRUSTED, the trunk): every call comes from one address, so no per-address limit. */
  private readonly trusted: TrustedSources;
  /** Calls by the caller's Call-ID. */
  private readonly calls = new Map<string, InboundCall>();
  /** Calls by the Call-ID of their leg to an agent's phone. */
  private readonly legs = new Map<string, InboundCall>();
  private readonly byInteraction = new Map<string, InboundCall>();
  private readonly feeds = new Map<string, { unsubscribe: Promise<() => void>; calls: number }>();
  readonly stats: VoiceEdgeStats = { malformed: 0, rateLimited: 0, callsInProgress: 0 };
  /** Outbound calls (../outbound/): placed through the API; in-dialog requests on their legs go to it. */
  outbound: OutboundDialer | undefined;

  constructor(private readonly options: VoiceEdgeOptions) {
    this.ports = new PortPool(options.settings.rtpPortMin, options.settings.rtpPortMax);
    this.trusted = new TrustedSources(options.settings.trusted);
  }

  /** Packets and their lateness on every media leg so far (read-only; the voice benchmark). */
  get media(): MediaTotals {
    return this.clock.totals();
  }

  /** The bound SIP port (null when the edge is off). */
  get port(): number | null {
    return this.transport?.port ?? null;
  }

  async start(): Promise<void> {
    const { settings } = this.options;
    if (settings.sipPort === null) return;
    const transport = new SipTransport({
      host: settings.sipHost,
      port: settings.sipPort,
      onMessage: (message, peer) => this.sip?.receive(message, peer),
      onMalformed: (peer, error) => this.malformed(peer, error),
      log: this.options.log,
    });
    await transport.start();
    this.transport = transport;
    const sender = {
      send: transport.send.bind(transport),
      host: settings.publicAddress,
      get port() {
        return transport.port;
      },
    };
    this.sip = new SipTransactions(sender, {
      onRequest: (incoming) => this.request(incoming),
      admit: (request, peer) => this.admit(request.method, peer),
      onCancelled: (invite) => void this.calls.get(readCallId(invite.request))?.callerHungUp('cancelled'),
      onAckTimeout: (invite) => {
        // Only a first INVITE starts the call; a lost ACK for a re-INVITE ends nothing.
        if (readTo(invite.request).params.has('tag')) return;
        void this.calls.get(readCallId(invite.request))?.callerHungUp('no ACK');
      },
    });
    this.registrar = new Registrar(this.options.db, {
      realm: settings.realm,
      nonceSecret: randomBytes(32),
      log: this.options.log,
    });
    this.outbound = new OutboundDialer({
      db: this.options.db,
      sip: this.sip,
      edge: { address: settings.publicAddress, port: transport.port },
      ports: this.ports,
      clock: this.clock,
      trunk: settings.trunk,
      recordingsDir: settings.recordingsDir,
      offerTimeoutSeconds: this.options.offerTimeoutSeconds,
      log: this.options.log,
      follow: (tenantId) => this.follow(tenantId),
      unfollow: (tenantId) => this.unfollow(tenantId),
    });
    this.options.log('info', `SIP edge listening on ${settings.sipHost}:${transport.port} (UDP and TCP)`);
  }

  async stop(): Promise<void> {
    for (const call of [...this.calls.values()]) {
      call.hangUpCaller();
      await call.callerHungUp('server stopping');
    }
    await this.outbound?.stop();
    for (const feed of this.feeds.values()) (await feed.unsubscribe)();
    this.feeds.clear();
    this.sip?.stop();
    this.clock.stop();
    await this.transport?.stop();
    this.transport = undefined;
  }

  private malformed(peer: SipPeer, error: SipParseError): void {
    this.stats.malformed++;
    this.options.log('warn', `SIP: malformed message from ${peer.address}:${peer.port}: ${error.reason}`);
  }

  private request(incoming: IncomingRequest) {
    const { request } = incoming;
    if (request.version !== 'SIP/2.0') return incoming.respond(505);
    switch (request.method) {
      case 'REGISTER':
        void this.registrar?.handle(incoming).catch((err: unknown) => this.failed(incoming, err));
        return;
      case 'OPTIONS':
        return incoming.respond(200, {
          headers: [
            { name: 'Allow', value: ALLOW },
            { name: 'Accept', value: 'application/sdp' },
          ],
        });
      case 'INVITE':
        void this.invite(incoming).catch((err: unknown) => this.failed(incoming, err));
        return;
      case 'ACK':
        return;
      case 'BYE':
        return this.bye(incoming);
      case 'INFO':
        return this.info(incoming);
      default:
        return incoming.respond(405, { headers: [{ name: 'Allow', value: ALLOW }] });
    }
  }

  /** The per-address flood limit, before any work: 503 with Retry-After, sent statelessly. */
  private admit(method: string, peer: SipPeer): Refusal | null {
    if (this.trusted.has(peer.address)) return null;
    const decision = this.limiter.take(peer.address, method, Date.now());
    if (decision.allowed) return null;
    this.stats.rateLimited++;
    if (this.stats.rateLimited % 100 === 1)
      this.options.log('warn', `SIP: ${method} flood from ${peer.address}, answering 503`);
    return { status: 503, headers: [{ name: 'Retry-After', value: String(decision.retryAfterSeconds) }] };
  }

  private failed(incoming: IncomingRequest, err: unknown): void {
    this.options.log(
      'error',
      `SIP ${incoming.request.method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    incoming.respond(500);
  }

  private async invite(incoming: IncomingRequest): Promise<void> {
    const { request } = incoming;
    const callId = readCallId(request);
    const to = readTo(request);
    if (to.params.has('tag')) {
      // A re-INVITE (a session refresh, a phone's hold button) on the caller's or a phone's leg.
      const call = this.calls.get(callId) ?? this.legs.get(callId);
      if (call) return call.reinvite(incoming, callId);
      // An outbound call's leg keeps its media as it is (481 would end its dialog).
      return incoming.respond(this.outbound?.has(callId) ? 488 : 481);
    }
    const uri = to.parsedUri && to.parsedUri.scheme !== 'tel' ? to.parsedUri.user : null;
    const dialled = (uri ?? '').replace(/^\+/, '');
    if (!/^[0-9]{2,20}$/.test(dialled)) return incoming.respond(404);
    const route = await findNumberRoute(this.options.db, dialled);
    if (!route) return incoming.respond(404);
    const call = new InboundCall(this.context(), incoming, route);
    this.calls.set(callId, call);
    this.stats.callsInProgress = this.calls.size;
    await call.answer();
    if (call.stage === 'ended') {
      this.calls.delete(callId);
      this.stats.callsInProgress = this.calls.size;
    }
  }

  private bye(incoming: IncomingRequest) {
    const callId = readCallId(incoming.request);
    const call = this.calls.get(callId);
    if (call) {
      incoming.respond(200);
      void call.callerHungUp('caller hung up');
      return;
    }
    // A leg of an outbound call (../outbound/outbound-dialer.ts).
    if (this.outbound?.bye(callId)) return incoming.respond(200);
    const bridged = this.legs.get(callId);
    if (bridged?.legHungUpBy(callId)) {
      incoming.respond(200);
      return;
    }
    incoming.respond(481);
  }

  /** DTMF by SIP INFO (application/dtmf-relay, application/dtmf), for phones that do not send RFC 4733. */
  private info(incoming: IncomingRequest) {
    const call = this.calls.get(readCallId(incoming.request));
    if (!call) return incoming.respond(481);
    const info = parseSipInfoDtmf(
      headerValue(incoming.request.headers, 'Content-Type') ?? '',
      incoming.request.body.toString('utf8'),
    );
    incoming.respond(info === null ? 415 : 200);
    if (info !== null) call.digit(info.digit);
  }

  private context(): CallContext {
    const { settings } = this.options;
    return {
      db: this.options.db,
      sip: this.sip!,
      edge: { address: settings.publicAddress, port: this.transport!.port },
      ports: this.ports,
      clock: this.clock,
      offerTimeoutSeconds: this.options.offerTimeoutSeconds,
      recordingsDir: settings.recordingsDir,
      positionEverySeconds: settings.positionEverySeconds,
      log: this.options.log,
      follow: (call) => this.follow(call.route.tenantId),
      track: (call, interactionId) => this.byInteraction.set(interactionId, call),
      trackLeg: (call, leg: AgentLeg) => this.legs.set(leg.callId, call),
      forget: (call) => this.forget(call),
    };
  }

  private forget(call: InboundCall): void {
    const callId = readCallId(call.invite.request);
    if (this.calls.get(callId) === call) this.calls.delete(callId);
    for (const [legId, owner] of this.legs) if (owner === call) this.legs.delete(legId);
    if (call.interactionId && this.byInteraction.get(call.interactionId) === call)
      this.byInteraction.delete(call.interactionId);
    if (call.following) this.unfollow(call.route.tenantId);
    this.stats.callsInProgress = this.calls.size;
  }

  /**
   * Listens to the tenant's routing events while it has calls here. Resolves once the feed is
   * live, so a call queued after it cannot miss its own offer.
   */
  private async follow(tenantId: string): Promise<void> {
    const feed = this.feeds.get(tenantId);
    if (feed) {
      feed.calls++;
      await feed.unsubscribe;
      return;
    }
    const unsubscribe = this.options.events.subscribe(
      {
        tenantId,
        accepts: (event) =>
          event.aggregateType === 'interaction' &&
          (this.byInteraction.has(event.aggregateId) ||
            this.outbound?.forInteraction(event.aggregateId) !== undefined),
        send: (event) => this.routingEvent(event),
        control: () => undefined,
      },
      null,
    );
    this.feeds.set(tenantId, { unsubscribe, calls: 1 });
    await unsubscribe;
  }

  private unfollow(tenantId: string): void {
    const feed = this.feeds.get(tenantId);
    if (!feed) return;
    feed.calls--;
    if (feed.calls > 0) return;
    this.feeds.delete(tenantId);
    void feed.unsubscribe.then(
      (off) => off(),
      () => undefined,
    );
  }

  /** An outbound call placed here: hung up or held from the desktop. */
  private outboundEvent(event: OutboxEvent): void {
    const call = this.outbound?.forInteraction(event.aggregateId);
    if (!call) return;
    const payload = event.payload as { byRole?: string; by?: string; action?: CallControl };
    const failed = (err: unknown) =>
      this.options.log('error', `voice: ${event.type} on outbound call ${call.id}: ${String(err)}`);
    if (event.type === 'voice.hangup_requested')
      void call.hangUpFromDesktop(payload.byRole === 'agent' ? 'agent' : 'system').catch(failed);
    else if (
      event.type === 'voice.call_control' &&
      (payload.action === 'hold' || payload.action === 'resume')
    )
      void call.setHeld(payload.action === 'hold', payload.by ?? null).catch(failed);
  }

  private routingEvent(event: OutboxEvent): void {
    const call = this.byInteraction.get(event.aggregateId);
    if (!call) {
      this.outboundEvent(event);
      return;
    }
    const payload = event.payload as {
      agentId?: string;
      offerId?: string;
      byRole?: string;
      by?: string;
      action?: CallControl;
      previousAgentId?: string | null;
      queueId?: string;
    };
    const failed = (what: string) => (err: unknown) =>
      this.options.log('error', `voice: ${what} on call ${call.callRecordId}: ${String(err)}`);
    if (event.type === 'voice.hangup_requested') {
      void call
        .inOrder(() => call.hangUpFromDesktop(payload.byRole === 'agent' ? 'agent' : 'system'))
        .catch(failed('hang-up'));
      return;
    }
    if (event.type === 'voice.call_control' && payload.action) {
      const action = payload.action;
      void call.inOrder(() => call.control(action, payload)).catch(failed(action));
      return;
    }
    if (event.type === 'interaction.transferred') {
      void call.inOrder(() => call.transferred(payload)).catch(failed('transfer'));
      return;
    }
    if (event.type === 'interaction.offered' && payload.agentId && payload.offerId) {
      const { agentId, offerId } = payload;
      void call.inOrder(() => call.offered(agentId, offerId)).catch(failed(`ringing ${agentId}`));
    } else if (
      // Expired, withdrawn, or declined on the desktop: the phone stops ringing.
      (event.type === 'interaction.offer_expired' ||
        event.type === 'interaction.offer_withdrawn' ||
        event.type === 'interaction.declined') &&
      payload.offerId
    ) {
      const { offerId } = payload;
      void call.inOrder(async () => call.offerEnded(offerId)).catch(failed('offer end'));
    }
  }
}
