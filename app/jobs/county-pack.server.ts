// The county pack's job: the pack is laid out in a child process (scripts/build-county-pack.ts),
// so the worker's own server keeps answering requests while twelve districts' PDFs are
// made. The child is tied to this worker: it stops if the worker dies (its IPC channel
// closes) or loses the job (the signal aborts), so two builds of one pack never run at once;
// and a pack starts only when no other is building (startCountyPackBuild), so two packs
// never run at once either.
import { fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getDb } from "../../db/client";
import { startCountyPackBuild } from "~/models/profiles/county-packs.server";
import { RetryLater, type JobHandler } from "./worker.server";

/**
 * The builder to start: compiled beside this code when this code is the compiled server
 * (build/server/, scripts/build-server.ts), else the TypeScript source under tsx.
 */
function builder(): { script: string; execArgv: string[] } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (path.basename(here) === "server" && path.basename(path.dirname(here)) === "build") {
    return { script: path.join(here, "build-county-pack.js"), execArgv: [] };
  }
  return { script: path.resolve(process.cwd(), "scripts/build-county-pack.ts"), execArgv: ["--import", "tsx"] };
}

/** How soon a pack waiting for another's build looks again. */
const WAIT_MS = 5_000;

export const buildCountyPackJob: JobHandler = async (job, context) => {
  const { packId, asOf } = job.payload as { packId: string; asOf: string };
  // One pack is built at a time across the county: the others wait their turn in the queue.
  const slot = await startCountyPackBuild(getDb(), packId);
  if (slot === "gone") return;
  if (slot === "busy") throw new RetryLater(WAIT_MS, "Another county pack is being built");
  await buildInChild(packId, asOf, context.signal);
};

function buildInChild(packId: string, asOf: string, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const { script, execArgv } = builder();
    const child = fork(script, [packId, asOf], {
      execArgv,
      env: process.env,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const stop = () => child.kill("SIGTERM");
    signal.addEventListener("abort", stop, { once: true });
    child.on("error", reject);
    child.on("exit", (code, killedBy) => {
      signal.removeEventListener("abort", stop);
      if (code === 0) resolve();
      else reject(new Error(`The county pack build stopped (${killedBy ?? `exit code ${code}`}).`));
    });
  });
}
