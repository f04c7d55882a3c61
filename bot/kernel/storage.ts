/**
 * The database a bot runs on, as features see it: which backend, nothing
 * more. Each feature's stores.ts picks its store implementation by backend
 * (bot/storage/<backend> gives the handle), so the kernel and the services
 * never name a driver.
 */
export interface Storage {
  readonly backend: string;
}

/**
 * One step of a feature's schema on one backend (SQL for SQLite), applied
 * once, in version order, per feature.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The version of the combined history (knowledge/store/migrations.ts up to
   * release fd98554) that already made this change: a database that applied
   * it records this step without running it.
   */
  replaces?: number;
}
