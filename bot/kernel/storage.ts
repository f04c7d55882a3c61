/**
 * The database a bot runs on, as features see it: which backend, nothing
 * more. Each feature's stores.ts picks its store implementation by backend
 * (bot/storage/<backend> gives the handle), so the kernel and the services
 * never name a driver.
 */
export interface Storage {
  readonly backend: string;
}
