// The county pack's job: the pack is laid out in a child process (scripts/build-county-pack.ts),
// so the worker's own server keeps answering requests while twelve districts' PDFs are
// made. The child is tied to this worker: it stops if the worker dies (its IPC channel
// closes) or loses the job (the signal aborts), so two builds of one pack never run at once.
import { fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { JobHandler } from "./worker.server";

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

export const buildCountyPackJob: JobHandler = (job, context) =>
  new Promise<void>((resolve, reject) => {
    const { packId, asOf } = job.payload as { packId: string; asOf: string };
    const { script, execArgv } = builder();
    const child = fork(script, [packId, asOf], {
      execArgv,
      env: process.env,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const stop = () => child.kill("SIGTERM");
    context.signal.addEventListener("abort", stop, { once: true });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      context.signal.removeEventListener("abort", stop);
      if (code === 0) resolve();
      else reject(new Error(`The county pack build stopped (${signal ?? `exit code ${code}`}).`));
    });
  });
