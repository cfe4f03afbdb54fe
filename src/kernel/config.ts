import path from 'node:path';

/** Settings read once from the environment; every variable is listed in the README. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; when absent, the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Load the demo tenants on first start. */
  demo: boolean;
  sessionTtlHours: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  bodyLimitBytes: number;
  importLimitBytes: number;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intVar(env, 'PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.HOTLINE_DATA_DIR ?? 'data'),
    demo: (env.HOTLINE_DEMO ?? '1') !== '0',
    sessionTtlHours: intVar(env, 'HOTLINE_SESSION_TTL_HOURS', 12),
    maxFailedLogins: intVar(env, 'HOTLINE_MAX_FAILED_LOGINS', 5),
    lockoutMinutes: intVar(env, 'HOTLINE_LOCKOUT_MINUTES', 15),
    bodyLimitBytes: intVar(env, 'HOTLINE_BODY_LIMIT_BYTES', 1024 * 1024),
    importLimitBytes: intVar(env, 'HOTLINE_IMPORT_LIMIT_BYTES', 20 * 1024 * 1024),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}
