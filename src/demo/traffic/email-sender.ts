/**
 * A simulated customer's email: sent with nodemailer to a demo mailbox through Hotline's own
 * inbound SMTP listener, the way a customer's mail server would deliver it (plain SMTP, no
 * AUTH: the listener is an MX, not a relay).
 */
import { createTransport } from 'nodemailer';
import type { PlannedEmail } from './traffic-plan.ts';

export interface EmailSendOptions {
  /** Hotline's inbound SMTP listener. */
  smtp: { host: string; port: number };
  /** A mailbox address of the plan's tenant. */
  to: string;
  plan: PlannedEmail;
}

export type EmailOutcome = { result: 'delivered' } | { result: 'refused'; detail: string };

/** Delivers one email; never throws (a refusal is the outcome). */
export async function sendCustomerEmail({ smtp, to, plan }: EmailSendOptions): Promise<EmailOutcome> {
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    // The listener offers STARTTLS only with a certificate; the demo's is loopback anyway.
    ignoreTLS: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    await transport.sendMail({
      from: { name: plan.contact.name, address: plan.contact.email ?? 'customer@example.com' },
      to,
      subject: plan.subject,
      text: plan.body,
      headers: { 'X-Hotline-Demo-Traffic': '1' },
    });
    return { result: 'delivered' };
  } catch (err) {
    return { result: 'refused', detail: err instanceof Error ? err.message : String(err) };
  } finally {
    transport.close();
  }
}
