/**
 * SIP transactions (RFC 3261 §17) over the edge's transport: what makes UDP reliable enough
 * for calls. Server side, a retransmitted request gets the last response again instead of
 * reaching the call logic twice, and a final answer to an INVITE is resent until its ACK
 * arrives. Client side, a request is resent until answered and gives up with a 408 after
 * 64·T1. CANCEL of an INVITE we received is answered here (200, then 487 to the INVITE).
 *
 * Timers are the RFC's with T1 = 500 ms and T2 = 4 s; over TCP nothing is retransmitted.
 */
import { randomBytes } from 'node:crypto';
import { readCallId, readCSeq, readTo, readVias } from '../sip/sip-fields.ts';
import { headerValue, type SipHeader, withHeader, withoutHeader } from '../sip/sip-headers.ts';
import type { SipRequest, SipResponse } from '../sip/sip-message.ts';
import { tagOf } from '../sip/sip-name-addr.ts';
import { buildResponse, type ResponseOptions, randomTag } from '../sip/sip-response.ts';
import type { SipPeer } from './sip-transport.ts';

const T1 = 500;
const T2 = 4000;
const TIMEOUT = 64 * T1;
/** RFC 3261's magic cookie: a branch starting with it is unique per transaction. */
const MAGIC = 'z9hG4bK';

export interface SipSender {
  send(message: SipRequest | SipResponse, peer: SipPeer): void;
  readonly host: string;
  readonly port: number;
}

/** The transaction user's side of a request we received. */
export interface IncomingRequest {
  readonly request: SipRequest;
  readonly peer: SipPeer;
  /** Our To tag for every response to this request (one dialog side). */
  readonly toTag: string;
  /** Answers; a final answer ends the transaction (later calls are ignored). */
  respond(status: number, options?: Omit<ResponseOptions, 'toTag' | 'source'>): void;
  /** Whether a final answer was sent already. */
  readonly answered: boolean;
}

export interface RequestHandlers {
  /** Every new request, once, retransmissions filtered out; ACKs for 2xx included. */
  onRequest(incoming: IncomingRequest): void;
  /** The caller cancelled an INVITE we had not answered; it has been answered 487 already. */
  onCancelled?(invite: IncomingRequest): void;
  /** A 2xx to an INVITE got no ACK within 64·T1: the dialog never started. */
  onAckTimeout?(invite: IncomingRequest): void;
  /**
   * Checked before a new request gets a transaction: a refusal here (a flood) is answered
   * statelessly, so it costs no memory and no retransmissions (RFC 3261 §8.2.7).
   */
  admit?(request: SipRequest, peer: SipPeer): Refusal | null;
}

export interface Refusal {
  status: number;
  headers?: SipHeader[];
}

export interface ResponseHandlers {
  onProvisional?(response: SipResponse): void;
  /** Once, with the first final response (a synthetic 408 on timeout, 503 if unsendable). */
  onFinal(response: SipResponse): void;
}

export interface OutgoingRequest {
  readonly request: SipRequest;
  /** CANCELs an INVITE that has no final response yet (sent once a provisional arrived, §9.1). */
  cancel(): void;
}

interface ServerTransaction {
  incoming: IncomingRequest;
  last?: SipResponse;
  final: boolean;
  acked: boolean;
  timers: NodeJS.Timeout[];
}

interface ClientTransaction {
  request: SipRequest;
  peer: SipPeer;
  handlers: ResponseHandlers;
  provisional: boolean;
  final?: SipResponse;
  cancelWanted: boolean;
  cancelled: boolean;
  timers: NodeJS.Timeout[];
}

export function newBranch(): string {
  return `${MAGIC}${randomBytes(10).toString('hex')}`;
}

export function newCallId(host: string): string {
  return `${randomBytes(12).toString('hex')}@${host}`;
}

export { randomTag };

const later = (ms: number, fn: () => void) => {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return timer;
};

export class SipTransactions {
  private readonly servers = new Map<string, ServerTransaction>();
  /** INVITE server transactions by Call-ID and CSeq number: where an ACK for a 2xx lands. */
  private readonly awaitingAck = new Map<string, ServerTransaction>();
  private readonly clients = new Map<string, ClientTransaction>();

  constructor(
    private readonly sender: SipSender,
    private readonly handlers: RequestHandlers,
  ) {}

  /** Feeds one parsed message from the transport. */
  receive(message: SipRequest | SipResponse, peer: SipPeer): void {
    if (message.kind === 'response') this.receiveResponse(message);
    else this.receiveRequest(message, peer);
  }

  stop(): void {
    for (const t of [...this.servers.values(), ...this.clients.values()]) t.timers.forEach(clearTimeout);
    this.servers.clear();
    this.clients.clear();
    this.awaitingAck.clear();
  }

  // ── server side ────────────────────────────────────────────────────────────

  private serverKey(request: SipRequest, method: string): string {
    const top = readVias(request)[0];
    const branch = top?.branch;
    if (branch?.startsWith(MAGIC)) return `${branch}|${top?.host}:${top?.port ?? ''}|${method}`;
    // RFC 2543 peers: no unique branch, so match on the dialog's identifiers (§17.2.3).
    const cseq = readCSeq(request);
    return `${readCallId(request)}|${cseq.seq}|${tagOf(readTo(request)) ?? ''}|${method}`;
  }

  private receiveRequest(request: SipRequest, peer: SipPeer): void {
    const method = request.method;
    if (method === 'ACK') {
      const invite = this.servers.get(this.serverKey(request, 'INVITE'));
      if (invite?.final && (invite.last?.status ?? 0) >= 300) {
        // ACK for a failure answer is the transaction's own (§17.2.1): stop resending it.
        this.settle(invite);
        return;
      }
      const waiting = this.awaitingAck.get(dialogKey(request));
      if (waiting) this.settle(waiting);
      this.handlers.onRequest(this.incoming(request, peer, tagOf(readTo(request)) ?? randomTag(), undefined));
      return;
    }
    const key = this.serverKey(request, method);
    const existing = this.servers.get(key);
    if (existing) {
      // A retransmission: the same answer again, nothing new for the call logic.
      if (existing.last) this.sender.send(existing.last, peer);
      return;
    }
    if (method === 'CANCEL') {
      this.cancel(request, peer, key);
      return;
    }
    const refusal = this.handlers.admit?.(request, peer);
    if (refusal) {
      this.sender.send(
        buildResponse(request, refusal.status, { headers: refusal.headers ?? [], source: peer }),
        peer,
      );
      return;
    }
    const state: Omit<ServerTransaction, 'incoming'> = { final: false, acked: false, timers: [] };
    const toTag = tagOf(readTo(request)) ?? randomTag();
    const transaction = Object.assign(state, { incoming: this.incoming(request, peer, toTag, state) });
    this.servers.set(key, transaction);
    if (method === 'INVITE') {
      // 100 Trying at once (§17.2.1), so the caller stops resending while we decide.
      transaction.incoming.respond(100);
    }
    this.handlers.onRequest(transaction.incoming);
    if (!transaction.final) {
      // Never answered in 64·T1 (a bug in the call logic): release the memory anyway.
      transaction.timers.push(later(TIMEOUT * 4, () => this.forget(key, transaction)));
    }
  }

  private incoming(
    request: SipRequest,
    peer: SipPeer,
    toTag: string,
    transaction: Omit<ServerTransaction, 'incoming'> | undefined,
  ): IncomingRequest {
    const self = this;
    const key = transaction ? this.serverKey(request, request.method) : '';
    return {
      request,
      peer,
      toTag,
      get answered() {
        return transaction?.final ?? true;
      },
      respond(status, options = {}) {
        if (!transaction || transaction.final) return;
        const response = buildResponse(request, status, { ...options, toTag, source: peer });
        transaction.last = response;
        self.sender.send(response, peer);
        if (status < 200) return;
        transaction.final = true;
        self.finish(key, transaction as ServerTransaction, request, peer);
      },
    };
  }

  private finish(key: string, transaction: ServerTransaction, request: SipRequest, peer: SipPeer): void {
    transaction.timers.forEach(clearTimeout);
    transaction.timers = [];
    if (request.method !== 'INVITE') {
      // Timer J: absorb retransmissions of the request for 64·T1 on UDP.
      transaction.timers.push(
        later(peer.transport === 'udp' ? TIMEOUT : 0, () => this.forget(key, transaction)),
      );
      return;
    }
    const status = transaction.last?.status ?? 0;
    if (status < 300) this.awaitingAck.set(dialogKey(request), transaction);
    // Timer G: the final answer again until the ACK (over UDP); timer H: give up.
    if (peer.transport === 'udp') {
      let interval = T1;
      const resend = () => {
        if (transaction.acked || !transaction.last) return;
        this.sender.send(transaction.last, peer);
        interval = Math.min(interval * 2, T2);
        transaction.timers.push(later(interval, resend));
      };
      transaction.timers.push(later(interval, resend));
    }
    transaction.timers.push(
      later(TIMEOUT, () => {
        const unacked = !transaction.acked;
        this.forget(key, transaction);
        this.awaitingAck.delete(dialogKey(request));
        if (unacked && status < 300) this.handlers.onAckTimeout?.(transaction.incoming);
      }),
    );
  }

  private settle(transaction: ServerTransaction): void {
    transaction.acked = true;
    this.awaitingAck.delete(dialogKey(transaction.incoming.request));
  }

  private forget(key: string, transaction: ServerTransaction): void {
    transaction.timers.forEach(clearTimeout);
    if (this.servers.get(key) === transaction) this.servers.delete(key);
  }

  private cancel(request: SipRequest, peer: SipPeer, key: string): void {
    const state: Omit<ServerTransaction, 'incoming'> = { final: false, acked: false, timers: [] };
    const cancelTx = Object.assign(state, {
      incoming: this.incoming(request, peer, tagOf(readTo(request)) ?? randomTag(), state),
    });
    this.servers.set(key, cancelTx);
    const invite = this.servers.get(this.serverKey(request, 'INVITE'));
    if (!invite) {
      cancelTx.incoming.respond(481);
      return;
    }
    cancelTx.incoming.respond(200);
    if (invite.final) return;
    invite.incoming.respond(487);
    this.handlers.onCancelled?.(invite.incoming);
  }

  // ── client side ────────────────────────────────────────────────────────────

  /**
   * Sends a request in a new client transaction. The top Via (with a fresh branch and rport)
   * is ours to add; everything else is the caller's.
   */
  request(
    draft: SipRequest,
    peer: SipPeer,
    handlers: ResponseHandlers,
    branch = newBranch(),
  ): OutgoingRequest {
    const via = `SIP/2.0/${peer.transport.toUpperCase()} ${hostPort(this.sender)};branch=${branch};rport`;
    const request: SipRequest = { ...draft, headers: [{ name: 'Via', value: via }, ...draft.headers] };
    const key = `${branch}|${draft.method}`;
    const transaction: ClientTransaction = {
      request,
      peer,
      handlers,
      provisional: false,
      cancelWanted: false,
      cancelled: false,
      timers: [],
    };
    this.clients.set(key, transaction);
    this.sender.send(request, peer);
    if (peer.transport === 'udp') {
      let interval = T1;
      const resend = () => {
        if (transaction.final || (draft.method === 'INVITE' && transaction.provisional)) return;
        this.sender.send(request, peer);
        interval = draft.method === 'INVITE' ? interval * 2 : Math.min(interval * 2, T2);
        transaction.timers.push(later(interval, resend));
      };
      transaction.timers.push(later(interval, resend));
    }
    transaction.timers.push(
      later(TIMEOUT, () => {
        if (transaction.final) return;
        // Timer B/F: no final answer at all.
        this.deliverFinal(key, transaction, syntheticResponse(request, 408));
      }),
    );
    return {
      request,
      cancel: () => {
        if (draft.method !== 'INVITE' || transaction.final || transaction.cancelled) return;
        transaction.cancelWanted = true;
        if (transaction.provisional) this.sendCancel(transaction);
      },
    };
  }

  /** Sends a request outside any transaction (the ACK for a 2xx, §13.2.2.4), with a Via of its own. */
  send(draft: SipRequest, peer: SipPeer): void {
    const via = `SIP/2.0/${peer.transport.toUpperCase()} ${hostPort(this.sender)};branch=${newBranch()};rport`;
    this.sender.send({ ...draft, headers: [{ name: 'Via', value: via }, ...draft.headers] }, peer);
  }

  private receiveResponse(response: SipResponse): void {
    const top = readVias(response)[0];
    const method = readCSeq(response).method;
    const key = `${top?.branch ?? ''}|${method}`;
    const transaction = this.clients.get(key);
    if (!transaction) return; // a stray or late response: §17.1.3 says discard
    if (response.status < 200) {
      if (transaction.final) return;
      transaction.provisional = true;
      transaction.handlers.onProvisional?.(response);
      if (transaction.cancelWanted) this.sendCancel(transaction);
      return;
    }
    if (method === 'INVITE' && response.status >= 300) {
      // The ACK for a failure belongs to the transaction, also for each retransmission.
      this.sender.send(ackForFailure(transaction.request, response), transaction.peer);
    }
    if (transaction.final) {
      // A retransmitted 2xx: the dialog must ACK it again (it owns that ACK).
      if (method === 'INVITE' && response.status < 300) transaction.handlers.onFinal(response);
      return;
    }
    this.deliverFinal(key, transaction, response);
  }

  private deliverFinal(key: string, transaction: ClientTransaction, response: SipResponse): void {
    transaction.final = response;
    transaction.timers.forEach(clearTimeout);
    transaction.timers = [later(TIMEOUT, () => this.clients.delete(key))];
    transaction.handlers.onFinal(response);
  }

  private sendCancel(transaction: ClientTransaction): void {
    if (transaction.cancelled) return;
    transaction.cancelled = true;
    const invite = transaction.request;
    const keep = ['Via', 'From', 'To', 'Call-ID', 'Route', 'Max-Forwards'];
    const headers: SipHeader[] = invite.headers.filter((h) =>
      keep.some((name) => name.toLowerCase() === canonical(h.name)),
    );
    const cancel: SipRequest = {
      kind: 'request',
      method: 'CANCEL',
      uri: invite.uri,
      version: 'SIP/2.0',
      headers: withHeader(headers, 'CSeq', `${readCSeq(invite).seq} CANCEL`),
      body: Buffer.alloc(0),
    };
    // Same branch as the INVITE (§9.1), sent in a transaction of its own.
    const branch = readVias(invite)[0]?.branch ?? newBranch();
    const withoutVia = { ...cancel, headers: withoutHeader(cancel.headers, 'Via') };
    this.request(withoutVia, transaction.peer, { onFinal: () => undefined }, branch);
  }
}

const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id' };
const canonical = (name: string) => COMPACT[name.toLowerCase()] ?? name.toLowerCase();

function hostPort(sender: SipSender): string {
  const host = sender.host.includes(':') ? `[${sender.host}]` : sender.host;
  return `${host}:${sender.port}`;
}

function dialogKey(request: SipRequest): string {
  return `${readCallId(request)}|${readCSeq(request).seq}`;
}

/** §17.1.1.3: the ACK for a non-2xx has the INVITE's Via, From, Call-ID, Route and the response's To. */
function ackForFailure(invite: SipRequest, response: SipResponse): SipRequest {
  const headers: SipHeader[] = [];
  for (const header of invite.headers) {
    const name = canonical(header.name);
    if (
      name === 'via' ||
      name === 'from' ||
      name === 'call-id' ||
      name === 'route' ||
      name === 'max-forwards'
    )
      headers.push(header);
  }
  headers.push({ name: 'To', value: headerValue(response.headers, 'To') ?? '' });
  headers.push({ name: 'CSeq', value: `${readCSeq(invite).seq} ACK` });
  return {
    kind: 'request',
    method: 'ACK',
    uri: invite.uri,
    version: 'SIP/2.0',
    headers,
    body: Buffer.alloc(0),
  };
}

function syntheticResponse(request: SipRequest, status: number): SipResponse {
  return buildResponse(request, status);
}
