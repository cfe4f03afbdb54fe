import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { EmailSettings } from '../../kernel/config.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { type IngestOptions, ingestEmail, type MailboxTarget } from './email-ingest.ts';
import { MalformedEmailError, parseEmail } from './email-parse.ts';
import { mailboxForAddress } from './mailbox.store.ts';

export type EmailLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Recipients one message may have here; more is a sign of abuse, not of a customer. */
const MAX_RECIPIENTS = 50;

/**
 * The inbound SMTP listener (`smtp-server`): the MX, or the forwarding target, of the tenants'
 * mailbox addresses. It takes mail only for known, enabled mailbox addresses (anything else
 * is refused at RCPT with 550, so the sender learns at once), refuses a message over the size
 * limit (552) or one that is not a readable email (554, logged), and answers 451 when the
 * message could not be stored, so the sending server tries again later. No failure of one
 * message reaches the next: every handler answers, and nothing it throws escapes.
 *
 * It offers no AUTH (it is not a relay: it only delivers to Hotline's own mailboxes) and
 * STARTTLS only with a configured certificate.
 */
export class SmtpListener {
  private server: SMTPServer | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: EmailSettings,
    private readonly ingest: IngestOptions,
    private readonly log: EmailLog,
  ) {}

  /** Listens on the configured port (0: a free one); resolves with the address. */
  async start(): Promise<AddressInfo> {
    const tls =
      this.settings.tlsKeyFile && this.settings.tlsCertFile
        ? { key: fs.readFileSync(this.settings.tlsKeyFile), cert: fs.readFileSync(this.settings.tlsCertFile) }
        : null;
    const server = new SMTPServer({
      name: this.settings.serverName,
      banner: 'Hotline ESMTP',
      size: this.settings.maxMessageBytes,
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(tls ?? {}),
      logger: false,
      maxClients: 100,
      socketTimeout: 60_000,
      closeTimeout: 5_000,
      onRcptTo: (address, session, callback) => {
        this.checkRecipient(address.address, session).then(
          () => callback(),
          (err: Error) => callback(err),
        );
      },
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    server.on('error', (err) => this.log('warn', `smtp: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.server.once('error', onError);
      server.listen(this.settings.listenPort ?? 0, this.settings.listenHost, () => {
        server.server.off('error', onError);
        resolve();
      });
    });
    this.server = server;
    return server.server.address() as AddressInfo;
  }

  get address(): AddressInfo | null {
    return (this.server?.server.address() as AddressInfo | null) ?? null;
  }

  async stop() {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async checkRecipient(address: string, session: SMTPServerSession) {
    if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) {
      throw smtpError(452, `Too many recipients (at most ${MAX_RECIPIENTS} per message)`);
    }
    let target: MailboxTarget | undefined;
    try {
      target = await mailboxForAddress(this.db, address);
    } catch (err) {
      this.log('error', `smtp: recipient lookup for <${address}> failed: ${(err as Error).message}`);
      throw smtpError(451, 'Temporary failure looking up the recipient; try again later');
    }
    if (!target) throw smtpError(550, `<${address}>: no such mailbox here`);
  }

  private receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null, message?: string) => void,
  ) {
    const chunks: Buffer[] = [];
    let bytes = 0;
    // An error and an end may both come; the client gets one answer.
    let answered = false;
    const answer = (err: Error | null, message?: string) => {
      if (answered) return;
      answered = true;
      callback(err, message);
    };
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // Past the limit the rest is only drained: the message is refused whatever it holds.
      if (bytes <= this.settings.maxMessageBytes) chunks.push(chunk);
    });
    stream.once('error', (err) => {
      this.log('warn', `smtp: reading a message from ${session.remoteAddress} failed: ${err.message}`);
      answer(smtpError(451, 'The message could not be read; try again'));
    });
    stream.once('end', () => {
      if (stream.sizeExceeded) {
        this.log(
          'warn',
          `smtp: refused ${bytes} bytes from ${describe(session)} (limit ${this.settings.maxMessageBytes})`,
        );
        answer(smtpError(552, `Message too big: the limit is ${this.settings.maxMessageBytes} bytes`));
        return;
      }
      this.store(Buffer.concat(chunks), session).then(
        (reply) => answer(null, reply),
        (err: Error) => answer(err),
      );
    });
  }

  /** Parses and stores one message; resolves with the 250 text, rejects with the SMTP error. */
  private async store(raw: Buffer, session: SMTPServerSession): Promise<string> {
    let parsed: Awaited<ReturnType<typeof parseEmail>>;
    try {
      parsed = await parseEmail(raw);
    } catch (err) {
      const reason =
        err instanceof MalformedEmailError ? err.message : `unreadable (${(err as Error).message})`;
      this.log('warn', `smtp: refused a malformed message from ${describe(session)}: ${reason}`);
      throw smtpError(554, `Malformed message: ${reason}`);
    }
    try {
      const targets: MailboxTarget[] = [];
      for (const rcpt of session.envelope.rcptTo) {
        const target = await mailboxForAddress(this.db, rcpt.address);
        if (target) targets.push(target);
      }
      const mailFrom = session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address;
      const results = await ingestEmail(this.db, parsed, { source: 'smtp', mailFrom }, targets, this.ingest);
      const outcomes = results.map((r) => r.outcome).join(', ');
      this.log('info', `smtp: <${parsed.messageId}> from ${describe(session)}: ${outcomes}`);
      return `Message accepted (${outcomes})`;
    } catch (err) {
      this.log(
        'error',
        `smtp: storing <${parsed.messageId}> from ${describe(session)} failed: ${(err as Error).message}`,
      );
      throw smtpError(451, 'The message could not be stored; try again later');
    }
  }
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function describe(session: SMTPServerSession): string {
  const from = session.envelope.mailFrom === false ? '?' : session.envelope.mailFrom.address || '<>';
  return `${from} via ${session.remoteAddress}`;
}
