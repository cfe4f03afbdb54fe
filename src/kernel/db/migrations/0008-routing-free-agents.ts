import { type Kysely, sql } from 'kysely';

/**
 * The ACD's free agents in the order it serves them: available agents, longest idle first.
 * A routing pass reads the first few through this index (each one's load counted as it goes)
 * instead of counting the load of every available agent of the floor and sorting them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index agents_free_idx on agents (tenant_id, idle_since, user_id) where state = 'available'
  `.execute(db);
}
