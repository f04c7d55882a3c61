import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { AttemptLimiter } from "./attempt-limiter.js";
import { QingfengError } from "./errors.js";
import { hashPassword, verifyPassword } from "./password-hash.js";
import type { ConsoleSession, ConsoleStore } from "./ports.js";

export const LINK_TTL_MS = 15 * 60_000;
/** A session ends this long after creation however busy it was. */
export const SESSION_MAX_MS = 12 * 3_600_000;
const MIN_PASSWORD = 10;

export interface SignedIn {
  /** The session cookie's value (only its hash is stored). */
  sessionId: string;
  session: ConsoleSession;
}

/** Whether a platform user is a bot admin now (configured or granted). */
export type AdminCheck = (platform: string, userId: string) => Promise<boolean>;

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function token(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Console sign-in: one-time links for admins (issued on /console, single use,
 * expiring), passwords set with `qingfeng admin password` (scrypt), sessions
 * with an idle timeout, and failed attempts limited per address and name.
 * Every time comes from the injected clock.
 */
export class ConsoleAuth {
  private readonly limiter: AttemptLimiter;

  constructor(
    private readonly d: {
      store: ConsoleStore;
      now: () => number;
      idleMs: number;
      /** Failed sign-ins per address or name within 15 minutes before refusing. */
      maxFailures?: number;
    },
  ) {
    this.limiter = new AttemptLimiter({
      max: d.maxFailures ?? 5,
      windowMs: 15 * 60_000,
      now: d.now,
    });
  }

  private served: string | undefined;

  get idleMs(): number {
    return this.d.idleMs;
  }

  /** Where this process serves the console (the port it listens on), for links when no URL is configured. */
  servedAt(url: string): void {
    this.served = url;
  }

  /** The console's address for sign-in links: the configured one, else where it is served. */
  linkBase(configured: string | undefined, port: number): string {
    return configured ?? this.served ?? `http://localhost:${port}/admin`;
  }

  async setPassword(name: string, password: string): Promise<void> {
    if (!/^[\p{L}\p{N}._-]{1,64}$/u.test(name))
      throw new QingfengError(
        "BAD_INPUT",
        `"${name}" is not an admin name (letters, digits, . _ -).`,
      );
    if ([...password].length < MIN_PASSWORD)
      throw new QingfengError(
        "BAD_INPUT",
        `A console password needs at least ${MIN_PASSWORD} characters.`,
      );
    await this.d.store.setPassword(name, await hashPassword(password));
  }

  /** A one-time link token for this admin; only its hash is stored. */
  async issueLink(platform: string, userId: string): Promise<string> {
    const t = token();
    await this.d.store.addLink(sha256(t), {
      platform,
      userId,
      expiresAt: this.d.now() + LINK_TTL_MS,
    });
    return t;
  }

  /** Signs in with a link token: once, before it expires, and only while its user is an admin. */
  async redeemLink(linkToken: string, client: string, isAdmin: AdminCheck): Promise<SignedIn> {
    this.guard(client);
    const link = linkToken ? await this.d.store.takeLink(sha256(linkToken)) : undefined;
    if (!link || link.expiresAt <= this.d.now()) {
      this.limiter.fail(client);
      throw new QingfengError(
        "CONSOLE_SIGN_IN_REFUSED",
        "This sign-in link is used, expired or unknown.",
      );
    }
    if (!(await isAdmin(link.platform, link.userId))) {
      this.limiter.fail(client);
      throw new QingfengError(
        "CONSOLE_SIGN_IN_REFUSED",
        `${link.platform}:${link.userId} is not a bot admin.`,
      );
    }
    this.limiter.succeed(client);
    return this.open(`${link.platform}:${link.userId}`);
  }

  async signInWithPassword(name: string, password: string, client: string): Promise<SignedIn> {
    this.guard(client, `name:${name}`);
    const stored = await this.d.store.passwordHash(name);
    // A missing admin costs the same scrypt run as a wrong password: timing tells nothing.
    const ok = await verifyPassword(password, stored ?? DUMMY_HASH);
    if (!stored || !ok) {
      this.limiter.fail(client);
      this.limiter.fail(`name:${name}`);
      throw new QingfengError("CONSOLE_SIGN_IN_REFUSED", "Wrong admin name or password.");
    }
    this.limiter.succeed(client);
    this.limiter.succeed(`name:${name}`);
    return this.open(`password:${name}`);
  }

  /** The live session for a cookie value (touched), or undefined when absent, idle too long or too old. */
  async session(sessionId: string | undefined): Promise<ConsoleSession | undefined> {
    if (!sessionId) return undefined;
    const key = sha256(sessionId);
    const s = await this.d.store.session(key);
    if (!s) return undefined;
    const now = this.d.now();
    if (now - s.lastSeen > this.d.idleMs || now - s.createdAt > SESSION_MAX_MS) {
      await this.d.store.endSession(key);
      return undefined;
    }
    // One write a minute at most: a page full of htmx polls is not a write each.
    if (now - s.lastSeen > 60_000) await this.d.store.touchSession(key, now);
    return { ...s, lastSeen: now };
  }

  async signOut(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.d.store.endSession(sha256(sessionId));
  }

  /** Constant-time check of a submitted CSRF token against the session's. */
  csrfMatches(session: ConsoleSession, submitted: string | undefined): boolean {
    if (!submitted) return false;
    const a = Buffer.from(session.csrf);
    const b = Buffer.from(submitted);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private guard(...keys: string[]): void {
    if (keys.some((k) => this.limiter.blocked(k)))
      throw new QingfengError("CONSOLE_RATE_LIMITED", "Too many failed sign-ins.");
  }

  private async open(who: string): Promise<SignedIn> {
    const now = this.d.now();
    await this.d.store.prune(now, now - this.d.idleMs);
    const sessionId = token();
    const session: ConsoleSession = { who, csrf: token(), createdAt: now, lastSeen: now };
    await this.d.store.addSession(sha256(sessionId), session);
    return { sessionId, session };
  }
}

/** A valid hash of a random password: what a missing admin's check runs against. */
const DUMMY_HASH =
  "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
