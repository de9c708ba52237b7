// The PDF threads as the production server runs them: the compiled worker that `npm run build`
// writes (build/server/pdf-worker.js), under the pool's own limits. A profile is laid out off
// the main thread, renders that wait for the thread are laid out in turn, and one past the
// queue is told the portal is busy rather than left waiting.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { PdfBusyError } from "~/models/errors";
import { PdfThreads } from "~/profiles/pdf-pool.server";
import { readPdf } from "../helpers/pdf-text";
import { sampleProfile } from "../helpers/sample-profile";

// The build is made by the browser tests' global setup, which makes none without Chromium.
const available = !!inject("e2e").chromiumPath;
const WORKER = path.resolve("build/server/pdf-worker.js");

describe.skipIf(!available)("PDF threads (build/server/pdf-worker.js)", () => {
  let threads: PdfThreads;

  beforeAll(async () => {
    threads = await PdfThreads.start(WORKER, { threads: 1, queue: 2, memoryMb: 192 });
  });

  afterAll(async () => {
    await threads?.close();
  });

  test("lays profiles out off the main thread, those that wait for the thread too", async () => {
    const districts = ["Chorley", "Preston", "Wyre"];
    // One thread: the first is laid out at once, the other two wait in the queue.
    const rendered = await Promise.all(districts.map((districtName) => threads.render(sampleProfile({ districtName }), { status: { kind: "draft" } })));

    expect(rendered.map((r) => r.isMainThread)).toEqual([false, false, false]);
    const titles = await Promise.all(rendered.map(async ({ pdf }) => (await readPdf(pdf)).title));
    expect(titles).toEqual([
      "Chorley district performance profile, 2026-27 Q2",
      "Preston district performance profile, 2026-27 Q2",
      "Wyre district performance profile, 2026-27 Q2",
    ]);
  }, 120_000);

  test("one render past a full queue is told the portal is busy, and the rest are still laid out", async () => {
    const draft = { status: { kind: "draft" } } as const;
    // The first goes to the thread; two fill the queue; the fourth is one too many.
    const queued = [1, 2, 3].map(() => threads.render(sampleProfile(), draft));
    await expect(threads.render(sampleProfile(), draft)).rejects.toBeInstanceOf(PdfBusyError);

    const rendered = await Promise.all(queued);
    expect(rendered.map((r) => new TextDecoder().decode(r.pdf.subarray(0, 5)))).toEqual(["%PDF-", "%PDF-", "%PDF-"]);
    expect(rendered.every((r) => !r.isMainThread)).toBe(true);
  }, 120_000);
});
