import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Statements prepared per connection at most; beyond that a new one runs unnamed (planned each time). */
const MAX_PREPARED = 256;

const PLANNABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * A pool for Kysely whose connections prepare each distinct statement once (a named statement
 * per SQL text) and from then on only bind and run it. For a pool that runs a small, fixed set
 * of statements many times a second, like the ACD's: PostgreSQL then parses and plans a
 * routing pass's larger statements once per connection instead of on every pass (planning
 * them cost more than running them). Statements whose text varies with their input (an `in`
 * list of n values) are distinct texts; the cap keeps a connection from collecting them without
 * end. Plans follow PostgreSQL's plan cache: replanned after schema changes and per role.
 *
 * @example
 * new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(new pg.Pool({ max: 2 })) }) });
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const prepared = new WeakMap<pg.PoolClient, Set<string>>();
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const names = prepared.get(client) ?? new Set<string>();
      prepared.set(client, names);
      const query = (text: unknown, values?: ReadonlyArray<unknown>) => {
        if (typeof text !== 'string') return client.query(text as pg.Submittable);
        if (!PLANNABLE.test(text)) return client.query(text, values as unknown[]);
        const name = `k${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
        if (!names.has(name)) {
          if (names.size >= MAX_PREPARED) return client.query(text, values as unknown[]);
          names.add(name);
        }
        return client.query({ name, text, values: values as unknown[] });
      };
      return {
        query: query as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
