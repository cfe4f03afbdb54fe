import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Settings read once from the environment; every variable is listed in the README. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; when absent, the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Load the demo tenants on first start. */
  demo: boolean;
  sessionTtlHours: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  bodyLimitBytes: number;
  importLimitBytes: number;
  logLevel: string;
  /** Seconds an agent has to accept an offer before it goes to the next agent. */
  offerTimeoutSeconds: number;
  /** How often the ACD sweeps for expired offers, ended wrap-ups, overflow and waiting work. */
  routingSweepMs: number;
  /**
   * The SMTP server Hotline sends mail through (web chat transcripts), as a URL:
   * `smtp://user:pass@mail.example.com:587` or `smtps://…:465`. Absent: no mail is sent, and a
   * request for mail is recorded for the team instead.
   */
  smtpUrl: string | undefined;
  /** The From address of the mail Hotline sends. */
  smtpFrom: string;
  webchat: WebchatLimits;
  email: EmailSettings;
  voice: VoiceSettings;
  demoTraffic: DemoTrafficSettings;
}

/** Simulated customers calling, chatting and mailing the demo tenants (`hotline start` in demo mode only). */
export interface DemoTrafficSettings {
  /** Mean new contacts per minute, all channels together (Poisson arrivals); 0: off. */
  perMinute: number;
  /** The relative share of each channel; a channel with 0 gets nothing. */
  mix: DemoTrafficMix;
  /** Simulated agents of the demo retailer who answer calls, chats and emails; 0: none. */
  agents: number;
}

export interface DemoTrafficMix {
  calls: number;
  chats: number;
  emails: number;
}

/** The voice channel: the SIP edge (agents' phones register, trunks send calls) and its media. */
export interface VoiceSettings {
  /**
   * SIP port (UDP and TCP); null: no SIP edge. Off unless set; `hotline start` sets 5060.
   * 0 takes a free port (tests).
   */
  sipPort: number | null;
  sipHost: string;
  /** The address phones and trunks reach us at, written into Contact and SDP (NAT, 0.0.0.0). */
  publicAddress: string;
  /** The digest realm phones authenticate in. */
  realm: string;
  /** Even ports for RTP, inclusive. */
  rtpPortMin: number;
  rtpPortMax: number;
  /** Where call recordings are written (a folder per tenant). */
  recordingsDir: string;
  /** Seconds between "you are number N" announcements while a caller waits. */
  positionEverySeconds: number;
  /**
   * The SIP trunk or gateway outbound calls go through (`HOTLINE_SIP_TRUNK`, `host:port`,
   * optionally `;transport=tcp`); null: no outbound calls.
   */
  trunk: SipTrunk | null;
  /**
   * Sources exempt from the per-address INVITE/REGISTER flood limit (`HOTLINE_SIP_TRUSTED`,
   * comma-separated addresses and CIDR networks), plus the trunk's host when it is an IP
   * address: a trunk brings every customer's call from one address.
   */
  trusted: TrustedNetwork[];
}

/** One trusted address (prefix null) or network. */
export interface TrustedNetwork {
  address: string;
  family: 'ipv4' | 'ipv6';
  prefix: number | null;
}

/** Where outbound calls leave for the public phone network (an IP-authenticated trunk). */
export interface SipTrunk {
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
}

/** The email channel: the inbound SMTP listener, IMAP polling, delivery of replies (through `smtpUrl`). */
export interface EmailSettings {
  /**
   * Port of the inbound SMTP listener (mail for the tenants' mailboxes); null: no listener.
   * Off unless set; `hotline start` sets 2525. 0 takes a free port (tests).
   */
  listenPort: number | null;
  listenHost: string;
  /** The name the listener greets with and puts in Received headers. */
  serverName: string;
  /** PEM files for STARTTLS on the listener; without both, STARTTLS is not offered. */
  tlsKeyFile: string | undefined;
  tlsCertFile: string | undefined;
  /** Largest message accepted (SMTP SIZE, IMAP fetch), attachments included. */
  maxMessageBytes: number;
  /** How often each mailbox with an IMAP account is polled. */
  imapPollSeconds: number;
  /** Delivery attempts of a reply before it is marked failed (spread over about a day). */
  sendAttempts: number;
}

/** What one web chat visitor, or one IP address, may send (token buckets; burst = a third of a minute's rate). */
export interface WebchatLimits {
  /** Messages, images and transcript requests per visitor per minute. */
  visitorPerMinute: number;
  /** Requests of any kind to the public chat API per IP address per minute. */
  ipPerMinute: number;
  /** New chats and offline messages per IP address per minute. */
  startsPerMinute: number;
  /** Largest image a visitor may send. */
  maxImageBytes: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intVar(env, 'PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.HOTLINE_DATA_DIR ?? 'data'),
    demo: (env.HOTLINE_DEMO ?? '1') !== '0',
    sessionTtlHours: intVar(env, 'HOTLINE_SESSION_TTL_HOURS', 12),
    maxFailedLogins: intVar(env, 'HOTLINE_MAX_FAILED_LOGINS', 5),
    lockoutMinutes: intVar(env, 'HOTLINE_LOCKOUT_MINUTES', 15),
    bodyLimitBytes: intVar(env, 'HOTLINE_BODY_LIMIT_BYTES', 1024 * 1024),
    importLimitBytes: intVar(env, 'HOTLINE_IMPORT_LIMIT_BYTES', 20 * 1024 * 1024),
    logLevel: env.LOG_LEVEL ?? 'info',
    offerTimeoutSeconds: intVar(env, 'HOTLINE_OFFER_TIMEOUT_SECONDS', 20),
    routingSweepMs: intVar(env, 'HOTLINE_ROUTING_SWEEP_MS', 1000),
    smtpUrl: env.HOTLINE_SMTP_URL || undefined,
    smtpFrom: env.HOTLINE_SMTP_FROM || 'Hotline <no-reply@hotline.local>',
    webchat: {
      visitorPerMinute: intVar(env, 'HOTLINE_WEBCHAT_VISITOR_PER_MINUTE', 30),
      ipPerMinute: intVar(env, 'HOTLINE_WEBCHAT_IP_PER_MINUTE', 600),
      startsPerMinute: intVar(env, 'HOTLINE_WEBCHAT_STARTS_PER_MINUTE', 30),
      maxImageBytes: intVar(env, 'HOTLINE_WEBCHAT_MAX_IMAGE_BYTES', 5 * 1024 * 1024),
    },
    email: {
      listenPort: ['', 'off', undefined].includes(env.HOTLINE_SMTP_LISTEN_PORT)
        ? null
        : intVar(env, 'HOTLINE_SMTP_LISTEN_PORT', 0),
      listenHost: env.HOTLINE_SMTP_LISTEN_HOST || env.HOST || '0.0.0.0',
      serverName: env.HOTLINE_SMTP_SERVER_NAME || os.hostname(),
      tlsKeyFile: env.HOTLINE_SMTP_TLS_KEY || undefined,
      tlsCertFile: env.HOTLINE_SMTP_TLS_CERT || undefined,
      maxMessageBytes: intVar(env, 'HOTLINE_EMAIL_MAX_BYTES', 25 * 1024 * 1024),
      imapPollSeconds: Math.max(5, intVar(env, 'HOTLINE_IMAP_POLL_SECONDS', 60)),
      sendAttempts: Math.max(1, intVar(env, 'HOTLINE_EMAIL_SEND_ATTEMPTS', 8)),
    },
    voice: voiceSettings(env),
    demoTraffic: demoTraffic(env),
  };
}

/** Ten contacts a second at most: enough to fill any wallboard, within the SIP edge's flood limits. */
const MAX_DEMO_TRAFFIC_PER_MINUTE = 600;
/** The demo retailer has 20 agents; one is kept for a person. */
const MAX_DEMO_AGENTS = 19;

function demoTraffic(env: NodeJS.ProcessEnv): DemoTrafficSettings {
  const raw = env.HOTLINE_DEMO_TRAFFIC?.trim();
  const perMinute = raw ? Number(raw) : 0;
  if (!Number.isFinite(perMinute) || perMinute < 0 || perMinute > MAX_DEMO_TRAFFIC_PER_MINUTE)
    throw new Error(
      `HOTLINE_DEMO_TRAFFIC must be contacts per minute, 0 (off) to ${MAX_DEMO_TRAFFIC_PER_MINUTE}, got "${env.HOTLINE_DEMO_TRAFFIC}"`,
    );
  const agents = intVar(env, 'HOTLINE_DEMO_TRAFFIC_AGENTS', 0);
  if (agents > MAX_DEMO_AGENTS)
    throw new Error(`HOTLINE_DEMO_TRAFFIC_AGENTS must be 0 to ${MAX_DEMO_AGENTS}, got "${agents}"`);
  return { perMinute, mix: demoTrafficMix(env.HOTLINE_DEMO_TRAFFIC_MIX), agents };
}

/** `calls:2,chats:2,emails:1`: each channel at most once, weights of 0–100, at least one above 0. */
function demoTrafficMix(raw: string | undefined): DemoTrafficMix {
  const mix: DemoTrafficMix = { calls: 2, chats: 2, emails: 1 };
  if (!raw?.trim()) return mix;
  const bad = (why: string) =>
    new Error(`HOTLINE_DEMO_TRAFFIC_MIX must be like calls:2,chats:2,emails:1 (${why}), got "${raw}"`);
  const given = new Set<string>();
  for (const part of raw.split(',')) {
    const match = /^\s*(calls|chats|emails)\s*:\s*([0-9]{1,3})\s*$/.exec(part);
    if (!match) throw bad(`"${part.trim()}" is not channel:weight`);
    const channel = match[1] as keyof DemoTrafficMix;
    if (given.has(channel)) throw bad(`${channel} given twice`);
    given.add(channel);
    const weight = Number(match[2]);
    if (weight > 100) throw bad(`${channel} weighs more than 100`);
    mix[channel] = weight;
  }
  // A channel left out of the list gets nothing: the list says what the demo should carry.
  for (const channel of ['calls', 'chats', 'emails'] as const) if (!given.has(channel)) mix[channel] = 0;
  if (mix.calls + mix.chats + mix.emails === 0) throw bad('every weight is 0');
  return mix;
}

function voiceSettings(env: NodeJS.ProcessEnv): VoiceSettings {
  const sipHost = env.HOTLINE_SIP_HOST || '127.0.0.1';
  const trunk = sipTrunk(env.HOTLINE_SIP_TRUNK);
  const [min, max] = (env.HOTLINE_RTP_PORTS || '20000-29999').split('-').map(Number);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min! < 1024 || max! > 65535 || min! >= max!)
    throw new Error(`HOTLINE_RTP_PORTS must be two ports like 20000-29999, got "${env.HOTLINE_RTP_PORTS}"`);
  return {
    sipPort: ['', 'off', undefined].includes(env.HOTLINE_SIP_PORT)
      ? null
      : intVar(env, 'HOTLINE_SIP_PORT', 0),
    sipHost,
    publicAddress: env.HOTLINE_SIP_PUBLIC_ADDRESS || (sipHost === '0.0.0.0' ? '127.0.0.1' : sipHost),
    realm: env.HOTLINE_SIP_REALM || 'hotline',
    rtpPortMin: min!,
    rtpPortMax: max!,
    recordingsDir: path.resolve(
      env.HOTLINE_RECORDINGS_DIR ?? path.join(env.HOTLINE_DATA_DIR ?? 'data', 'recordings'),
    ),
    positionEverySeconds: Math.max(5, intVar(env, 'HOTLINE_QUEUE_POSITION_SECONDS', 30)),
    trunk,
    trusted: sipTrusted(env.HOTLINE_SIP_TRUSTED, trunk),
  };
}

/** `192.0.2.10, 198.51.100.0/24, 2001:db8::/32`, and the trunk's host if it is an address. */
function sipTrusted(raw: string | undefined, trunk: SipTrunk | null): TrustedNetwork[] {
  const networks: TrustedNetwork[] = [];
  for (const part of (raw ?? '').split(',')) {
    const text = part.trim();
    if (text === '') continue;
    const [address = '', prefixText, extra] = text.split('/');
    const bare = address.replace(/^\[|\]$/g, '');
    const version = isIP(bare);
    const prefix =
      prefixText === undefined ? null : /^[0-9]{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
    if (
      version === 0 ||
      extra !== undefined ||
      (prefix !== null && (prefix < 0 || prefix > (version === 4 ? 32 : 128)))
    )
      throw new Error(
        `HOTLINE_SIP_TRUSTED must be comma-separated IP addresses or CIDR networks like 192.0.2.0/24, got "${text}"`,
      );
    networks.push({ address: bare, family: version === 4 ? 'ipv4' : 'ipv6', prefix });
  }
  // A trunk given by name is not trusted by address: list its addresses in HOTLINE_SIP_TRUSTED.
  const trunkVersion = trunk ? isIP(trunk.host) : 0;
  if (trunk && trunkVersion !== 0)
    networks.push({ address: trunk.host, family: trunkVersion === 4 ? 'ipv4' : 'ipv6', prefix: null });
  return networks;
}

/** `host:port` (`[v6]:port`), port 5060 when left out, `;transport=tcp` for TCP. */
function sipTrunk(raw: string | undefined): SipTrunk | null {
  if (!raw) return null;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::([0-9]{1,5}))?(?:;transport=(udp|tcp))?$/i.exec(
    raw.trim(),
  );
  const port = Number(match?.[2] ?? 5060);
  if (!match || port < 1 || port > 65535)
    throw new Error(`HOTLINE_SIP_TRUNK must be host:port (optionally ;transport=tcp), got "${raw}"`);
  return {
    host: match[1]!.replace(/^\[|\]$/g, ''),
    port,
    transport: (match[3]?.toLowerCase() as 'udp' | 'tcp' | undefined) ?? 'udp',
  };
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}
