import { type Kysely, sql } from 'kysely';
import { OUTBOX_LOCK_NAMESPACE } from './0004-routing.ts';

/**
 * The outbox commit order without serialising commits. 0004 numbered each commit under the
 * tenant's exclusive advisory lock held until the commit ended, so a tenant's event-writing
 * transactions committed one at a time: each waited for the one before it to reach disk
 * (measured: an interaction took ~1 s from arrival to offer at 200 arrivals a second).
 *
 * Now a committing transaction takes the lock *shared* (commits run side by side) and the
 * realtime feed takes it *exclusively* for the moment of a read. Holding it, the reader knows
 * every transaction that was numbered has finished committing, and any later one will get a
 * higher number: what it reads is a gap-free prefix of the commit order. A waiting exclusive
 * request holds back new shared ones, so the reader waits at most for the commits in flight.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function outbox_commit_order() returns trigger language plpgsql as $$
    declare
      done text := coalesce(current_setting('hotline.outbox_ordered', true), '');
    begin
      -- Once per transaction and tenant: the trigger fires for every row written.
      if strpos(done, new.tenant_id::text) > 0 then
        return null;
      end if;
      -- Before the number is drawn, and held until the commit has ended.
      perform pg_advisory_xact_lock_shared(${sql.lit(OUTBOX_LOCK_NAMESPACE)}, hashtext(new.tenant_id::text));
      insert into outbox_commits (tenant_id, tx_id) values (new.tenant_id, pg_current_xact_id());
      perform set_config('hotline.outbox_ordered', done || new.tenant_id::text || ',', true);
      -- Delivered at commit, and not at all on rollback.
      perform pg_notify('hotline_events', new.tenant_id::text);
      return null;
    end $$;
  `.execute(db);
}
