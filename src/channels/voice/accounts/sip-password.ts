import { randomInt } from 'node:crypto';
import { ha1 } from '../sip/digest-auth.ts';

/**
 * SIP passwords: generated ones are 20 characters from an alphabet without look-alikes
 * (no 0/O, 1/l/I), about 115 bits, easy to type into a desk phone's keypad menu. Only the two
 * HA1 digests are ever stored.
 */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const GENERATED_LENGTH = 20;

export function generateSipPassword(): string {
  let password = '';
  for (let i = 0; i < GENERATED_LENGTH; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

export interface SipDigests {
  ha1Md5: string;
  ha1Sha256: string;
}

/**
 * What the registrar checks a phone's answer against (RFC 7616 HA1, MD5 and SHA-256).
 *
 * @example sipDigests('demo.agent', 'hotline', 'hotline-phone').ha1Md5 // 32 hex digits
 */
export function sipDigests(username: string, realm: string, password: string): SipDigests {
  return {
    ha1Md5: ha1(username, realm, password, 'MD5'),
    ha1Sha256: ha1(username, realm, password, 'SHA-256'),
  };
}
