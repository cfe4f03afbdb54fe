/**
 * A SIP account's username, derived once from the tenant and the agent: `<tenant-slug>.<who>`,
 * where `who` is the local part of the agent's email (their agent number on most floors,
 * `agent02`), or a short id when that does not fit. Usernames are unique across tenants (a
 * REGISTER names no tenant), so the caller tries the candidates in order until one is free.
 *
 * @example
 * usernameCandidates('demo', 'Agent02@huaxin.demo', '3f9a2c1b-…');
 * // ['demo.agent02', 'demo.3f9a2c1b', 'demo.3f9a2c1b…(32 hex)']
 */
export const SIP_USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

const MAX = 64;

export function usernameCandidates(tenantSlug: string, email: string, userId: string): string[] {
  const slug = tenantSlug.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const hex = userId.toLowerCase().replace(/[^0-9a-f]/g, '');
  const local = (email.split('@')[0] ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
  const join = (who: string) => `${slug.slice(0, MAX - 1 - who.length)}.${who}`;
  const candidates = [
    ...(local && local.length <= 24 ? [join(local)] : []),
    join(hex.slice(0, 8)),
    // The whole user id: unique by construction, the last resort.
    join(hex),
  ];
  return [...new Set(candidates)].filter((c) => SIP_USERNAME.test(c));
}
