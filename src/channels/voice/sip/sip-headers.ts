/**
 * Reading and replacing headers in a message's ordered header list. Lookups are
 * case-insensitive and see through compact forms; list headers (Via, Contact, Allow …) come
 * back one element per entry whether the sender repeated the header or used commas.
 */
import { canonicalHeaderName, isListHeader } from './sip-header-names.ts';
import { splitOutside } from './sip-lexer.ts';
import { fail } from './sip-parse-error.ts';

export interface SipHeader {
  /** As written on the wire ('v', 'VIA', 'Via' …); compare through canonicalHeaderName. */
  readonly name: string;
  /** Unfolded and trimmed. */
  readonly value: string;
}

function matching(headers: readonly SipHeader[], name: string): SipHeader[] {
  const wanted = canonicalHeaderName(name);
  return headers.filter((header) => canonicalHeaderName(header.name) === wanted);
}

/**
 * Every value of a header in order; list headers are split at top-level commas.
 *
 * @example
 * headerValues([{ name: 'v', value: 'SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b' }], 'Via');
 * // ['SIP/2.0/UDP a;branch=z9hG4bK1', 'SIP/2.0/UDP b']
 */
export function headerValues(headers: readonly SipHeader[], name: string): string[] {
  const found = matching(headers, name);
  if (!isListHeader(canonicalHeaderName(name))) return found.map((header) => header.value);
  return found.flatMap((header) =>
    splitOutside(header.value, ',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  );
}

/** The value of a header that may appear at most once; undefined when absent. */
export function singleHeaderValue(headers: readonly SipHeader[], name: string): string | undefined {
  const found = matching(headers, name);
  if (found.length > 1) fail(`more than one ${canonicalHeaderName(name)}`);
  return found[0]?.value;
}

/** The first value of a header, whatever its kind; undefined when absent. */
export function headerValue(headers: readonly SipHeader[], name: string): string | undefined {
  return matching(headers, name)[0]?.value;
}

/** A copy without any header of this name. */
export function withoutHeader(headers: readonly SipHeader[], name: string): SipHeader[] {
  const unwanted = canonicalHeaderName(name);
  return headers.filter((header) => canonicalHeaderName(header.name) !== unwanted);
}

/** A copy where the header has this one value: in place of the first one, or appended. */
export function withHeader(headers: readonly SipHeader[], name: string, value: string): SipHeader[] {
  const wanted = canonicalHeaderName(name);
  const at = headers.findIndex((header) => canonicalHeaderName(header.name) === wanted);
  if (at < 0) return [...headers, { name, value }];
  const out = withoutHeader(headers, name);
  out.splice(at, 0, { name: headers[at]!.name, value });
  return out;
}
