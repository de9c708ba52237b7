// A PDF pool whose thread cannot start: piscina reports it on the pool, where, unheard, it
// would end the whole server and leave renders waiting for ever. The pool is put down instead,
// the render waiting on it is told the portal is busy, and its owner hears so, to start anew.
// (A thread that runs out of memory is put down the same way; the e2e tests cannot make one
// run out on demand, and this one is not worth a render built to.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { PdfBusyError } from "~/models/errors";
import { PdfThreads, pdfThreadsOnDemand } from "~/profiles/pdf-pool.server";
import { sampleProfile } from "../helpers/sample-profile";

describe("PdfThreads with a thread that cannot start", () => {
  let dir: string;
  let worker: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pdf-threads-"));
    worker = path.join(dir, "failing-worker.mjs");
    fs.writeFileSync(worker, 'throw new Error("This renderer cannot start");\n');
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
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
