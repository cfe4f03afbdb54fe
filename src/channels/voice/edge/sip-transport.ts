/**
 * The SIP edge's sockets (RFC 3261 §18): one UDP socket and one TCP listener on the same
 * address and port. It turns bytes into parsed messages and back, and nothing more: which
 * transaction a message belongs to is sip-transactions.ts's business.
 *
 * Responses go back where the request came from (the source address and port, which is what
 * `received`/`rport` name), over the same TCP connection when it came over TCP: a phone behind
 * NAT is reachable only there. Requests to a phone go to the address its REGISTER came from.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { parseSipMessage, type SipMessage, serializeSipMessage } from '../sip/sip-message.ts';
import { SipParseError } from '../sip/sip-parse-error.ts';
import { SipStreamFramer } from '../sip/sip-stream.ts';

export type SipTransportName = 'udp' | 'tcp';

/** Where a message came from, or where one goes. */
export interface SipPeer {
  readonly transport: SipTransportName;
  readonly address: string;
  readonly port: number;
}

export interface SipTransportOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  onMessage(message: SipMessage, peer: SipPeer): void;
  /** A datagram or stream that did not parse: logged, counted, and (UDP) otherwise dropped (§16.3, §18.3). */
  onMalformed?(peer: SipPeer, error: SipParseError): void;
  log?(level: 'info' | 'warn' | 'error', message: string): void;
}

const peerKey = (peer: { address: string; port: number }) => `${peer.address}|${peer.port}`;

/** Idle TCP connections are closed after this long without a byte either way. */
const TCP_IDLE_MS = 10 * 60_000;

export class SipTransport {
  private udp: dgram.Socket | undefined;
  private tcp: net.Server | undefined;
  private readonly connections = new Map<string, net.Socket>();
  private boundPort = 0;

  constructor(private readonly options: SipTransportOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get host(): string {
    return this.options.host;
  }

  async start(): Promise<void> {
    const udp = dgram.createSocket({ type: net.isIPv6(this.options.host) ? 'udp6' : 'udp4' });
    udp.on('message', (bytes, rinfo) =>
      this.receive(bytes, { transport: 'udp', address: rinfo.address, port: rinfo.port }, 'datagram'),
    );
    udp.on('error', (err) => this.options.log?.('error', `SIP UDP socket: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(this.options.port, this.options.host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    this.udp = udp;
    this.boundPort = udp.address().port;

    const tcp = net.createServer((socket) => this.adopt(socket));
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(this.boundPort, this.options.host, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
    this.tcp = tcp;
  }

  async stop(): Promise<void> {
    for (const socket of this.connections.values()) socket.destroy();
    this.connections.clear();
    await new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
    this.udp = undefined;
    this.tcp = undefined;
  }

  /** Sends a message; over TCP it uses the peer's open connection or opens one. */
  send(message: SipMessage, peer: SipPeer): void {
    const bytes = serializeSipMessage(message);
    if (peer.transport === 'udp') {
      this.udp?.send(bytes, peer.port, peer.address, (err) => {
        if (err) this.options.log?.('warn', `SIP UDP send to ${peer.address}:${peer.port}: ${err.message}`);
      });
      return;
    }
    const open = this.connections.get(peerKey(peer));
    if (open && !open.destroyed) {
      open.write(bytes);
      return;
    }
    const socket = net.connect({ host: peer.address, port: peer.port });
    this.adopt(socket, peer);
    socket.write(bytes);
  }

  private adopt(socket: net.Socket, known?: SipPeer): void {
    const peer: SipPeer = known ?? {
      transport: 'tcp',
      address: normaliseAddress(socket.remoteAddress ?? ''),
      port: socket.remotePort ?? 0,
    };
    const key = peerKey(peer);
    this.connections.set(key, socket);
    const framer = new SipStreamFramer();
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('data', (chunk) => {
      const { messages, keepAlives, error } = framer.push(chunk);
      // RFC 5626 §4.4.1: a double-CRLF ping gets a single-CRLF pong.
      for (let i = 0; i < keepAlives; i++) socket.write('\r\n');
      for (const message of messages) this.deliver(message, peer);
      if (error) {
        this.options.onMalformed?.(peer, error);
        socket.destroy();
      }
    });
    socket.on('error', (err) =>
      this.options.log?.('warn', `SIP TCP ${peer.address}:${peer.port}: ${err.message}`),
    );
    socket.on('close', () => {
      if (this.connections.get(key) === socket) this.connections.delete(key);
    });
  }

  private receive(bytes: Buffer, peer: SipPeer, transport: 'datagram' | 'stream'): void {
    // A lone CRLF keep-alive on UDP (RFC 5626 §3.5.1) is not a message.
    if (bytes.length <= 4 && bytes.toString('latin1').trim() === '') return;
    let message: SipMessage;
    try {
      message = parseSipMessage(bytes, { transport });
    } catch (err) {
      if (err instanceof SipParseError) this.options.onMalformed?.(peer, err);
      else this.options.log?.('error', `SIP parse crashed: ${String(err)}`);
      return;
    }
    this.deliver(message, peer);
  }

  private deliver(message: SipMessage, peer: SipPeer): void {
    try {
      this.options.onMessage(message, peer);
    } catch (err) {
      // One bad message must never take the edge down with it.
      this.options.log?.(
        'error',
        `SIP handler failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  }
}

/** `::ffff:127.0.0.1` from a dual-stack socket is the IPv4 peer it names. */
function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
