/**
 * name-addr and addr-spec (RFC 3261 §20.10, §25.1): the value of From, To, Contact, Route,
 * Record-Route and Refer-To. `"Name" <sip:user@host;uri-param>;header-param` keeps the URI's
 * own parameters inside the brackets; in the bare addr-spec form every `;` parameter belongs
 * to the header, which is why the two forms parse differently.
 */
import { formatParams, parseParams, quote, type SipParams, unquote } from './sip-lexer.ts';
import { fail } from './sip-parse-error.ts';
import { isAbsoluteUri, parseUri, type Uri } from './sip-uri.ts';

export interface NameAddr {
  /** Without quotes or escapes; null when absent. */
  readonly displayName: string | null;
  /** The URI text as written. */
  readonly uri: string;
  /** The parsed URI, or null for a scheme other than sip/sips/tel (allowed in From/To/Contact). */
  readonly parsedUri: Uri | null;
  /** Header parameters (`tag`, `expires`, `q` …), names lower-cased. */
  readonly params: SipParams;
}

const UNQUOTED_WORD = /^[A-Za-z0-9\-.!%*_+`'~\u0080-\uffff]+$/;
const QUOTED_PREFIX = /^"((?:[^"\\\r\n]|\\[^\r\n])*)"\s*/;

function parseAnyUri(text: string): Uri | null {
  if (!isAbsoluteUri(text)) fail('bad URI');
  const scheme = text.slice(0, text.indexOf(':')).toLowerCase();
  return scheme === 'sip' || scheme === 'sips' || scheme === 'tel' ? parseUri(text) : null;
}

/**
 * Parses one name-addr or addr-spec with its header parameters.
 *
 * @example
 * parseNameAddr('"Zhang San" <sip:zhang@example.cn:5061;transport=tls>;tag=8a2f');
 * // { displayName: 'Zhang San', uri: 'sip:zhang@example.cn:5061;transport=tls', params: Map { 'tag' => '8a2f' }, … }
 */
export function parseNameAddr(text: string): NameAddr {
  let rest = text.trim();
  let displayName: string | null = null;
  const quoted = QUOTED_PREFIX.exec(rest);
  if (quoted) {
    displayName = unquote(`"${quoted[1]}"`);
    rest = rest.slice(quoted[0].length);
    if (!rest.startsWith('<')) fail('display name without <URI>');
  } else if (rest.startsWith('"')) {
    fail('unterminated quoted string');
  } else if (rest.includes('<')) {
    const words = rest.slice(0, rest.indexOf('<')).trim();
    if (words !== '') {
      // RFC 3261 wants tokens here, but softphones send unquoted Chinese names; accepting
      // non-ASCII words costs nothing, since formatting always quotes.
      if (!words.split(/\s+/).every((word) => UNQUOTED_WORD.test(word))) fail('bad display name');
      displayName = words.replace(/\s+/g, ' ');
    }
    rest = rest.slice(rest.indexOf('<'));
  }
  if (rest.startsWith('<')) {
    const close = rest.indexOf('>');
    if (close < 0) fail('unclosed <URI>');
    const uri = rest.slice(1, close);
    const after = rest.slice(close + 1).trim();
    if (after !== '' && !after.startsWith(';')) fail('text after <URI>');
    return { displayName, uri, parsedUri: parseAnyUri(uri), params: parseParams(after) };
  }
  // addr-spec: the URI cannot hold ';', ',' or '?', so the first ';' starts the header params.
  const semicolon = rest.indexOf(';');
  const uri = (semicolon < 0 ? rest : rest.slice(0, semicolon)).trim();
  if (/[,?]/.test(uri)) fail('addr-spec with , or ? needs <>');
  return {
    displayName,
    uri,
    parsedUri: parseAnyUri(uri),
    params: parseParams(semicolon < 0 ? '' : rest.slice(semicolon)),
  };
}

/** Always writes the `<…>` form, which is safe for every URI. */
export function formatNameAddr(nameAddr: Pick<NameAddr, 'displayName' | 'uri' | 'params'>): string {
  const name = nameAddr.displayName === null ? '' : `${quote(nameAddr.displayName)} `;
  return `${name}<${nameAddr.uri}>${formatParams(nameAddr.params)}`;
}

/** The `tag` parameter of a From or To value, or null (a To without a tag is outside a dialog). */
export function tagOf(nameAddr: NameAddr): string | null {
  return nameAddr.params.get('tag') ?? null;
}
