import type { Me, Role } from '../api/types.ts';

/**
 * What each role may do, mirroring the server's role groups (src/kernel/auth/roles.ts).
 * The server enforces them; the app only hides what would be refused.
 */
const WRITERS: Role[] = ['operator_admin', 'tenant_admin', 'supervisor', 'agent'];
const MANAGERS: Role[] = ['operator_admin', 'tenant_admin', 'supervisor'];
const ADMINS: Role[] = ['operator_admin', 'tenant_admin'];
const REPORT_READERS: Role[] = ['operator_admin', 'tenant_admin', 'supervisor', 'analyst'];
const DESK_WORKERS: Role[] = ['supervisor', 'agent'];

export const can = {
  /** Create and change customers, contacts and orders. */
  write: (me: Me | null) => !!me && WRITERS.includes(me.role),
  /** Delete customers, import files. */
  manage: (me: Me | null) => !!me && MANAGERS.includes(me.role),
  /** Change the tenant's rules. */
  administer: (me: Me | null) => !!me && ADMINS.includes(me.role),
  readReports: (me: Me | null) => !!me && REPORT_READERS.includes(me.role),
  /** Take chats and emails on the agent desktop (supervisors answer too when the floor is busy). */
  workDesktop: (me: Me | null) => !!me && DESK_WORKERS.includes(me.role),
  /** Watch the live wallboard (acting on it needs `manage`). */
  watchFloor: (me: Me | null) => !!me && REPORT_READERS.includes(me.role),
  switchTenant: (me: Me | null) => me?.role === 'operator_admin',
};
