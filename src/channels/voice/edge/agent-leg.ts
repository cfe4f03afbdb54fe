/**
 * The call's leg to an agent's phone: we are the caller here (UAC). It rings the phone the
 * agent registered, reports ringing, answer or refusal, and hangs up or cancels on request.
 */

import { buildSdpOffer } from '../media/sdp.ts';
import { readCSeq } from '../sip/sip-fields.ts';
import type { SipRequest, SipResponse } from '../sip/sip-message.ts';
import { randomTag } from '../sip/sip-response.ts';
import { parseUri } from '../sip/sip-uri.ts';
import type { PhoneBinding } from '../voice-call.store.ts';
import { remoteMediaOf } from './remote-media.ts';
import { type MediaClock, type PortPool, RtpLeg } from './rtp-leg.ts';
import { ackFor, type Dialog, dialogAsCaller, inDialogRequest } from './sip-dialog.ts';
import { newCallId, type OutgoingRequest, type SipTransactions } from './sip-transactions.ts';
import type { SipPeer } from './sip-transport.ts';

export interface AgentLegEvents {
  ringing(leg: AgentLeg): void;
  answered(leg: AgentLeg): void;
  /** Refused, unreachable or cancelled before answering; `status` is the SIP final status. */
  failed(leg: AgentLeg, status: number): void;
  /** The agent hung up a connected call. */
  hungUp(leg: AgentLeg): void;
}

export interface EdgeAddress {
  address: string;
  port: number;
}

export class AgentLeg {
  readonly callId: string;
  dialog: Dialog | undefined;
  rtp: RtpLeg | undefined;
  private invite: OutgoingRequest | undefined;
  private ended = false;

  constructor(
    readonly agentId: string,
    readonly offerId: string,
    private readonly phone: PhoneBinding,
    private readonly sip: SipTransactions,
    private readonly edge: EdgeAddress,
    private readonly events: AgentLegEvents,
  ) {
    this.callId = newCallId(edge.address);
  }

  /**
   * Where the INVITE goes. A phone whose Contact names the address its REGISTER came from is
   * reached at its Contact's port (it may register from one socket and listen on another);
   * behind NAT the Contact names a private address, so only the REGISTER's source works.
   * Over TCP, the connection the phone registered on.
   */
  get peer(): SipPeer {
    const source: SipPeer = {
      transport: this.phone.transport,
      address: this.phone.address,
      port: this.phone.port,
    };
    if (this.phone.transport !== 'udp') return source;
    try {
      const uri = parseUri(this.phone.contact);
      if (uri.scheme !== 'tel' && uri.host === this.phone.address)
        return { transport: 'udp', address: uri.host, port: uri.port ?? 5060 };
    } catch {
      // An unreadable Contact: the source is all we know.
    }
    return source;
  }

  /** Sends the INVITE with our media offer. */
  async ring(
    ports: PortPool,
    clock: MediaClock,
    caller: { number: string | null; name: string | null },
  ): Promise<void> {
    this.rtp = await RtpLeg.open(this.edge.address === '0.0.0.0' ? '0.0.0.0' : this.edge.address, ports);
    clock.add(this.rtp);
    const sdp = buildSdpOffer({
      address: this.edge.address,
      port: this.rtp.localPort,
      sessionId: String(Date.now()),
    });
    const display = (caller.name ?? caller.number ?? 'Hotline').replace(/["\\\r\n]/g, '');
    const fromUser = caller.number ?? 'hotline';
    const request: SipRequest = {
      kind: 'request',
      method: 'INVITE',
      uri: this.phone.contact,
      version: 'SIP/2.0',
      headers: [
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `"${display}" <sip:${fromUser}@${this.edge.address}>;tag=${randomTag()}` },
        { name: 'To', value: `<${this.phone.contact}>` },
        { name: 'Call-ID', value: this.callId },
        { name: 'CSeq', value: '1 INVITE' },
        { name: 'Contact', value: `<sip:hotline@${this.edge.address}:${this.edge.port}>` },
        { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO' },
        { name: 'Content-Type', value: 'application/sdp' },
      ],
      body: Buffer.from(sdp),
    };
    this.invite = this.sip.request(request, this.peer, {
      onProvisional: (response) => {
        if (response.status === 180 || response.status === 183) this.events.ringing(this);
      },
      onFinal: (response) => this.final(response),
    });
  }

  /** Stops ringing (the offer expired or was withdrawn, or the caller left). */
  cancel(): void {
    if (this.dialog || this.ended) return;
    this.invite?.cancel();
  }

  /** Hangs up a connected call (the caller left, or the call moves elsewhere). */
  hangUp(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.dialog)
      this.sip.request(inDialogRequest(this.dialog, 'BYE'), this.dialog.peer, { onFinal: () => undefined });
    else this.invite?.cancel();
    this.release();
  }

  /** The phone sent BYE. */
  remoteHangUp(): void {
    if (this.ended) return;
    this.ended = true;
    this.release();
    this.events.hungUp(this);
  }

  release(): void {
    this.rtp?.close();
  }

  private final(response: SipResponse): void {
    const invite = this.invite?.request;
    if (!invite) return;
    if (response.status >= 300) {
      if (this.ended) return;
      this.ended = true;
      this.release();
      this.events.failed(this, response.status);
      return;
    }
    if (this.dialog) {
      // A retransmitted 2xx: our ACK was lost, send it again.
      this.sip.send(ackFor(this.dialog, readCSeq(invite).seq), this.dialog.peer);
      return;
    }
    this.dialog = dialogAsCaller(invite, response, this.peer);
    this.sip.send(ackFor(this.dialog, readCSeq(invite).seq), this.dialog.peer);
    if (this.ended) {
      // Answered just as we gave up on it: hang up at once.
      this.sip.request(inDialogRequest(this.dialog, 'BYE'), this.dialog.peer, { onFinal: () => undefined });
      return;
    }
    try {
      this.rtp?.connect(remoteMediaOf(response.body.toString('utf8'), 'the phone'), performance.now());
    } catch {
      this.hangUp();
      this.events.failed(this, 488);
      return;
    }
    this.events.answered(this);
  }
}
