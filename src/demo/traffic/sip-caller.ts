/**
 * A simulated customer's phone (a minimal SIP user agent, RFC 3261, over UDP): it calls a
 * hotline number at Hotline's own SIP edge, sends the caller's voice as G.711 RTP once
 * answered, presses keys by RFC 4733, and hangs up after its planned time, or answers
 * Hotline's BYE when Hotline ends the call first. Built on the project's SIP parser and
 * serializer and its RTP code; it keeps only the client side of the transactions it uses
 * (INVITE, ACK, CANCEL, BYE), each retransmitted with RFC 3261's timers as UDP requires.
 */
import { randomBytes } from 'node:crypto';
import type dgram from 'node:dgram';
import { buildSdpOffer, chooseCodec, parseRemoteSdp } from '../../channels/voice/media/sdp.ts';
import { readContacts, readCSeq } from '../../channels/voice/sip/sip-fields.ts';
import { headerValue, type SipHeader } from '../../channels/voice/sip/sip-headers.ts';
import { quote } from '../../channels/voice/sip/sip-lexer.ts';
import {
  parseSipMessage,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  serializeSipMessage,
} from '../../channels/voice/sip/sip-message.ts';
import { buildResponse, randomTag } from '../../channels/voice/sip/sip-response.ts';
import { CallerMedia } from './caller-media.ts';
import { callerVoice } from './caller-voice.ts';
import { bindUdp, newBranch } from './udp.ts';

const T1 = 500;
const T2 = 4000;
/** How long a request is resent before the call is given up (64·T1). */
const TRANSACTION_TIMEOUT = 64 * T1;
/** A BYE unanswered for this long is given up on: the edge ends a silent call by itself. */
const BYE_TIMEOUT = 8000;
const USER_AGENT = 'hotline-demo-traffic';

export interface SipCallOptions {
  /** Hotline's SIP edge. */
  edge: { address: string; port: number };
  /** The address this phone binds and announces in Contact and SDP (one the edge can reach). */
  localAddress: string;
  /** The hotline number dialled. */
  number: string;
  /** The caller's number (E.164, + allowed) and name, as From shows them. */
  caller: { number: string; name: string };
  /** Hang up this long after the answer. */
  hangUpAfterMs: number;
  /** Keys to press after the answer. */
  digits?: readonly { digit: string; afterMs: number }[];
  /** Picks the caller's voice. */
  voiceSeed?: number;
}

export type CallOutcome =
  /** Hotline refused the call (404 unknown number, 486, 503 over the flood limit …; 408 no answer at all). */
  | { result: 'refused'; status: number }
  /** Answered, and the caller hung up as planned (or when told to stop). */
  | { result: 'hung_up'; talkedMs: number }
  /** Answered, and Hotline ended the call (the agent hung up, the IVR said goodbye). */
  | { result: 'ended_by_hotline'; talkedMs: number };

type Stage = 'calling' | 'answered' | 'ending' | 'ended';

export class SipCaller {
  private stage: Stage = 'calling';
  private readonly callId: string;
  private readonly fromTag = randomTag();
  private readonly inviteBranch = newBranch();
  private invite!: SipRequest;
  /** Hotline's To (with its tag) and Contact, once answered. */
  private remote: { to: string; target: string } | undefined;
  private answeredAt = 0;
  private cseq = 1;
  private readonly timers = new Set<NodeJS.Timeout>();
  private resend: { timer: NodeJS.Timeout; cseq: number; method: string } | undefined;
  private stopWanted = false;
  private socketClosed = false;
  private settle!: (outcome: CallOutcome) => void;
  /** Resolves once the call is over and its sockets are closed; never rejects. */
  readonly done: Promise<CallOutcome>;

  private constructor(
    private readonly options: SipCallOptions,
    private readonly socket: dgram.Socket,
    private readonly media: CallerMedia,
  ) {
    this.callId = `${randomBytes(12).toString('hex')}@${options.localAddress}`;
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** Opens the phone's sockets and dials; the call's end is `done`. */
  static async dial(options: SipCallOptions): Promise<SipCaller> {
    const media = await CallerMedia.open(options.localAddress, callerVoice(8, options.voiceSeed ?? 1));
    let socket: dgram.Socket;
    try {
      socket = await bindUdp(options.localAddress);
    } catch (err) {
      media.close();
      throw err;
    }
    const caller = new SipCaller(options, socket, media);
    socket.on('message', (bytes, from) => caller.receive(bytes, from));
    // A send to a closed port (the server gone) shows here; the transaction timers end the call.
    socket.on('error', () => undefined);
    caller.sendInvite();
    return caller;
  }

  /** Hangs up now (the generator is stopping): BYE when answered, CANCEL while it is not yet. */
  hangUp(): void {
    this.stopWanted = true;
    if (this.stage === 'answered') this.sendBye();
    else if (this.stage === 'calling') this.sendCancel();
  }

  /** Ends the call here and now, without waiting for Hotline (the server is going away). */
  abandon(): void {
    this.finish(this.stage === 'calling' ? { result: 'refused', status: 487 } : this.talked('hung_up'));
  }

  private get port(): number {
    return this.socket.address().port;
  }

  private get contact(): string {
    return `<sip:${this.options.caller.number}@${this.options.localAddress}:${this.port}>`;
  }

  private sendInvite(): void {
    const { edge, number, caller, localAddress } = this.options;
    const sdp = buildSdpOffer({
      address: localAddress,
      port: this.media.localPort,
      sessionId: String(Date.now()),
      codecs: ['PCMU', 'PCMA'],
    });
    this.invite = this.request('INVITE', `sip:${number}@${edge.address}:${edge.port}`, this.inviteBranch, 1, {
      to: `<sip:${number}@${edge.address}:${edge.port}>`,
      extra: [
        { name: 'Contact', value: this.contact },
        { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS' },
        { name: 'Content-Type', value: 'application/sdp' },
      ],
      body: Buffer.from(sdp),
      from: `${quote(caller.name)} <sip:${caller.number}@${localAddress}>;tag=${this.fromTag}`,
    });
    this.transmit(this.invite, 'INVITE', 1, TRANSACTION_TIMEOUT, () =>
      this.finish({ result: 'refused', status: 408 }),
    );
  }

  private sendCancel(): void {
    // A CANCEL is its own transaction on the INVITE's branch (§9.1); the INVITE then gets 487.
    const cancel = this.request('CANCEL', this.invite.uri, this.inviteBranch, 1, {
      to: headerValue(this.invite.headers, 'To')!,
    });
    this.send(cancel);
  }

  private sendBye(): void {
    if (this.stage !== 'answered' || !this.remote) return;
    this.stage = 'ending';
    this.media.close();
    this.cseq += 1;
    const bye = this.request('BYE', this.remote.target, newBranch(), this.cseq, { to: this.remote.to });
    this.transmit(bye, 'BYE', this.cseq, BYE_TIMEOUT, () => this.finish(this.talked('hung_up')));
  }

  private request(
    method: string,
    uri: string,
    branch: string,
    seq: number,
    parts: { to: string; from?: string; extra?: SipHeader[]; body?: Buffer },
  ): SipRequest {
    const from =
      parts.from ?? headerValue(this.invite.headers, 'From') ?? `<sip:${this.options.caller.number}@x>`;
    return {
      kind: 'request',
      method,
      uri,
      version: 'SIP/2.0',
      headers: [
        {
          name: 'Via',
          value: `SIP/2.0/UDP ${this.options.localAddress}:${this.port};branch=${branch};rport`,
        },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: from },
        { name: 'To', value: parts.to },
        { name: 'Call-ID', value: this.callId },
        { name: 'CSeq', value: `${seq} ${method}` },
        { name: 'User-Agent', value: USER_AGENT },
        ...(parts.extra ?? []),
      ],
      body: parts.body ?? Buffer.alloc(0),
    };
  }

  /** Sends a request and resends it (T1, doubling up to T2) until answered or `timeoutMs`. */
  private transmit(
    request: SipRequest,
    method: string,
    cseq: number,
    timeoutMs: number,
    onTimeout: () => void,
  ) {
    this.send(request);
    const started = Date.now();
    let interval = T1;
    const again = () => {
      if (Date.now() - started >= timeoutMs) {
        this.resend = undefined;
        onTimeout();
        return;
      }
      this.send(request);
      interval = Math.min(interval * 2, method === 'INVITE' ? interval * 2 : T2);
      this.resend = { timer: this.later(interval, again), cseq, method };
    };
    this.resend = { timer: this.later(interval, again), cseq, method };
  }

  private stopResending(cseq: number, method: string): void {
    if (this.resend && this.resend.cseq === cseq && this.resend.method === method) {
      clearTimeout(this.resend.timer);
      this.timers.delete(this.resend.timer);
      this.resend = undefined;
    }
  }

  private receive(bytes: Buffer, from: dgram.RemoteInfo): void {
    let message: SipMessage;
    try {
      message = parseSipMessage(bytes);
    } catch {
      return; // not SIP, or broken: a phone ignores it
    }
    if (headerValue(message.headers, 'Call-ID') !== this.callId) {
      if (message.kind === 'request' && message.method !== 'ACK') this.reply(message, 481, from);
      return;
    }
    if (message.kind === 'response') this.response(message);
    else this.incoming(message, from);
  }

  private response(response: SipResponse): void {
    const cseq = readCSeq(response);
    if (cseq.method === 'INVITE') {
      // Any answer stops the INVITE's resends (a provisional one too, §17.1.1.2).
      this.stopResending(cseq.seq, 'INVITE');
      if (response.status < 200) return;
      if (response.status >= 300) {
        this.ackFailure(response);
        if (this.stage === 'calling') this.finish({ result: 'refused', status: response.status });
        return;
      }
      this.answered(response);
      return;
    }
    if (cseq.method === 'BYE' && response.status >= 200) {
      this.stopResending(cseq.seq, 'BYE');
      this.finish(this.talked('hung_up'));
    }
  }

  /** A 2xx (the first, or a resend because our ACK was lost): ACK it; the first starts the talk. */
  private answered(ok: SipResponse): void {
    const contacts = readContacts(ok);
    const target = contacts === '*' ? undefined : contacts[0]?.uri;
    const remote = { to: headerValue(ok.headers, 'To')!, target: target ?? this.invite.uri };
    // The ACK for a 2xx is a new transaction, sent to the Contact (§13.2.2.4).
    this.send(this.request('ACK', remote.target, newBranch(), 1, { to: remote.to }));
    if (this.stage !== 'calling') return;
    this.remote = remote;
    this.stage = 'answered';
    this.answeredAt = Date.now();
    if (this.stopWanted) {
      this.sendBye();
      return;
    }
    try {
      const audio = parseRemoteSdp(ok.body.toString('utf8'));
      const codec = chooseCodec(audio);
      if (codec) {
        this.media.start({
          address: audio.address,
          port: audio.port,
          codec: codec.codec,
          payloadType: codec.payloadType,
          telephoneEventPayloadType: audio.telephoneEventPayloadType,
        });
      }
    } catch {
      // An answer without usable SDP: the call goes on silent, as a broken phone's would.
    }
    for (const press of this.options.digits ?? [])
      this.later(press.afterMs, () => this.stage === 'answered' && this.media.press(press.digit));
    this.later(this.options.hangUpAfterMs, () => this.sendBye());
  }

  /** The ACK for a non-2xx final answer belongs to the INVITE's transaction (§17.1.1.3). */
  private ackFailure(response: SipResponse): void {
    const to = headerValue(response.headers, 'To') ?? headerValue(this.invite.headers, 'To')!;
    this.send(this.request('ACK', this.invite.uri, this.inviteBranch, 1, { to }));
  }

  private incoming(request: SipRequest, from: dgram.RemoteInfo): void {
    switch (request.method) {
      case 'BYE':
        this.reply(request, 200, from);
        this.finish(this.talked('ended_by_hotline'));
        return;
      case 'ACK':
        return;
      case 'OPTIONS':
        this.reply(request, 200, from);
        return;
      case 'INVITE':
        // A re-INVITE (hold, a media change): this simple phone keeps its media as it is.
        this.reply(request, 488, from);
        return;
      default:
        this.reply(request, 405, from);
    }
  }

  private reply(request: SipRequest, status: number, to: dgram.RemoteInfo): void {
    const response = buildResponse(request, status, {
      toTag: this.fromTag,
      ...(status === 405 ? { headers: [{ name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS' }] } : {}),
    });
    this.sendTo(response, to.address, to.port);
  }

  private talked(result: 'hung_up' | 'ended_by_hotline'): CallOutcome {
    return { result, talkedMs: this.answeredAt ? Date.now() - this.answeredAt : 0 };
  }

  private finish(outcome: CallOutcome): void {
    if (this.stage === 'ended') return;
    this.stage = 'ended';
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.media.close();
    // A moment for the last answer (our 200 to a BYE) to leave before the socket closes.
    setTimeout(() => {
      this.socketClosed = true;
      this.socket.close();
      this.settle(outcome);
    }, 50);
  }

  private send(message: SipMessage): void {
    this.sendTo(message, this.options.edge.address, this.options.edge.port);
  }

  private sendTo(message: SipMessage, address: string, port: number): void {
    if (this.socketClosed || (this.stage === 'ended' && message.kind === 'request')) return;
    this.socket.send(serializeSipMessage(message), port, address);
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }
}
