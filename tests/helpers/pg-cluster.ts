import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throw-away PostgreSQL cluster for tests: initdb in a temporary directory,
 * one server on a free loopback port, trust authentication for one superuser,
 * fsync off (nothing in it must survive the machine; a killed server loses
 * nothing, since commits still reach the OS). initdb and postgres
 * refuse to run as root, so as root they run as the `postgres` OS user
 * (Debian's package makes it; .ci/run installs the package when missing).
 */
export interface PgCluster {
  /** postgres://qf@127.0.0.1:<port>/postgres — the maintenance database, superuser. */
  readonly adminUrl: string;
  readonly port: number;
  readonly dir: string;
  /** A URL for the named database on this cluster. */
  urlFor(database: string): string;
  /** Stops the server at once (connections are cut), keeping its data. */
  stop(): void;
  /** Starts it again on the same port and data. */
  start(): void;
  /** Stops it and removes its directory. */
  destroy(): void;
}

const SUPERUSER = "qf";

/** The directory holding initdb/pg_ctl, or undefined when PostgreSQL is not installed. */
export function findPgBin(): string | undefined {
  const fromEnv = process.env.QF_PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, "initdb"))) return fromEnv;
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], "bin");
  }
  const probe = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  const bindir = probe.status === 0 ? probe.stdout.trim() : "";
  return bindir && existsSync(join(bindir, "initdb")) ? bindir : undefined;
}

/** A port nobody listens on now (the server binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** uid/gid to run the server as: ourselves, or `postgres` when we are root. */
function serverIdentity(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) {
    throw new Error(
      "Running as root and there is no `postgres` user to run the test cluster as: apt-get install -y postgresql",
    );
  }
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) {
    throw new Error(
      "PostgreSQL is not installed (no initdb found): apt-get install -y postgresql, or set QF_PG_BIN",
    );
  }
  const who = serverIdentity();
  const dir = mkdtempSync(join(tmpdir(), "qingfeng-pg-"));
  const data = join(dir, "data");
  if (who) {
    chownSync(dir, who.uid, who.gid);
    chmodSync(dir, 0o700);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(join(bin, tool), args, {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      ...(who ?? {}),
      env: { ...process.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8" },
    });
  run("initdb", ["-D", data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
    "-c shared_buffers=32MB",
  ].join(" ");
  const start = () =>
    run("pg_ctl", [
      "-D",
      data,
      "-l",
      join(dir, "server.log"),
      "-o",
      options,
      "-w",
      "-t",
      "30",
      "start",
    ]);
  const stop = () => {
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // Already stopped.
    }
  };
  try {
    start();
  } catch (error) {
    const log = existsSync(join(dir, "server.log"))
      ? readFileSync(join(dir, "server.log"), "utf8")
      : "";
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`The test PostgreSQL cluster did not start: ${String(error)}\n${log}`);
  }
  const urlFor = (database: string) =>
    `postgres://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    adminUrl: urlFor("postgres"),
    port,
    dir,
    urlFor,
    stop,
    start,
    destroy() {
      stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A name for a fresh database: qf_ and random hex, safe unquoted. */
export function freshDatabaseName(): string {
  return `qf_${randomBytes(6).toString("hex")}`;
}
