import type { TestProject } from "vitest/node";
import { type PgCluster, startPgCluster } from "./helpers/pg-cluster.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's throw-away cluster (superuser, maintenance database), or "" when it could not start. */
    pgAdminUrl: string;
    /** Why there is no cluster, when pgAdminUrl is "". */
    pgUnavailable: string;
  }
}

/**
 * One throw-away PostgreSQL cluster per test run, shared by every file:
 * each file makes its own database in it (tests/helpers/pg-database.ts), so
 * files run in parallel without seeing each other's rows. A machine without
 * PostgreSQL still runs every other test; the PostgreSQL ones fail saying
 * how to install it.
 */
export default async function startTestCluster(project: TestProject): Promise<() => void> {
  let cluster: PgCluster | undefined;
  try {
    cluster = await startPgCluster();
    project.provide("pgAdminUrl", cluster.adminUrl);
    project.provide("pgUnavailable", "");
  } catch (error) {
    project.provide("pgAdminUrl", "");
    project.provide("pgUnavailable", error instanceof Error ? error.message : String(error));
  }
  return () => cluster?.destroy();
}
