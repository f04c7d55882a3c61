import type { Storage } from "../../kernel/storage.js";
import { memoryOf } from "../../storage/memory.js";
import type { ConsoleSession, ConsoleStore, SignInLink } from "./ports.js";

interface Tables {
  admins: Map<string, string>;
  links: Map<string, SignInLink>;
  sessions: Map<string, ConsoleSession>;
}

/** The console's sign-in state in memory (tests, trials); copies in and out. */
export class MemoryConsoleStore implements ConsoleStore {
  private readonly t: Tables;

  constructor(storage: Storage) {
    this.t = memoryOf(storage).table<Tables>("console", () => ({
      admins: new Map(),
      links: new Map(),
      sessions: new Map(),
    }));
  }

  async setPassword(name: string, hash: string): Promise<void> {
    this.t.admins.set(name, hash);
  }

  async passwordHash(name: string): Promise<string | undefined> {
    return this.t.admins.get(name);
  }

  async addLink(tokenHash: string, link: SignInLink): Promise<void> {
    this.t.links.set(tokenHash, { ...link });
  }

  async takeLink(tokenHash: string): Promise<SignInLink | undefined> {
    const link = this.t.links.get(tokenHash);
    this.t.links.delete(tokenHash);
    return link ? { ...link } : undefined;
  }

  async addSession(idHash: string, session: ConsoleSession): Promise<void> {
    this.t.sessions.set(idHash, { ...session });
  }

  async session(idHash: string): Promise<ConsoleSession | undefined> {
    const s = this.t.sessions.get(idHash);
    return s ? { ...s } : undefined;
  }

  async touchSession(idHash: string, at: number): Promise<void> {
    const s = this.t.sessions.get(idHash);
    if (s) s.lastSeen = at;
  }

  async endSession(idHash: string): Promise<void> {
    this.t.sessions.delete(idHash);
  }

  async prune(now: number, idleSince: number): Promise<void> {
    for (const [k, l] of this.t.links) if (l.expiresAt <= now) this.t.links.delete(k);
    for (const [k, s] of this.t.sessions) if (s.lastSeen < idleSince) this.t.sessions.delete(k);
  }
}
