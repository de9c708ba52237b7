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

/** What a PDF thread answers: the PDF, and whether it was laid out on the main thread (never). */
export interface RenderedPdf {
  pdf: Uint8Array;
  isMainThread: boolean;
}

export interface PdfThreadOptions {
  /** Renders laid out at once. */
  threads: number;
  /** Renders that may wait for a thread; one more is refused as busy. */
  queue: number;
  /** Each thread's heap, in MB (PDF_THREAD_MEMORY_MB). */
  memoryMb: number;
}

/**
 * PDF renderers in worker threads: piscina over a compiled worker (scripts/pdf-worker.ts), with
 * the portal's answers for a full queue, a thread out of memory and a broken pool. Two failures
 * put the pool down, so that no render waits for a thread that will not come:
 * - a thread that fails with no render of its own (one that could not start, say), reported on
 *   the pool: unheard, that would end the whole server;
 * - a thread that ran out of memory: piscina (with no threads kept idle) starts its
 *   replacement only when a new render is asked for, so renders already queued would wait.
 * Renders still waiting are told to try again (PdfBusyError), and `onBroken` lets the owner
 * start a new pool for the next PDF.
 */
export class PdfThreads {
  private broken = false;

  private constructor(private readonly pool: PiscinaPool, private readonly queue: number, private readonly onBroken: (threads: PdfThreads) => void) {}

  static async start(filename: string, options: PdfThreadOptions, onBroken: (threads: PdfThreads) => void = () => {}): Promise<PdfThreads> {
    const { Piscina } = await import("piscina");
    const pool = new Piscina({
      filename,
      minThreads: 0,
      maxThreads: options.threads,
      maxQueue: options.queue,
      // A thread that has loaded react-pdf stays a minute for the next render.
      idleTimeout: 60_000,
      // The heap limit keeps one profile from taking the server's memory. The young generation
      // is half V8's usual (semi-spaces of 8 MB, not 16: 16 MB less held), and profiles were
      // laid out as fast (a median of 333 ms against 322 ms, taking turns, on a busy machine).
      // V8 flags given to the process (--max-old-space-size and the like) override these.
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb, maxYoungGenerationSizeMb: 24 },
    });
    const threads = new PdfThreads(pool, options.queue, onBroken);
    pool.on("error", (error: unknown) => {
      console.error("A PDF thread failed:", error);
      threads.putDown();
    });
    return threads;
  }

  private putDown(): void {
    if (this.broken) return;
    this.broken = true;
    this.onBroken(this);
    void this.pool.destroy();
  }

  /**
   * Throws PdfBusyError when the queue is full or the pool has been put down, PdfTooLargeError
   * when the thread ran out of memory.
   */
  async render(profile: DistrictProfile, options: ProfilePdfOptions): Promise<RenderedPdf> {
    if (this.broken || this.pool.queueSize >= this.queue) throw new PdfBusyError();
    try {
      const rendered = (await this.pool.run({ profile, options })) as RenderedPdf;
      const { pdf } = rendered;
      return { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), isMainThread: rendered.isMainThread };
    } catch (error) {
      // piscina's words for a full queue ("Task queue is at limit").
      if (error instanceof Error && /queue is at limit/i.test(error.message)) throw new PdfBusyError();
      if ((error as { code?: unknown } | null)?.code === "ERR_WORKER_OUT_OF_MEMORY") {
        this.putDown();
        throw new PdfTooLargeError();
      }
      // The pool was put down while this waited: the next try starts a new one.
      if (this.broken) throw new PdfBusyError();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.broken = true;
    await this.pool.destroy();
  }
}

/**
 * A pool started on first need and started anew once it is put down. The promise, not the
 * pool, is kept: two requests at a cold start share one pool.
 */
export function pdfThreadsOnDemand(start: (onBroken: (threads: PdfThreads) => void) => Promise<PdfThreads>): () => Promise<PdfThreads> {
  let current: Promise<PdfThreads> | undefined;
  const onBroken = (broken: PdfThreads) =>
    void current?.then((threads) => {
      if (threads === broken) current = undefined;
    });
  return () => {
    if (!current) {
      const starting = start(onBroken);
      current = starting;
      // A pool that could not be started is tried again by the next PDF.
      starting.catch(() => {
        if (current === starting) current = undefined;
      });
    }
    return current;
  };
}

/** The server's pool, or null where PDFs are laid out in the process (no compiled worker). */
let pdfThreads: (() => Promise<PdfThreads>) | null | undefined;

function thePool(): (() => Promise<PdfThreads>) | null {
  if (pdfThreads !== undefined) return pdfThreads;
  const filename = compiledWorker();
  // A production server has no in-process renderer to fall back on (react-pdf is not in its build).
  if (!filename && process.env.NODE_ENV === "production") throw new Error("build/server/pdf-worker.js is missing: run `npm run build` to lay out PDFs.");
  pdfThreads = filename
    ? pdfThreadsOnDemand((onBroken) =>
        PdfThreads.start(filename, { threads: Math.max(1, os.availableParallelism() - 1), queue: MAX_QUEUE, memoryMb: pdfThreadMemoryMb() }, onBroken),
      )
    : null;
  return pdfThreads;
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
  const threads = thePool();
  if (!threads) return (await inProcessRenderer()).renderProfilePdf(profile, options);
  return (await (await threads()).render(profile, options)).pdf;
}
