// Starting and stopping the built portal as a real server process, for the browser tests'
// server (global-setup.ts) and for tests that run a second server on the same database.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { seedDemoData } from "../../demo/seed";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A new database, migrated and holding the demo data with its tenders, for a server of its own. */
export async function seededTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  const db = createDb(database.url);
  try {
    await migrateToLatest(db);
    await seedDemoData(db, { withTenders: true });
  } finally {
    await db.destroy();
  }
  return database;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, server: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`The server exited (${server.exitCode ?? server.signalCode}) before answering:\n${output()}`);
    }
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`The server did not answer at ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

export interface StartedServer {
  server: ChildProcess;
  /** Resolves once the server answers on 127.0.0.1:port. */
  ready: Promise<void>;
  /** Everything the server has written so far (its request log is on stdout). */
  output(): string;
}

/**
 * Starts `scripts/serve.ts` (the production server, with its worker) on 127.0.0.1:port with
 * this environment over the test process's. Errors it logs go to stderr, marked as its own.
 */
export function startPortalServer(env: Record<string, string>, port: number, label = "portal server"): StartedServer {
  let output = "";
  // The compiled server, as `npm start` runs it (scripts/build-server.ts, part of the build).
  const server = spawn(process.execPath, ["build/server/serve.js"], {
    cwd: root,
    // Its own process group, so stopServer stops it and any child it started together.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
  });
  // Keep the server's output to explain a failure; errors it logs while tests run go to stderr.
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(`[${label}] ${chunk.toString()}`);
  });
  return { server, ready: waitForHttp(`http://127.0.0.1:${port}/`, server, () => output), output: () => output };
}

/** Stops the server and everything it started (tsx runs node as a child), by process group. */
export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null || !server.pid) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-server.pid!, name);
    } catch {
      // Already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

