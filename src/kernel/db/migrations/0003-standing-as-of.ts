import { type Kysely, sql } from 'kysely';

/**
 * What lets the nightly rescore of a million customers write only what changed:
 * - a customer's value row keeps the date of their last counted order instead of "days
 *   since" (the day count is worked out when the card is read, not stored and aged nightly);
 * - the tenant's value rules remember what the stored window figures were counted with, so
 *   a rescore recounts them only for orders that aged out, or for everyone when the window
 *   or the counted categories changed;
 * - the value and stage rows are derived data, rebuilt from customers and orders by a
 *   rescore (which also drops the rows of deleted customers): they carry no foreign keys,
 *   whose per-row checks doubled the cost of writing a million of them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table customer_value add column last_counted_at timestamptz;
    -- Rows scored before this migration: the day count was as of their scoring time.
    update customer_value
      set last_counted_at = scored_at - make_interval(days => recency_days)
      where recency_days is not null;
    alter table customer_value drop column recency_days;
    alter table value_rules add column window_basis jsonb;
    alter table customer_value drop constraint customer_value_customer_id_fkey,
      drop constraint customer_value_tenant_id_fkey;
    alter table customer_stages drop constraint customer_stages_customer_id_fkey,
      drop constraint customer_stages_tenant_id_fkey;
  `.execute(db);
}
