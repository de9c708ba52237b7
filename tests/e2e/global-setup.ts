// Once per `vitest run --project e2e`: build the app, make a fresh database with the demo
// data, and start the production server on a free loopback port for the browser tests.
// Without Chromium it builds nothing and tells the tests to skip themselves.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { isPostgresUrl } from "../../db/client";
import type { TestDatabase } from "../helpers/test-database";
import { freePort, seededTestDatabase, startPortalServer, stopServer } from "./server";

export interface E2eContext {
  /** The Chromium to drive, or null when there is none (the tests are then skipped). */
  chromiumPath: string | null;
  /** Where the server under test answers, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  /** The server's environment (database, secrets, APP_URL), for a test that starts another. */
  serverEnv: Record<string, string>;
}

declare module "vitest" {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function findChromium(): string | null {
  const candidate = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return candidate;
  } catch {
    return null;
  }
}

/** Runs a command quietly; its output is shown only if it fails. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) return resolve();
      process.stderr.write(output);
      reject(new Error(`\`${command} ${args.join(" ")}\` failed with exit code ${code}`));
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const chromiumPath = findChromium();
  if (!chromiumPath) {
    console.log(
      `Browser tests skipped: Chromium not found at ${process.env.CHROMIUM_PATH || "/usr/bin/chromium"}. ` +
        "Install it with: sudo apt-get install chromium (or set CHROMIUM_PATH).",
    );
    project.provide("e2e", { chromiumPath: null, baseUrl: "", serverEnv: {} });
    return undefined;
  }

  let database: TestDatabase | undefined;
  let server: ChildProcess | undefined;
  let outbox: string | undefined;
  const teardown = async () => {
    if (server) await stopServer(server);
    await database?.drop();
    if (outbox) fs.rmSync(outbox, { recursive: true, force: true });
  };

  try {
    // Vitest sets NODE_ENV=test, and Remix would then compile development JSX (jsxDEV),
    // which the production server's React does not have: build exactly as for production.
    await run("npm", ["run", "build"], { NODE_ENV: "production" });

    database = await seededTestDatabase();

    outbox = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-outbox-"));
    const serverEnv = {
      NODE_ENV: "production",
      SESSION_SECRET: randomBytes(32).toString("hex"),
      COOKIE_SECURE: "0",
      DATABASE_URL: database.url,
      MAIL_OUTBOX_DIR: outbox,
      // As behind a reverse proxy: each test browser says which address it comes from
      // (X-Forwarded-For), so sign-in throttling counts per browser, as for real people.
      TRUST_PROXY: "loopback",
    };
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const started = startPortalServer({ ...serverEnv, APP_URL: baseUrl }, port);
    server = started.server;
    // Should vitest exit without running teardown (Ctrl+C), stop the server and remove what
    // can be removed synchronously. (A PostgreSQL test database needs teardown to drop it.)
    const serverGroup = server.pid;
    const leftovers = [outbox, ...(isPostgresUrl(database.url) ? [] : ["", "-wal", "-shm"].map((s) => `${database!.url}${s}`))];
    process.once("exit", () => {
      try {
        if (serverGroup) process.kill(-serverGroup, "SIGKILL");
      } catch {
        // Already stopped by teardown.
      }
      for (const file of leftovers) fs.rmSync(file, { recursive: true, force: true });
    });
    await started.ready;


    project.provide("e2e", { chromiumPath, baseUrl, serverEnv: { ...serverEnv, APP_URL: baseUrl } });
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
