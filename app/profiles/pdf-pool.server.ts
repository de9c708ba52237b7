// Profile PDFs off the request thread. In the production server (compiled, NODE_ENV=production)
// they are laid out by a pool of worker threads (piscina over build/server/pdf-worker.js):
// as many at once as the machine has cores less one, the rest waiting in a short queue; past
// that, the request is told to come back (PdfBusyError, a 503 with Retry-After) rather than
// wait behind a long line. Live profiles' downloads and publishing both render here.
// Elsewhere (tests, `npm run dev`, the demo under tsx) there is no compiled worker, and the
// PDF is laid out in the process as before.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Piscina as PiscinaPool } from "piscina";
import { PdfBusyError, PdfTooLargeError } from "~/models/errors";
import type { ProfilePdfOptions } from "./pdf.server";
import type { DistrictProfile } from "./types";

/** Renders that may wait for a thread; one more is refused as busy. */
const MAX_QUEUE = 16;

const DEFAULT_THREAD_MEMORY_MB = 192;

/** The compiled worker, where this runs as the production build (build/index.js or build/server/). */
function compiledWorker(): string | null {
  if (process.env.NODE_ENV !== "production") return null;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidate = [path.join(here, "server", "pdf-worker.js"), path.join(here, "pdf-worker.js")].find((file) => fs.existsSync(file));
  return candidate ?? null;
}

// The promise, not the pool, is kept: two requests at a cold start share one pool.
let pool: Promise<PiscinaPool | null> | undefined;

function thePool(): Promise<PiscinaPool | null> {
  pool ??= startPool();
  return pool;
}

/** Pools put down: the renders that were waiting for one are told to try again. */
const putDown = new WeakSet<PiscinaPool>();

/** Puts a broken pool down (the renders waiting for it fail) so that the next PDF starts a new one. */
function forgetPool(broken: PiscinaPool): void {
  putDown.add(broken);
  void pool?.then((current) => {
    if (current === broken) pool = undefined;
  });
  void broken.destroy();
}

async function startPool(): Promise<PiscinaPool | null> {
  const filename = compiledWorker();
  if (!filename) {
    // A production server has no in-process renderer to fall back on (react-pdf is not in its build).
    if (process.env.NODE_ENV === "production") throw new Error("build/server/pdf-worker.js is missing: run `npm run build` to lay out PDFs.");
    return null;
  }
  const { Piscina } = await import("piscina");
  const pool = new Piscina({
    filename,
    minThreads: 0,
    maxThreads: Math.max(1, os.availableParallelism() - 1),
    maxQueue: MAX_QUEUE,
    // A thread that has loaded react-pdf stays a minute for the next render.
    idleTimeout: 60_000,
    // Left to itself, a thread's heap grows to twice what a profile needs before it collects.
    resourceLimits: { maxOldGenerationSizeMb: pdfThreadMemoryMb() },
  });
  // A thread that fails with no render of its own (one that could not start, say) is reported
  // on the pool: unheard, that would end the whole server. piscina then starts no more
  // threads, and renders would wait for one for ever.
  pool.on("error", (error: unknown) => {
    console.error("A PDF thread failed:", error);
    forgetPool(pool);
  });
  return pool;
}

/**
 * The heap each PDF thread may use (PDF_THREAD_MEMORY_MB). A district of 80 projects is laid
 * out in under 96 MB; a thread without a limit let its heap grow to twice what it needed.
 */
export function pdfThreadMemoryMb(value = process.env.PDF_THREAD_MEMORY_MB): number {
  if (value === undefined || value === "") return DEFAULT_THREAD_MEMORY_MB;
  const mb = Number(value);
  // Much less and a thread may not even load react-pdf (with 24 MB one could not).
  if (!Number.isInteger(mb) || mb < 64 || mb > 16_384) throw new Error(`PDF_THREAD_MEMORY_MB must be a whole number of megabytes from 64 to 16384, not "${value}".`);
  return mb;
}

/**
 * The renderer for PDFs laid out in this process (tests, `npm run dev`, both under tsx or
 * vitest), loaded on first use from its source: beside this file when this is the source, or
 * in app/profiles when this is Remix's development build. Imported by a path worked out at run
 * time, so no build bundles it: a production server, whose PDFs are all laid out by the
 * threads, never loads react-pdf (about 46 MB).
 */
function inProcessRenderer(): Promise<typeof import("./pdf.server")> {
  const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), "pdf.server.tsx");
  const source = fs.existsSync(beside) ? beside : path.resolve(process.cwd(), "app/profiles/pdf.server.tsx");
  return import(pathToFileURL(source).href) as Promise<typeof import("./pdf.server")>;
}

/**
 * A profile's PDF, laid out off the event loop where a worker is built. Throws PdfBusyError when
 * the queue is full, PdfTooLargeError when the thread ran out of memory laying it out.
 */
export async function renderProfilePdfOffThread(profile: DistrictProfile, options: ProfilePdfOptions): Promise<Uint8Array> {
  const workers = await thePool();
  if (!workers) return (await inProcessRenderer()).renderProfilePdf(profile, options);
  if (workers.queueSize >= MAX_QUEUE) throw new PdfBusyError();
  try {
    const bytes = (await workers.run({ profile, options })) as Uint8Array;
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    // piscina's words for a full queue ("Task queue is at limit").
    if (error instanceof Error && /queue is at limit/i.test(error.message)) throw new PdfBusyError();
    if ((error as { code?: unknown } | null)?.code === "ERR_WORKER_OUT_OF_MEMORY") throw new PdfTooLargeError();
    // Its pool was put down while it waited: the next try starts a new one.
    if (putDown.has(workers)) throw new PdfBusyError();
    throw error;
  }
}
