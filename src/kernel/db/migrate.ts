import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as foundation from './migrations/0001-foundation.ts';
import * as valueLifecycle from './migrations/0002-value-lifecycle.ts';
import * as standingAsOf from './migrations/0003-standing-as-of.ts';
import * as routing from './migrations/0004-routing.ts';
import * as webchat from './migrations/0005-webchat.ts';
import * as email from './migrations/0006-email.ts';
import * as outboxCommitLock from './migrations/0007-outbox-commit-lock.ts';
import * as routingFreeAgents from './migrations/0008-routing-free-agents.ts';
import * as voice from './migrations/0009-voice.ts';
import * as tickets from './migrations/0010-tickets.ts';
import * as sla from './migrations/0011-sla.ts';
import * as complaints from './migrations/0012-complaints.ts';

/** Every migration, in order. Hand-written; never edit one that has shipped, add the next. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-value-lifecycle': valueLifecycle,
  '0003-standing-as-of': standingAsOf,
  '0004-routing': routing,
  '0005-webchat': webchat,
  '0006-email': email,
  '0007-outbox-commit-lock': outboxCommitLock,
  '0008-routing-free-agents': routingFreeAgents,
  '0009-voice': voice,
  '0010-tickets': tickets,
  '0011-sla': sla,
  '0012-complaints': complaints,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS;
  }
}

/** Applies pending migrations; returns the names applied. Throws with the failing name. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on any schema; Kysely<DB> is not assignable to Kysely<unknown>
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
