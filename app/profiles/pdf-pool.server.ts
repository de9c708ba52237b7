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
import { PdfBusyError } from "~/models/errors";
import type { ProfilePdfOptions } from "./pdf.server";
import type { DistrictProfile } from "./types";

/** Renders that may wait for a thread; one more is refused as busy. */
const MAX_QUEUE = 16;


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

async function startPool(): Promise<PiscinaPool | null> {
  const filename = compiledWorker();
  if (!filename) {
    // A production server has no in-process renderer to fall back on (react-pdf is not in its build).
    if (process.env.NODE_ENV === "production") throw new Error("build/server/pdf-worker.js is missing: run `npm run build` to lay out PDFs.");
    return null;
  }
  const { Piscina } = await import("piscina");
  return new Piscina({
    filename,
    minThreads: 0,
    maxThreads: Math.max(1, os.availableParallelism() - 1),
    maxQueue: MAX_QUEUE,
    // A thread that has loaded react-pdf stays a minute for the next render.
    idleTimeout: 60_000,
  });
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

/** A profile's PDF, laid out off the event loop where a worker is built; throws PdfBusyError when the queue is full. */
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
    throw error;
  }
}
