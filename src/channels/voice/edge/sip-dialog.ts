/**
 * A SIP dialog (RFC 3261 §12): the peer-to-peer relationship an INVITE sets up, and how to
 * write requests inside it (BYE, re-INVITE for hold, REFER, INFO) and the ACK for a 2xx.
 * The edge is a back-to-back user agent, so each call has one dialog per party: a UAS
 * dialog with the caller and a UAC dialog with the agent's phone.
 */
import { readCallId, readContacts, readCSeq, readFrom, readTo } from '../sip/sip-fields.ts';
import { headerValue, type SipHeader } from '../sip/sip-headers.ts';
import type { SipRequest, SipResponse } from '../sip/sip-message.ts';
import { tagOf } from '../sip/sip-name-addr.ts';
import type { SipPeer } from './sip-transport.ts';

export interface Dialog {
  readonly callId: string;
  /** Our From in requests we send (name-addr with our tag). */
  readonly local: string;
  /** Their address (name-addr with their tag), our To. */
  readonly remote: string;
  /** Their Contact: the Request-URI of what we send in the dialog. */
  readonly remoteTarget: string;
  readonly peer: SipPeer;
  /** The CSeq of our last request in the dialog. */
  localSeq: number;
}

/** The caller's dialog, from the INVITE we answer (we are the UAS). */
export function dialogAsCallee(invite: SipRequest, peer: SipPeer, toTag: string): Dialog {
  const to = headerValue(invite.headers, 'To') ?? '';
  const contacts = readContacts(invite);
  const target = contacts === '*' ? undefined : contacts[0]?.uri;
  return {
    callId: readCallId(invite),
    local: tagOf(readTo(invite)) === null ? `${to};tag=${toTag}` : to,
    remote: headerValue(invite.headers, 'From') ?? '',
    remoteTarget: target ?? readFrom(invite).uri,
    peer,
    localSeq: 1,
  };
}

/** The agent's phone's dialog, from its 2xx to our INVITE (we are the UAC). */
export function dialogAsCaller(invite: SipRequest, answer: SipResponse, peer: SipPeer): Dialog {
  const contacts = readContacts(answer);
  const target = contacts === '*' ? undefined : contacts[0]?.uri;
  return {
    callId: readCallId(invite),
    local: headerValue(invite.headers, 'From') ?? '',
    remote: headerValue(answer.headers, 'To') ?? '',
    remoteTarget: target ?? invite.uri,
    peer,
    localSeq: readCSeq(invite).seq,
  };
}

export interface RequestDraft {
  headers?: SipHeader[];
  body?: Buffer;
  contentType?: string;
}

/** A new request in the dialog, with the next CSeq (no Via: the transaction adds it). */
export function inDialogRequest(dialog: Dialog, method: string, draft: RequestDraft = {}): SipRequest {
  dialog.localSeq += 1;
  return dialogRequest(dialog, method, dialog.localSeq, draft);
}

/** The ACK for a 2xx to our INVITE (§13.2.2.4): same CSeq number, its own transaction. */
export function ackFor(dialog: Dialog, inviteSeq: number): SipRequest {
  return dialogRequest(dialog, 'ACK', inviteSeq, {});
}

function dialogRequest(dialog: Dialog, method: string, seq: number, draft: RequestDraft): SipRequest {
  const headers: SipHeader[] = [
    { name: 'Max-Forwards', value: '70' },
    { name: 'From', value: dialog.local },
    { name: 'To', value: dialog.remote },
    { name: 'Call-ID', value: dialog.callId },
    { name: 'CSeq', value: `${seq} ${method}` },
    ...(draft.headers ?? []),
  ];
  if (draft.body && draft.body.length > 0)
    headers.push({ name: 'Content-Type', value: draft.contentType ?? 'application/sdp' });
  return {
    kind: 'request',
    method,
    uri: dialog.remoteTarget,
    version: 'SIP/2.0',
    headers,
    body: draft.body ?? Buffer.alloc(0),
  };
}

/** Whether a request belongs to this dialog (Call-ID and both tags, §12.2.2). */
export function inDialog(dialog: Dialog, request: SipRequest): boolean {
  if (readCallId(request) !== dialog.callId) return false;
  const theirTag = tagOf(readFrom(request));
  const ourTag = tagOf(readTo(request));
  return theirTag === tagFrom(dialog.remote) && ourTag === tagFrom(dialog.local);
}

function tagFrom(nameAddr: string): string | null {
  const match = /;\s*tag=([^;\s>]+)/i.exec(nameAddr.slice(nameAddr.lastIndexOf('>') + 1));
  return match?.[1] ?? null;
}
