/**
 * Where the demo traffic goes, found through the running server's API as each demo tenant's
 * admin (the logins the start-up banner prints): the hotline number to call, the chat site,
 * a mailbox address (one is added when the tenant has none, since the demo data holds no
 * mailbox and the SMTP listener refuses mail for unknown addresses), and a page of customers
 * to act as the contacts. A tenant that cannot be reached this way (its admin's password
 * changed, say) is left out with a log line; the traffic goes to the others.
 */
import { DEMO_NUMBERS } from '../../channels/voice/accounts/demo-voice.ts';
import { DEMO_SITE_KEY } from '../../channels/webchat/demo-site.ts';
import { DEMO_LOGINS } from '../demo-data.ts';
import { HotlineApi } from './api-client.ts';
import type { TrafficChannel, TrafficContact, TrafficTenant } from './traffic-plan.ts';

export interface DemoTarget extends TrafficTenant {
  number: string | null;
  siteKey: string | null;
  mailbox: string | null;
}

interface DemoTenantSetup {
  slug: string;
  adminEmail: string;
  /** The retailer is the busy one; the insurer gets a trickle, to show tenants apart. */
  weight: number;
  /** The mailbox added when the tenant has none. */
  mailbox: { name: string; address: string; queueCode: string };
}

const DEMO_TENANTS: readonly DemoTenantSetup[] = [
  {
    slug: 'demo',
    adminEmail: 'admin@huaxin.demo',
    weight: 4,
    mailbox: { name: '华信家电客服邮箱', address: 'service@huaxin.demo', queueCode: 'aftersales' },
  },
  {
    slug: 'acme-insurance',
    adminEmail: 'admin@acme.demo',
    weight: 1,
    mailbox: { name: '安心保险理赔邮箱', address: 'claims@acme.demo', queueCode: 'claims' },
  },
];

/** Customers per tenant to pick contacts from: one page of the list is plenty of faces. */
const CONTACT_POOL = 200;

export type DiscoveryLog = (level: 'info' | 'warn', line: string) => void;

/** `email: false` (no SMTP listener) leaves the tenants' mailboxes alone. */
export async function discoverDemoTargets(
  baseUrl: string,
  log: DiscoveryLog,
  wanted: { email: boolean } = { email: true },
): Promise<DemoTarget[]> {
  const targets: DemoTarget[] = [];
  for (const setup of DEMO_TENANTS) {
    try {
      const target = await discoverTenant(new HotlineApi(baseUrl), setup, log, wanted.email);
      if (target) targets.push(target);
    } catch (err) {
      log(
        'warn',
        `demo traffic: leaving out ${setup.slug}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return targets;
}

async function discoverTenant(
  api: HotlineApi,
  setup: DemoTenantSetup,
  log: DiscoveryLog,
  email: boolean,
): Promise<DemoTarget | null> {
  const password = DEMO_LOGINS.find((l) => l.email === setup.adminEmail)?.password;
  if (!password) return null;
  await api.login(setup.adminEmail, password);

  const numbers = (await api.get<{ items: { number: string }[] }>('/api/v1/voice/numbers')).items;
  const demoNumber = DEMO_NUMBERS.find((n) => n.tenantSlug === setup.slug)?.number;
  const number = numbers.find((n) => n.number === demoNumber)?.number ?? numbers[0]?.number ?? null;

  const sites = (await api.get<{ items: { siteKey: string }[] }>('/api/v1/webchat-sites')).items;
  const siteKey = sites.find((s) => s.siteKey === DEMO_SITE_KEY)?.siteKey ?? sites[0]?.siteKey ?? null;

  const mailbox = email ? await ensureMailbox(api, setup, log) : null;

  const customers = (
    await api.get<{ items: { name: string; primaryPhone: string | null; primaryEmail: string | null }[] }>(
      `/api/v1/customers?limit=${CONTACT_POOL}`,
    )
  ).items;
  const contacts: TrafficContact[] = customers.map((c) => ({
    name: c.name,
    phone: c.primaryPhone,
    email: c.primaryEmail,
  }));

  const channels: TrafficChannel[] = [
    ...(number ? (['calls'] as const) : []),
    ...(siteKey ? (['chats'] as const) : []),
    ...(mailbox ? (['emails'] as const) : []),
  ];
  return { slug: setup.slug, weight: setup.weight, channels, contacts, number, siteKey, mailbox };
}

/** The tenant's first enabled mailbox address; a new demo mailbox when it has none. */
async function ensureMailbox(
  api: HotlineApi,
  setup: DemoTenantSetup,
  log: DiscoveryLog,
): Promise<string | null> {
  const mailboxes = (
    await api.get<{ items: { addresses: string[]; enabled: boolean }[] }>('/api/v1/email-mailboxes')
  ).items;
  const existing = mailboxes.find((m) => m.enabled && m.addresses.length > 0);
  if (existing) return existing.addresses[0]!;
  if (mailboxes.length > 0) return null; // someone switched them off: leave email alone
  const queues = (
    await api.get<{ items: { id: string; code: string; channels: string[] }[] }>('/api/v1/queues')
  ).items;
  const emailQueues = queues.filter((q) => q.channels.includes('email'));
  const queue = emailQueues.find((q) => q.code === setup.mailbox.queueCode) ?? emailQueues[0];
  if (!queue) return null;
  await api.post('/api/v1/email-mailboxes', {
    name: setup.mailbox.name,
    queueId: queue.id,
    addresses: [setup.mailbox.address],
    fromAddress: setup.mailbox.address,
    fromName: setup.mailbox.name,
  });
  log(
    'info',
    `demo traffic: added the mailbox ${setup.mailbox.address} (${setup.slug}, queue ${queue.code})`,
  );
  return setup.mailbox.address;
}
