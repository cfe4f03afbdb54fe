/**
 * A simulated agent's desk phone (a minimal SIP user agent over UDP): it registers the
 * agent's SIP account with Hotline's registrar (digest authentication, refreshed before it
 * expires), rings when Hotline offers it a call, picks up after a few seconds, talks (G.711
 * RTP) and hangs up after a while, or answers Hotline's BYE when the caller leaves first.
 * One call at a time; a second INVITE meanwhile is answered 486 Busy Here.
 */
import { randomBytes } from 'node:crypto';
import type dgram from 'node:dgram';
import { buildSdpAnswer } from '../../channels/voice/media/sdp.ts';
import { readContacts, readCSeq, readFrom, readTo } from '../../channels/voice/sip/sip-fields.ts';
import { headerValue, headerValues, type SipHeader } from '../../channels/voice/sip/sip-headers.ts';
import {
  parseSipMessage,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  serializeSipMessage,
} from '../../channels/voice/sip/sip-message.ts';
import { tagOf } from '../../channels/voice/sip/sip-name-addr.ts';
import { buildResponse, randomTag } from '../../channels/voice/sip/sip-response.ts';
import { CallerMedia } from './caller-media.ts';
import { callerVoice } from './caller-voice.ts';
import { authorization, pickChallenge } from './digest-client.ts';
import { bindUdp, newBranch } from './udp.ts';

const T1 = 500;
const T2 = 4000;
const TIMEOUT = 64 * T1;
const REGISTER_SECONDS = 300;
const USER_AGENT = 'hotline-demo-agent-phone';

export interface AgentPhoneOptions {
  edge: { address: string; port: number };
  localAddress: string;
  username: string;
  password: string;
  /** How long the phone rings before the agent picks up. */
  ringMs(): number;
  /** How long the agent talks before hanging up (the caller may hang up first). */
  talkMs(): number;
  voiceSeed: number;
  /** A call this phone answered has ended (either side hung up). */
  onCallEnded?(): void;
}

interface Call {
  invite: SipRequest;
  from: dgram.RemoteInfo;
  toTag: string;
  last?: SipResponse;
  media?: CallerMedia;
  answered: boolean;
  acked: boolean;
  timers: NodeJS.Timeout[];
}

interface Pending {
  resolve(response: SipResponse): void;
  reject(err: Error): void;
  timers: NodeJS.Timeout[];
}

export class AgentPhone {
  private readonly registerCallId = `${randomBytes(12).toString('hex')}@demo`;
  private readonly registerTag = randomTag();
  private cseq = 0;
  private readonly pending = new Map<string, Pending>();
  private call: Call | undefined;
  private refresh: NodeJS.Timeout | undefined;
  private closed = false;
  callsAnswered = 0;

  private constructor(
    private readonly options: AgentPhoneOptions,
    private readonly socket: dgram.Socket,
  ) {
    socket.on('message', (bytes, from) => this.receive(bytes, from));
    socket.on('error', () => undefined);
  }

  static async open(options: AgentPhoneOptions): Promise<AgentPhone> {
    return new AgentPhone(options, await bindUdp(options.localAddress));
  }

  /** Whether a call is ringing or connected now. */
  get busy(): boolean {
    return this.call !== undefined;
  }

  /** Registers (and keeps re-registering until close); throws when the registrar refuses. */
  async register(): Promise<void> {
    await this.sendRegister(REGISTER_SECONDS);
    this.refresh = setInterval(() => {
      this.sendRegister(REGISTER_SECONDS).catch(() => undefined); // the next refresh tries again
    }, REGISTER_SECONDS * 800);
  }

  /** Hangs up, unregisters (so Hotline rings no dead phone) and closes the socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.refresh) clearInterval(this.refresh);
    this.hangUp();
    // A server already gone does not answer: the phone waits a moment, not a transaction's 32 s.
    let wait: NodeJS.Timeout | undefined;
    await Promise.race([
      this.sendRegister(0).catch(() => undefined),
      new Promise((resolve) => {
        wait = setTimeout(resolve, 2000);
      }),
    ]);
    clearTimeout(wait);
    this.closed = true;
    for (const p of this.pending.values()) for (const t of p.timers) clearTimeout(t);
    this.socket.close();
  }

  private get port(): number {
    return this.socket.address().port;
  }

  private get uriHost(): string {
    return `${this.options.edge.address}:${this.options.edge.port}`;
  }

  private async sendRegister(expires: number): Promise<void> {
    const { username, password } = this.options;
    const uri = `sip:${this.uriHost}`;
    const build = (auth: SipHeader[]) =>
      this.request('REGISTER', uri, ++this.cseq, {
        callId: this.registerCallId,
        from: `<sip:${username}@${this.options.edge.address}>;tag=${this.registerTag}`,
        to: `<sip:${username}@${this.options.edge.address}>`,
        extra: [
          { name: 'Contact', value: `<sip:${username}@${this.options.localAddress}:${this.port}>` },
          { name: 'Expires', value: String(expires) },
          ...auth,
        ],
      });
    let response = await this.transact(build([]));
    if (response.status === 401) {
      const challenge = pickChallenge(headerValues(response.headers, 'WWW-Authenticate'));
      if (!challenge) throw new Error('the registrar sent no Digest challenge');
      const value = authorization(challenge, { username, password, method: 'REGISTER', uri, nc: 1 });
      response = await this.transact(build([{ name: 'Authorization', value }]));
    }
    if (response.status >= 300)
      throw new Error(`REGISTER ${username} answered ${response.status} ${response.reason}`);
  }

  /** Hangs up the call now, whatever its state. */
  hangUp(): void {
    const call = this.call;
    if (!call) return;
    if (!call.answered) {
      this.respond(call, 486);
      this.endCall();
      return;
    }
    this.sendBye(call);
  }

  private receive(bytes: Buffer, from: dgram.RemoteInfo): void {
    let message: SipMessage;
    try {
      message = parseSipMessage(bytes);
    } catch {
      return;
    }
    if (message.kind === 'response') {
      const cseq = readCSeq(message);
      const key = `${cseq.seq} ${cseq.method}`;
      const pending = this.pending.get(key);
      if (!pending || message.status < 200) return;
      this.pending.delete(key);
      for (const t of pending.timers) clearTimeout(t);
      pending.resolve(message);
      return;
    }
    this.incoming(message, from);
  }

  private incoming(request: SipRequest, from: dgram.RemoteInfo): void {
    const callId = headerValue(request.headers, 'Call-ID');
    const call =
      this.call && headerValue(this.call.invite.headers, 'Call-ID') === callId ? this.call : undefined;
    switch (request.method) {
      case 'INVITE':
        if (call) {
          // A resend of the INVITE we are answering: the same answer again.
          if (call.last) this.send(call.last, from);
          return;
        }
        // Busy with another call, or a re-INVITE of a call we no longer have.
        if (this.call || tagOf(readTo(request)) !== null) this.reply(request, this.call ? 486 : 481, from);
        else this.ring(request, from);
        return;
      case 'ACK':
        if (call?.answered && !call.acked) this.talk(call);
        return;
      case 'CANCEL':
        this.reply(request, call ? 200 : 481, from);
        if (call && !call.answered) {
          this.respond(call, 487);
          this.endCall();
        }
        return;
      case 'BYE':
        this.reply(request, call ? 200 : 481, from);
        if (call) this.endCall();
        return;
      case 'OPTIONS':
        this.reply(request, 200, from);
        return;
      default:
        this.reply(request, 405, from);
    }
  }

  private ring(invite: SipRequest, from: dgram.RemoteInfo): void {
    const call: Call = { invite, from, toTag: randomTag(), answered: false, acked: false, timers: [] };
    this.call = call;
    this.respond(call, 180);
    call.timers.push(
      setTimeout(() => {
        this.pickUp(call).catch(() => {
          if (this.call === call) {
            this.respond(call, 500);
            this.endCall();
          }
        });
      }, this.options.ringMs()),
    );
  }

  private async pickUp(call: Call): Promise<void> {
    if (this.call !== call) return;
    const media = await CallerMedia.open(this.options.localAddress, callerVoice(8, this.options.voiceSeed));
    if (this.call !== call) {
      media.close();
      return;
    }
    call.media = media;
    const answer = buildSdpAnswer(call.invite.body.toString('utf8'), {
      address: this.options.localAddress,
      port: media.localPort,
      sessionId: String(Date.now()),
    });
    call.answered = true;
    this.respond(call, 200, {
      headers: [
        {
          name: 'Contact',
          value: `<sip:${this.options.username}@${this.options.localAddress}:${this.port}>`,
        },
        { name: 'Content-Type', value: 'application/sdp' },
      ],
      body: Buffer.from(answer.sdp),
    });
    media.start({
      address: answer.remote.address,
      port: answer.remote.port,
      codec: answer.codec,
      payloadType: answer.payloadType,
      telephoneEventPayloadType: null,
    });
    // The 200 is resent until its ACK arrives (§13.3.1.4); no ACK at all ends the call.
    const started = Date.now();
    let interval = T1;
    const again = () => {
      if (this.call !== call || call.acked) return;
      if (Date.now() - started > TIMEOUT) {
        this.sendBye(call);
        return;
      }
      this.send(call.last!, call.from);
      interval = Math.min(interval * 2, T2);
      call.timers.push(setTimeout(again, interval));
    };
    call.timers.push(setTimeout(again, interval));
  }

  private talk(call: Call): void {
    call.acked = true;
    this.callsAnswered++;
    call.timers.push(setTimeout(() => this.sendBye(call), this.options.talkMs()));
  }

  private sendBye(call: Call): void {
    if (this.call !== call) return;
    const contacts = readContacts(call.invite);
    const target = contacts === '*' ? undefined : contacts[0]?.uri;
    const local = `${headerValue(call.invite.headers, 'To')};tag=${call.toTag}`;
    const bye = this.request('BYE', target ?? readFrom(call.invite).uri, ++this.cseq, {
      callId: headerValue(call.invite.headers, 'Call-ID')!,
      from: local,
      to: headerValue(call.invite.headers, 'From')!,
    });
    this.endCall();
    this.transact(bye, call.from).catch(() => undefined); // an unanswered BYE: the edge times the call out
  }

  private endCall(): void {
    const call = this.call;
    if (!call) return;
    this.call = undefined;
    for (const t of call.timers) clearTimeout(t);
    call.media?.close();
    if (call.answered) this.options.onCallEnded?.();
  }

  private respond(call: Call, status: number, extra: { headers?: SipHeader[]; body?: Buffer } = {}): void {
    call.last = buildResponse(call.invite, status, { toTag: call.toTag, ...extra });
    this.send(call.last, call.from);
  }

  private reply(request: SipRequest, status: number, to: dgram.RemoteInfo): void {
    const allow = [{ name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS' }];
    this.send(buildResponse(request, status, status === 405 ? { headers: allow } : {}), to);
  }

  private request(
    method: string,
    uri: string,
    seq: number,
    parts: { callId: string; from: string; to: string; extra?: SipHeader[] },
  ): SipRequest {
    return {
      kind: 'request',
      method,
      uri,
      version: 'SIP/2.0',
      headers: [
        {
          name: 'Via',
          value: `SIP/2.0/UDP ${this.options.localAddress}:${this.port};branch=${newBranch()};rport`,
        },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: parts.from },
        { name: 'To', value: parts.to },
        { name: 'Call-ID', value: parts.callId },
        { name: 'CSeq', value: `${seq} ${method}` },
        { name: 'User-Agent', value: USER_AGENT },
        ...(parts.extra ?? []),
      ],
      body: Buffer.alloc(0),
    };
  }

  /** Sends a request, resending it until a final answer; rejects after 64·T1. */
  private transact(request: SipRequest, to?: dgram.RemoteInfo): Promise<SipResponse> {
    const target = to ?? { address: this.options.edge.address, port: this.options.edge.port };
    const cseq = readCSeq(request);
    const key = `${cseq.seq} ${cseq.method}`;
    return new Promise((resolve, reject) => {
      const pending: Pending = { resolve, reject, timers: [] };
      this.pending.set(key, pending);
      const started = Date.now();
      let interval = T1;
      const again = () => {
        if (!this.pending.has(key)) return;
        if (Date.now() - started > TIMEOUT || this.closed) {
          this.pending.delete(key);
          reject(new Error(`${cseq.method} got no answer`));
          return;
        }
        this.send(request, target);
        interval = Math.min(interval * 2, T2);
        pending.timers.push(setTimeout(again, interval));
      };
      this.send(request, target);
      pending.timers.push(setTimeout(again, interval));
    });
  }

  private send(message: SipMessage, to: { address: string; port: number }): void {
    if (this.closed) return;
    this.socket.send(serializeSipMessage(message), to.port, to.address);
  }
}
