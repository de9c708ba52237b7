// A PDF pool whose thread cannot start: piscina reports it on the pool, where, unheard, it
// would end the whole server and leave renders waiting for ever. The pool is put down instead,
// the render waiting on it is told the portal is busy, and its owner hears so, to start anew.
// A thread that runs out of memory is put down the same way: piscina would start no thread for
// the renders queued behind it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { PdfBusyError, PdfTooLargeError } from "~/models/errors";
import { PdfThreads, pdfThreadsOnDemand } from "~/profiles/pdf-pool.server";
import { sampleProfile } from "../helpers/sample-profile";

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pdf-threads-"));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function workerFile(name: string, source: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}

describe("PdfThreads with a thread that runs out of memory", () => {
  test("answers that render PdfTooLargeError, tells the renders queued behind it the portal is busy, and is put down", async () => {
    // Every render keeps what it makes until the thread's 64 MB heap is spent.
    const worker = workerFile("greedy-worker.mjs", "export default function render() {\n  const kept = [];\n  for (;;) kept.push(new Array(100_000).fill(kept.length));\n}\n");
    const broken: PdfThreads[] = [];
    const threads = await PdfThreads.start(worker, { threads: 1, queue: 2, memoryMb: 64 }, (pool) => broken.push(pool));
    try {
      const [first, queued] = await Promise.allSettled([
        threads.render(sampleProfile(), { status: { kind: "draft" } }),
        threads.render(sampleProfile(), { status: { kind: "draft" } }),
      ]);
      expect(first.status === "rejected" && first.reason).toBeInstanceOf(PdfTooLargeError);
      expect(queued.status === "rejected" && queued.reason).toBeInstanceOf(PdfBusyError);
      expect(broken).toEqual([threads]);
      await expect(threads.render(sampleProfile(), { status: { kind: "draft" } })).rejects.toBeInstanceOf(PdfBusyError);
    } finally {
      await threads.close();
    }
  });
});

describe("PdfThreads with a thread that cannot start", () => {
  let worker: string;

  beforeAll(() => {
    worker = workerFile("failing-worker.mjs", 'throw new Error("This renderer cannot start");\n');
  });

  test("is put down: the waiting render and the next are told the portal is busy, and the owner is told once", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const broken: PdfThreads[] = [];
      const threads = await PdfThreads.start(worker, { threads: 1, queue: 2, memoryMb: 64 }, (pool) => broken.push(pool));

      await expect(threads.render(sampleProfile(), { status: { kind: "draft" } })).rejects.toBeInstanceOf(PdfBusyError);
      await expect(threads.render(sampleProfile(), { status: { kind: "draft" } })).rejects.toBeInstanceOf(PdfBusyError);

      expect(broken).toEqual([threads]);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(String(logged.mock.calls[0][1])).toContain("This renderer cannot start");
    } finally {
      logged.mockRestore();
    }
  });

  test("on demand: one pool for renders asked at once, and a new one after it is put down", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const started: PdfThreads[] = [];
    const threadsFor = pdfThreadsOnDemand(async (onBroken) => {
      const threads = await PdfThreads.start(worker, { threads: 1, queue: 2, memoryMb: 64 }, onBroken);
      started.push(threads);
      return threads;
    });
    try {
      const [first, same] = await Promise.all([threadsFor(), threadsFor()]);
      expect(same).toBe(first);
      await expect(first.render(sampleProfile(), { status: { kind: "draft" } })).rejects.toBeInstanceOf(PdfBusyError);
      await new Promise((resolve) => setImmediate(resolve));

      const next = await threadsFor();
      expect(next).not.toBe(first);
      expect(started).toEqual([first, next]);
    } finally {
      await Promise.all(started.map((threads) => threads.close()));
      logged.mockRestore();
    }
  });
});
