import type { TicketRow } from './ticket.store.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** A ticket as the API shows it. */
export function ticketToView(row: TicketRow) {
  return {
    id: row.id,
    number: String(row.number),
    type: row.type,
    subject: row.subject,
    description: row.description,
    status: row.status,
    priority: row.priority,
    customerId: row.customer_id,
    customerName: row.customer_name,
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    queueId: row.queue_id,
    channel: row.channel,
    customFields: (row.custom_fields ?? {}) as Record<string, unknown>,
    resolutionCode: row.resolution_code,
    resolutionSummary: row.resolution_summary,
    mergedIntoId: row.merged_into_id,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    firstRespondedAt: iso(row.first_responded_at),
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
    version: row.version,
    firstResponseDueAt: iso(row.first_response_due_at),
    resolutionDueAt: iso(row.resolution_due_at),
    slaBreached: row.first_response_breached_at !== null || row.resolution_breached_at !== null,
  };
}
