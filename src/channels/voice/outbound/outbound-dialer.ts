/**
 * The outbound calls of one SIP edge: it starts them and finds a call by the SIP Call-ID of
 * either leg when a BYE (or a re-INVITE) arrives. The edge constructs it when it starts
 * (edge/voice-edge.ts), and it registers under the edge's database handle so the HTTP route,
 * built before the edge, can reach it (`dialerFor`).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../kernel/db/schema.ts';
import {
  OutboundCall as Call,
  type OutboundCall,
  type OutboundContext,
  type OutboundPlan,
} from './outbound-call.ts';

export type DialerOptions = Omit<
  OutboundContext,
  'track' | 'forget' | 'trunk' | 'agentRingSeconds' | 'customerRingSeconds'
> & {
  trunk: OutboundContext['trunk'] | null;
  agentRingSeconds?: number;
  customerRingSeconds?: number;
};

const dialers = new WeakMap<Kysely<DB>, OutboundDialer>();

/** The dialer of the SIP edge running on this database handle (undefined: the edge is off). */
export function dialerFor(db: Kysely<DB>): OutboundDialer | undefined {
  return dialers.get(db);
}

export class OutboundDialer {
  private readonly bySipCallId = new Map<string, OutboundCall>();
  private readonly calls = new Set<OutboundCall>();

  constructor(private readonly options: DialerOptions) {
    dialers.set(options.db, this);
  }

  get trunkConfigured(): boolean {
    return this.options.trunk !== null;
  }

  /** The address the edge writes into SDP and Contact (Call-IDs are made with it). */
  get edgeAddress(): string {
    return this.options.edge.address;
  }

  /** Rings the agent's phone for a planned call; resolves once the INVITE is out. */
  async start(plan: OutboundPlan): Promise<OutboundCall> {
    const trunk = this.options.trunk;
    if (!trunk) throw new Error('no trunk configured');
    const call = new Call(
      {
        ...this.options,
        trunk,
        agentRingSeconds: this.options.agentRingSeconds ?? 30,
        customerRingSeconds: this.options.customerRingSeconds ?? 45,
        track: (c, sipCallId) => this.bySipCallId.set(sipCallId, c),
        forget: (c) => this.forget(c),
      },
      plan,
    );
    this.calls.add(call);
    await call.start();
    return call;
  }

  /** Whether this Call-ID is a leg of one of our calls. */
  has(sipCallId: string): boolean {
    return this.bySipCallId.has(sipCallId);
  }

  /** A BYE for one of our legs; false when the Call-ID is not ours. */
  bye(sipCallId: string): boolean {
    return this.bySipCallId.get(sipCallId)?.hungUpBy(sipCallId) ?? false;
  }

  /** The call placed here for this interaction (the feed's events are found by interaction). */
  forInteraction(interactionId: string): OutboundCall | undefined {
    for (const call of this.calls) if (call.interactionId === interactionId) return call;
    return undefined;
  }

  /** The calls in progress here (tests, stats). */
  get inProgress(): number {
    return this.calls.size;
  }

  async stop(): Promise<void> {
    for (const call of [...this.calls]) await call.hangUp('server stopping');
    if (dialers.get(this.options.db) === this) dialers.delete(this.options.db);
  }

  private forget(call: OutboundCall): void {
    this.calls.delete(call);
    for (const [id, owner] of this.bySipCallId) if (owner === call) this.bySipCallId.delete(id);
  }
}
