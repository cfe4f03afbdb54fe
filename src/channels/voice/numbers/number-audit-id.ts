import { createHash } from 'node:crypto';

/**
 * The audit log keys entries by a UUID, and a hotline number's key is the number itself: its
 * entries go under the number's name-based UUID (RFC 4122 §4.3, version 5), the same for the
 * same number every time, so its history reads as one entity.
 *
 * @example numberAuditId('4008001234') // '…-5…-…' (always the same)
 */
const NAMESPACE = Buffer.from('6f1d2c3a8b7e4f0a9c5d1e2f3a4b5c6d', 'hex');

export function numberAuditId(number: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`voice-number:${number}`, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
