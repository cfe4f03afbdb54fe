/**
 * The outbound call's leg to the customer, through the SIP trunk: we are the caller (UAC).
 * Like the leg to an agent's phone (edge/agent-leg.ts), but it dials a number at the trunk
 * with the tenant's caller ID (From and P-Asserted-Identity), and takes early media: a 183
 * with SDP (the network's ringback, a coloured ring tone, "the number is not in service")
 * is heard by the agent as it comes.
 */
import type { SipTrunk } from '../../../kernel/config.ts';
import type { EdgeAddress } from '../edge/agent-leg.ts';
import { remoteMediaOf } from '../edge/remote-media.ts';
import { type MediaClock, type PortPool, RtpLeg } from '../edge/rtp-leg.ts';
import { ackFor, type Dialog, dialogAsCaller, inDialogRequest } from '../edge/sip-dialog.ts';
import { newCallId, type OutgoingRequest, type SipTransactions } from '../edge/sip-transactions.ts';
import type { SipPeer } from '../edge/sip-transport.ts';
import { buildSdpOffer } from '../media/sdp.ts';
import { readCSeq } from '../sip/sip-fields.ts';
import type { SipRequest, SipResponse } from '../sip/sip-message.ts';
import { randomTag } from '../sip/sip-response.ts';
import { dialUser, trunkRequestUri } from './outbound-dial.ts';

export interface TrunkLegEvents {
  /** 180 or 183; `earlyMedia` when the network now sends audio (the leg's RTP is connected). */
  ringing(earlyMedia: boolean): void;
  answered(): void;
  /** Refused, unreachable, or cancelled; `status` is the SIP final status. */
  failed(status: number): void;
  /** The customer hung up a connected call. */
  hungUp(): void;
}

export class TrunkLeg {
  readonly callId: string;
  rtp: RtpLeg | undefined;
  private dialog: Dialog | undefined;
  private invite: OutgoingRequest | undefined;
  private ended = false;
  private early = false;

  constructor(
    private readonly trunk: SipTrunk,
    private readonly sip: SipTransactions,
    private readonly edge: EdgeAddress,
    private readonly events: TrunkLegEvents,
  ) {
    this.callId = newCallId(edge.address);
  }

  get peer(): SipPeer {
    return { transport: this.trunk.transport, address: this.trunk.host, port: this.trunk.port };
  }

  /** Sends the INVITE for `number` (E.164) from `callerId`, with our media offer. */
  async dial(ports: PortPool, clock: MediaClock, number: string, callerId: string): Promise<void> {
    this.rtp = await RtpLeg.open(this.edge.address, ports);
    clock.add(this.rtp);
    const sdp = buildSdpOffer({
      address: this.edge.address,
      port: this.rtp.localPort,
      sessionId: String(Date.now()),
    });
    const uri = trunkRequestUri(number, this.trunk);
    const from = dialUser(callerId);
    const request: SipRequest = {
      kind: 'request',
      method: 'INVITE',
      uri,
      version: 'SIP/2.0',
      headers: [
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `"${from}" <sip:${from}@${this.edge.address}>;tag=${randomTag()}` },
        { name: 'To', value: `<${uri}>` },
        { name: 'Call-ID', value: this.callId },
        { name: 'CSeq', value: '1 INVITE' },
        { name: 'Contact', value: `<sip:hotline@${this.edge.address}:${this.edge.port}>` },
        // The identity the network shows the customer (RFC 3325), for trunks that read it.
        { name: 'P-Asserted-Identity', value: `<sip:${from}@${this.edge.address}>` },
        { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO' },
        { name: 'Content-Type', value: 'application/sdp' },
      ],
      body: Buffer.from(sdp),
    };
    this.invite = this.sip.request(request, this.peer, {
      onProvisional: (response) => this.provisional(response),
      onFinal: (response) => this.final(response),
    });
  }

  /** Stops dialling (the agent gave up, the ring timeout); a connected call is hung up instead. */
  hangUp(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.dialog)
      this.sip.request(inDialogRequest(this.dialog, 'BYE'), this.dialog.peer, { onFinal: () => undefined });
    else this.invite?.cancel();
    this.rtp?.close();
  }

  /** The trunk sent BYE for this leg. */
  remoteHangUp(): void {
    if (this.ended) return;
    this.ended = true;
    this.rtp?.close();
    this.events.hungUp();
  }

  private provisional(response: SipResponse): void {
    if (this.ended || (response.status !== 180 && response.status !== 183)) return;
    const early = response.body.length > 0 && !this.early && this.connectMedia(response);
    if (early) this.early = true;
    this.events.ringing(early);
  }

  private final(response: SipResponse): void {
    const invite = this.invite?.request;
    if (!invite) return;
    if (response.status >= 300) {
      if (this.ended) return;
      this.ended = true;
      this.rtp?.close();
      this.events.failed(response.status);
      return;
    }
    if (this.dialog) {
      // A retransmitted 2xx: our ACK was lost.
      this.sip.send(ackFor(this.dialog, readCSeq(invite).seq), this.dialog.peer);
      return;
    }
    this.dialog = dialogAsCaller(invite, response, this.peer);
    this.sip.send(ackFor(this.dialog, readCSeq(invite).seq), this.dialog.peer);
    if (this.ended) {
      // Answered just as we gave up: hang up at once.
      this.sip.request(inDialogRequest(this.dialog, 'BYE'), this.dialog.peer, { onFinal: () => undefined });
      return;
    }
    if (!this.connectMedia(response)) {
      this.hangUp();
      this.events.failed(488);
      return;
    }
    this.events.answered();
  }

  /** Points our RTP at the SDP of a 183 or the 2xx; false when it offers nothing we can use. */
  private connectMedia(response: SipResponse): boolean {
    try {
      this.rtp?.connect(remoteMediaOf(response.body.toString('utf8'), 'the trunk'), performance.now());
      return true;
    } catch {
      return false;
    }
  }
}
