import { QingfengError } from "./errors.js";

/**
 * The typed name of a service one feature provides and others use. Keys live
 * in the providing feature's ports.ts, the only file of a feature another
 * feature may import.
 */
export class ServiceKey<T> {
  /** Carries T for the compiler; never set. */
  declare readonly type: T;
  constructor(readonly name: string) {}
}

/** Services by key, filled as features open (a feature sees those opened before it). */
export class Services {
  private readonly entries = new Map<string, unknown>();

  provide<T>(key: ServiceKey<T>, value: T): void {
    if (this.entries.has(key.name)) {
      throw new QingfengError("CONFIG_INVALID", `Two features provide ${key.name}.`, {
        hint: "Register each feature once in bot/app/features.ts.",
      });
    }
    this.entries.set(key.name, value);
  }

  get<T>(key: ServiceKey<T>): T {
    if (!this.entries.has(key.name)) {
      throw new QingfengError("CONFIG_INVALID", `No feature provides ${key.name}.`, {
        hint: "Register the feature that provides it before the features that use it (bot/app/features.ts).",
      });
    }
    return this.entries.get(key.name) as T;
  }

  find<T>(key: ServiceKey<T>): T | undefined {
    return this.entries.get(key.name) as T | undefined;
  }
}
