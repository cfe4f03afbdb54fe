import { type Kysely, sql } from 'kysely';

/**
 * A customer's value row keeps the date of their last counted order instead of "days since",
 * so the nightly rescore rewrites only the customers whose scores or tier really changed
 * (the day count is worked out when the card is read, not stored and aged every night).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table customer_value add column last_counted_at timestamptz;
    -- Rows scored before this migration: the day count was as of their scoring time.
    update customer_value
      set last_counted_at = scored_at - make_interval(days => recency_days)
      where recency_days is not null;
    alter table customer_value drop column recency_days;
  `.execute(db);
}
