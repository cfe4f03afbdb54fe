import type { SipTrunk } from '../../../kernel/config.ts';

/**
 * What an outbound call says to the trunk (pure): the Request-URI for the number, the caller
 * ID in From, and what the trunk's refusal means for the agent and the call record.
 */

/** `sip:+8613912345678@trunk:5060` (E.164 with its plus, as most trunks take it). */
export function trunkRequestUri(e164: string, trunk: SipTrunk): string {
  const host = trunk.host.includes(':') ? `[${trunk.host}]` : trunk.host;
  const transport = trunk.transport === 'tcp' ? ';transport=tcp' : '';
  return `sip:${dialUser(e164)}@${host}:${trunk.port}${transport}`;
}

/** The user part for a number: digits, with the plus of E.164 kept. */
export function dialUser(number: string): string {
  const plus = number.trim().startsWith('+') ? '+' : '';
  return `${plus}${number.replace(/\D/g, '')}`;
}

export type Refusal = 'busy' | 'no_answer' | 'declined' | 'invalid_number' | 'unavailable';

/**
 * Why the customer's side did not answer, from the final status (RFC 3261 §21): busy
 * (486, 600), not answered in time (408, 480, and 487 after our CANCEL on the ring timeout),
 * refused (603), a number that does not exist (404, 484, 410, 604), anything else unavailable.
 *
 * @example refusalOf(486) // 'busy'
 */
export function refusalOf(status: number): Refusal {
  if (status === 486 || status === 600) return 'busy';
  if (status === 408 || status === 480 || status === 487) return 'no_answer';
  if (status === 603) return 'declined';
  if (status === 404 || status === 410 || status === 484 || status === 604) return 'invalid_number';
  return 'unavailable';
}

/** The line left in the interaction's conversation for each refusal (zh · en, like the edge's notes). */
export const REFUSAL_NOTES: Record<Refusal, string> = {
  busy: '客户忙 · The customer’s line was busy',
  no_answer: '客户未接听 · The customer did not answer',
  declined: '客户拒接 · The customer declined the call',
  invalid_number: '号码无效 · The number does not exist',
  unavailable: '无法接通 · The call could not go through',
};
