// A PDF pool whose thread cannot start: piscina reports it on the pool, where, unheard, it
// would end the whole server and leave renders waiting for ever. The pool is put down instead,
// the render waiting on it is told the portal is busy, and its owner hears so, to start anew.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { PdfBusyError } from "~/models/errors";
import { PdfThreads } from "~/profiles/pdf-pool.server";
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
});
