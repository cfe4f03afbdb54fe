/** A ticket as /api/v1/tickets returns it. */
export type TicketType = 'inquiry' | 'complaint' | 'repair' | 'other';
export type TicketStatus =
  | 'new'
  | 'open'
  | 'pending_customer'
  | 'pending_third_party'
  | 'resolved'
  | 'closed'
  | 'reopened';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export const TICKET_TYPES: TicketType[] = ['inquiry', 'complaint', 'repair', 'other'];
export const TICKET_STATUSES: TicketStatus[] = [
  'new',
  'open',
  'pending_customer',
  'pending_third_party',
  'resolved',
  'closed',
  'reopened',
];
export const TICKET_PRIORITIES: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
export const COMPLAINT_CATEGORIES = [
  'product_quality',
  'delivery',
  'installation',
  'service_attitude',
  'billing',
  'other',
] as const;

/** Where each status may go next (the server's workflow, src/service/tickets/ticket-workflow.ts). */
const WORKING: TicketStatus[] = ['open', 'pending_customer', 'pending_third_party', 'resolved', 'closed'];
export const NEXT_STATUSES: Record<TicketStatus, TicketStatus[]> = {
  new: WORKING,
  open: WORKING.filter((s) => s !== 'open'),
  pending_customer: WORKING.filter((s) => s !== 'pending_customer'),
  pending_third_party: WORKING.filter((s) => s !== 'pending_third_party'),
  reopened: WORKING,
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
};

export interface SlaClock {
  state: 'running' | 'paused' | 'met' | 'breached' | 'met_late';
  dueAt: string | null;
  breachedAt: string | null;
  remainingMs: number;
  warning: boolean;
}

export interface Ticket {
  id: string;
  number: string;
  type: TicketType;
  subject: string;
  description: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  customerId: string | null;
  customerName: string | null;
  owner: { id: string; name: string } | null;
  queueId: string | null;
  channel: string | null;
  resolutionCode: string | null;
  resolutionSummary: string | null;
  mergedIntoId: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  version: number;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  slaBreached: boolean;
}

export interface TicketDetail extends Ticket {
  complaint: {
    category: string;
    product: string | null;
    severity: 'minor' | 'major' | 'critical';
    compensationMinor: number | null;
    compensationNote: string | null;
    accepted: boolean | null;
    hoursToResolve: number | null;
  } | null;
  sla: { policy: { id: string; name: string }; firstResponse: SlaClock; resolution: SlaClock } | null;
  interactions: { id: string; channel: string; status: string; linkedAt: string }[];
  events: {
    kind: string;
    at: string;
    author: { id: string; name: string } | null;
    body: string | null;
    detail: Record<string, unknown>;
  }[];
}

export const STATUS_COLORS: Record<TicketStatus, string> = {
  new: 'blue',
  open: 'geekblue',
  pending_customer: 'gold',
  pending_third_party: 'orange',
  resolved: 'green',
  closed: 'default',
  reopened: 'magenta',
};

export const PRIORITY_COLORS: Record<TicketPriority, string> = {
  low: 'default',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};
