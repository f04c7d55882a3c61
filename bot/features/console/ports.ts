import type { IngestReport } from "../../../ingest/ingest-paths.js";
import type { StoredDocument } from "../../../knowledge/types.js";
import { ServiceKey } from "../../kernel/services.js";
import type { ConsoleAuth } from "./console-auth.js";

export type { ConsoleAuth } from "./console-auth.js";

/** A one-time sign-in link as stored: only the token's hash is kept. */
export interface SignInLink {
  platform: string;
  userId: string;
  expiresAt: number;
}

/** A signed-in browser: who, its CSRF token, and when it was last seen (idle timeout). */
export interface ConsoleSession {
  who: string;
  csrf: string;
  createdAt: number;
  lastSeen: number;
}

/**
 * What the console keeps: admin password hashes, sign-in links and sessions.
 * Tokens and session ids are stored as SHA-256 hashes, so a copy of the
 * database signs nobody in.
 */
export interface ConsoleStore {
  setPassword(name: string, hash: string): Promise<void>;
  passwordHash(name: string): Promise<string | undefined>;
  addLink(tokenHash: string, link: SignInLink): Promise<void>;
  /** The link, removed in the same step: a second redemption finds nothing. */
  takeLink(tokenHash: string): Promise<SignInLink | undefined>;
  addSession(idHash: string, session: ConsoleSession): Promise<void>;
  session(idHash: string): Promise<ConsoleSession | undefined>;
  touchSession(idHash: string, at: number): Promise<void>;
  endSession(idHash: string): Promise<void>;
  /** Forgets expired links and sessions idle since before `idleSince`. */
  prune(now: number, idleSince: number): Promise<void>;
}

/** One clause of a document as the console shows it, under its section. */
export interface DocumentClause {
  chunkId: number;
  section: string;
  label?: string | undefined;
  text: string;
}

/**
 * The document library as the console uses it: the app implements it over
 * the knowledge base (ingest, remove, index updates), so the console never
 * touches the knowledge store or the ingest pipeline's files itself.
 */
export interface DocumentLibrary {
  list(): Promise<StoredDocument[]>;
  clauses(docId: number): Promise<DocumentClause[]>;
  /** Saves the uploaded files in the data directory and ingests them (same file name = new edition). */
  upload(files: { name: string; bytes: Uint8Array }[]): Promise<IngestReport>;
  /** Removes a source's documents; false when no such source is stored. */
  remove(source: string): Promise<boolean>;
}

/** The console's sign-in service (links for /console, passwords for `qingfeng admin password`). */
export const CONSOLE = new ServiceKey<ConsoleAuth>("console");
