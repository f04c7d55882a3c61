import pg from "pg";
import { inject } from "vitest";
import { freshDatabaseName } from "./pg-cluster.js";

export interface PgDatabase {
  /** postgres://… for this database alone. */
  url: string;
  name: string;
  /** Drops it, cutting any connection still open. */
  drop(): Promise<void>;
}

/** The run's cluster (tests/global-pg.ts), or an error saying why there is none. */
export function testClusterUrl(): string {
  const url = inject("pgAdminUrl");
  if (!url) throw new Error(`No test PostgreSQL cluster: ${inject("pgUnavailable")}`);
  return url;
}

/** A new, empty database on the run's cluster, for one test file (or one test). */
export async function freshPgDatabase(adminUrl: string = testClusterUrl()): Promise<PgDatabase> {
  const name = freshDatabaseName();
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
