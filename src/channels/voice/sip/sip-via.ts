/**
 * The Via header (RFC 3261 §20.42, §18.2.1) and the rport extension (RFC 3581). Responses
 * travel back along the Vias, so the server stamps the top one with where the request really
 * came from (`received`, `rport`): a desk phone behind NAT is reachable only there.
 */
import { isIP } from 'node:net';
import { formatParams, isToken, parseParams, type SipParams } from './sip-lexer.ts';
import { fail } from './sip-parse-error.ts';

export interface Via {
  /** 'SIP' in practice. */
  readonly protocol: string;
  readonly version: string;
  /** Upper-cased: UDP, TCP, TLS, SCTP, WS, WSS. */
  readonly transport: string;
  /** sent-by host: a name, an IPv4 address or `[IPv6]`. */
  readonly host: string;
  readonly port: number | null;
  /** All parameters as written; `formatVia` writes these, the fields below are read-only views. */
  readonly params: SipParams;
  readonly branch: string | null;
  readonly received: string | null;
  /** The rport value, 'requested' for a bare `;rport`, or null when absent. */
  readonly rport: number | 'requested' | null;
}

const SENT_PROTOCOL = /^([^\s/]+)\s*\/\s*([^\s/]+)\s*\/\s*([^\s/]+)\s+/;
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-.]+)(?::[0-9]{1,5})?$/;

function parsePort(text: string | undefined): number | null {
  if (text === undefined) return null;
  const port = Number(text);
  if (!/^[0-9]{1,5}$/.test(text) || port < 1 || port > 65535) fail('bad Via port');
  return port;
}

/**
 * Parses one Via value (a header with commas holds several; split it first).
 *
 * @example
 * parseVia('SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK776;rport');
 * // { transport: 'UDP', host: '192.0.2.7', port: 5060, branch: 'z9hG4bK776', rport: 'requested', … }
 */
export function parseVia(text: string): Via {
  const trimmed = text.trim();
  const head = SENT_PROTOCOL.exec(trimmed);
  if (!head) fail('bad Via sent-protocol');
  const [, protocol, version, transport] = head as unknown as [string, string, string, string];
  if (![protocol, version, transport].every(isToken)) fail('bad Via sent-protocol');
  const rest = trimmed.slice(head[0].length);
  const semicolon = rest.indexOf(';');
  const sentBy = (semicolon < 0 ? rest : rest.slice(0, semicolon)).replace(/\s+/g, '');
  if (!HOST.test(sentBy)) fail('bad Via sent-by');
  const bracket = sentBy.lastIndexOf(']');
  const portColon = sentBy.indexOf(':', bracket + 1);
  const host = (portColon < 0 ? sentBy : sentBy.slice(0, portColon)).toLowerCase();
  if (host.startsWith('[') && isIP(host.slice(1, -1)) !== 6) fail('bad Via IPv6 sent-by');
  const port = parsePort(portColon < 0 ? undefined : sentBy.slice(portColon + 1));
  const params = parseParams(semicolon < 0 ? '' : rest.slice(semicolon));

  const branch = params.get('branch');
  if (branch === null || (branch !== undefined && !isToken(branch))) fail('bad Via branch');
  const received = params.get('received');
  // RFC 3261 writes an IPv6 received without brackets; some stacks add them, which is harmless.
  const receivedAddress = received?.replace(/^\[(.*)\]$/, '$1');
  if (received === null || (receivedAddress !== undefined && isIP(receivedAddress) === 0))
    fail('bad Via received');
  const rport = params.get('rport');
  return {
    protocol: protocol.toUpperCase(),
    version,
    transport: transport.toUpperCase(),
    host,
    port,
    params,
    branch: branch ?? null,
    received: received ?? null,
    rport: rport === undefined ? null : rport === null ? 'requested' : (parsePort(rport) as number),
  };
}

export function formatVia(
  via: Pick<Via, 'protocol' | 'version' | 'transport' | 'host' | 'port' | 'params'>,
): string {
  const port = via.port === null ? '' : `:${via.port}`;
  return `${via.protocol}/${via.version}/${via.transport} ${via.host}${port}${formatParams(via.params)}`;
}

/**
 * The top Via as the server should keep it for the response (RFC 3261 §18.2.1, RFC 3581 §4):
 * `received` when the packet came from another address than sent-by says, and the real port
 * filled into a requested `rport` (which also always adds `received`).
 *
 * @example
 * stampVia(parseVia('SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;rport'), '203.0.113.9', 40112);
 * // params: branch=z9hG4bK1, rport=40112, received=203.0.113.9
 */
export function stampVia(via: Via, sourceAddress: string, sourcePort: number): Via {
  const params: SipParams = new Map(via.params);
  const sentByAddress = via.host.startsWith('[') ? via.host.slice(1, -1) : via.host;
  const rportRequested = via.rport !== null;
  if (rportRequested) params.set('rport', String(sourcePort));
  if (rportRequested || sentByAddress !== sourceAddress.toLowerCase()) params.set('received', sourceAddress);
  return parseVia(formatVia({ ...via, params }));
}
