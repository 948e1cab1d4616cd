/**
 * The database side of secret rotation, behind an interface so the rotation protocol can be
 * tested and reused without a database driver.
 *
 * The stack deploys no database (PostgreSQL is optional in the brief), so the deployed function
 * runs with DATABASE_MODE=none: setSecret and testSecret validate the pending credentials and log
 * that no database was contacted. To rotate a real PostgreSQL user, implement `DatabaseClient` with
 * a driver (e.g. `pg`, not bundled today), return it from `databaseClientFromEnv` for
 * DATABASE_MODE=postgres, and give the function's security group egress to the database (5432).
 */
export interface DatabaseCredentials {
  engine: string;
  host: string;
  port: number;
  dbname: string;
  username: string;
  password: string;
}

export interface DatabaseClient {
  /** Human-readable mode for logs (`none`, `postgres`...). */
  readonly mode: string;
  /** True when `credentials` can log in. Must not throw on authentication failure. */
  canLogin(credentials: DatabaseCredentials): Promise<boolean>;
  /** Logs in as `current` and changes the password of `pending.username` to `pending.password`. */
  setPassword(current: DatabaseCredentials, pending: DatabaseCredentials): Promise<void>;
  /** Logs in with `credentials` and runs a trivial query; throws when it fails. */
  test(credentials: DatabaseCredentials): Promise<void>;
}

/** For stacks without a database: every database step is a no-op that reports itself. */
export class NoDatabaseClient implements DatabaseClient {
  readonly mode = "none";
  async canLogin(): Promise<boolean> {
    return false;
  }
  async setPassword(): Promise<void> {
    // Nothing to change: the credentials are only stored in Secrets Manager.
  }
  async test(): Promise<void> {
    // Nothing to test beyond the structure validated by the handler.
  }
}

export class DatabaseClientUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseClientUnavailableError";
  }
}

/** DATABASE_MODE=none (default) or postgres (requires a driver-backed client, see above). */
export function databaseClientFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseClient {
  const mode = env.DATABASE_MODE ?? "none";
  if (mode === "none") return new NoDatabaseClient();
  if (mode === "postgres") {
    throw new DatabaseClientUnavailableError(
      "DATABASE_MODE=postgres needs a PostgreSQL DatabaseClient; none is bundled. Implement DatabaseClient with a driver and inject it.",
    );
  }
  throw new DatabaseClientUnavailableError(`Unknown DATABASE_MODE '${mode}' (expected none or postgres).`);
}
