// The job queue on whichever engine this run uses: one winner when many workers claim at
// once, a dead worker's job taken over once its lease runs out, a worker that lost its job
// unable to write to it, failures retried then failed for good. Tests wait on the job's
// state, never on the clock alone.
import { describe, expect, it } from "vitest";
import { dialectName, getDb } from "../../db/client";
import { createWorker, RetryLater } from "~/jobs/worker.server";
import { claimJob, completeJob, enqueueJob, failJob, getJob, jobsCommitted, renewLease, reportProgress } from "~/models/jobs/queue.server";

const ENGINE = dialectName(process.env.TEST_DATABASE_URL);

/** Polls until the job reaches one of the statuses; fails after `budget` polls. */
async function waitForStatus(id: string, statuses: string[], budget = 400) {
  for (let i = 0; i < budget; i++) {
    const job = await getJob(getDb(), id);
    if (job && statuses.includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Job ${id} never reached ${statuses.join(" or ")}: ${JSON.stringify(await getJob(getDb(), id))}`);
}

describe(`the job queue on ${ENGINE}`, () => {
  it("puts a job that must wait its turn back in the queue for later, without counting the try", async () => {
    const id = await enqueueJob(getDb(), "test:waits", {}, { maxAttempts: 1 });
    const worker = createWorker(getDb(), { handlers: { "test:waits": async () => { throw new RetryLater(60_000, "Something else is busy"); } }, log: () => undefined });
    expect(await worker.drain()).toBe(1);
    expect(await getJob(getDb(), id)).toMatchObject({ status: "queued", attempts: 0, error: null });
    // Not due again for a minute: a worker looking now finds nothing.
    expect(await claimJob(getDb(), "other", ["test:waits"])).toBeNull();
    expect(await claimJob(getDb(), "other", ["test:waits"], { now: new Date(Date.now() + 61_000) })).not.toBeNull();
  });

  it("starts a job committed in this process at once, not at the worker's next look", async () => {
    const ran: string[] = [];
    // A worker that looks at the queue once a minute, idle by now.
    const worker = createWorker(getDb(), { handlers: { "test:woken": async (job) => void ran.push(job.id) }, pollMs: 60_000, log: () => undefined });
    worker.start();
    try {
      await new Promise((r) => setTimeout(r, 100));
      const id = await enqueueJob(getDb(), "test:woken", {});
      jobsCommitted();
      const done = await waitForStatus(id, ["done"], 80);
      expect(done.status).toBe("done");
      expect(ran).toEqual([id]);
    } finally {
      await worker.stop();
    }
  });

  it("gives a job to exactly one of many workers claiming at once", async () => {
    const id = await enqueueJob(getDb(), "test:once", { n: 1 });
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => claimJob(getDb(), `worker-${i}`, ["test:once"])));
    const winners = claims.filter((c) => c !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.job).toMatchObject({ id, kind: "test:once", payload: { n: 1 }, status: "running", attempts: 1 });
  });

  it("hands a dead worker's job to another once the lease runs out, and the first can no longer write to it", async () => {
    const id = await enqueueJob(getDb(), "test:takeover", {});
    const start = new Date("2030-01-01T00:00:00.000Z");
    const first = await claimJob(getDb(), "first", ["test:takeover"], { leaseMs: 1_000, now: start });
    expect(first?.job.id).toBe(id);
    // Within the lease nobody else may have it.
    expect(await claimJob(getDb(), "second", ["test:takeover"], { now: new Date(start.getTime() + 500) })).toBeNull();
    const second = await claimJob(getDb(), "second", ["test:takeover"], { leaseMs: 60_000, now: new Date(start.getTime() + 1_001) });
    expect(second?.job).toMatchObject({ id, attempts: 2 });

    expect(await renewLease(getDb(), first!.lease)).toBe(false);
    expect(await reportProgress(getDb(), first!.lease, { step: 9 })).toBe(false);
    expect(await completeJob(getDb(), first!.lease)).toBe(false);
    expect(await reportProgress(getDb(), second!.lease, { step: 1 })).toBe(true);
    expect(await completeJob(getDb(), second!.lease)).toBe(true);
    expect(await getJob(getDb(), id)).toMatchObject({ status: "done", progress: { step: 1 } });
  });

  it("queues a failed job again after a pause, then fails it for good when its attempts are used", async () => {
    const id = await enqueueJob(getDb(), "test:fails", {}, { maxAttempts: 2 });
    const t0 = new Date("2031-01-01T00:00:00.000Z");
    const a = await claimJob(getDb(), "w", ["test:fails"], { now: t0 });
    expect(await failJob(getDb(), a!.lease, "first go", t0)).toBe("queued");
    expect(await claimJob(getDb(), "w", ["test:fails"], { now: new Date(t0.getTime() + 1_000) })).toBeNull();
    const b = await claimJob(getDb(), "w", ["test:fails"], { now: new Date(t0.getTime() + 31_000) });
    expect(b?.job.attempts).toBe(2);
    expect(await failJob(getDb(), b!.lease, "second go", t0)).toBe("failed");
    expect(await getJob(getDb(), id)).toMatchObject({ status: "failed", error: "second go" });
  });

  it("runs jobs through a worker: progress, outcome, and a handler's error retried", async () => {
    const ok = await enqueueJob(getDb(), "test:worker", { fail: false });
    const bad = await enqueueJob(getDb(), "test:worker", { fail: true }, { maxAttempts: 1 });
    const seen: string[] = [];
    const worker = createWorker(getDb(), {
      log: () => undefined,
      handlers: {
        "test:worker": async (job, context) => {
          seen.push(job.id);
          await context.progress({ done: 1, total: 1 });
          if ((job.payload as { fail: boolean }).fail) throw new Error("it went wrong");
        },
      },
    });
    expect(await worker.drain()).toBe(2);
    expect(seen.sort()).toEqual([ok, bad].sort());
    expect(await getJob(getDb(), ok)).toMatchObject({ status: "done", progress: { done: 1, total: 1 } });
    expect(await getJob(getDb(), bad)).toMatchObject({ status: "failed", error: "it went wrong" });
  });

  it("keeps a long job's lease alive while it works, so no other worker takes it", async () => {
    const id = await enqueueJob(getDb(), "test:long", {});
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const worker = createWorker(getDb(), { leaseMs: 600, pollMs: 20, log: () => undefined, handlers: { "test:long": () => held } });
    worker.start();
    await waitForStatus(id, ["running"]);
    // Three lease periods later the job is still this worker's.
    await new Promise((r) => setTimeout(r, 1_800));
    expect(await claimJob(getDb(), "intruder", ["test:long"])).toBeNull();
    release();
    await waitForStatus(id, ["done"]);
    await worker.stop();
  });
});

describe(`jobs that stop on ${ENGINE}`, () => {
  it("a job whose worker died on its last attempt is failed, not run for ever", async () => {
    const id = await enqueueJob(getDb(), "test:dies", {}, { maxAttempts: 1 });
    const t0 = new Date("2032-01-01T00:00:00.000Z");
    expect((await claimJob(getDb(), "doomed", ["test:dies"], { leaseMs: 1_000, now: t0 }))?.job.id).toBe(id);
    // The worker dies; its lease runs out.
    expect(await claimJob(getDb(), "next", ["test:dies"], { now: new Date(t0.getTime() + 2_000) })).toBeNull();
    expect(await getJob(getDb(), id)).toMatchObject({ status: "failed", attempts: 1, error: expect.stringMatching(/stopped before it finished/) });
  });

  it("a worker that is stopped gives its job back without using an attempt", async () => {
    const id = await enqueueJob(getDb(), "test:stopped", {}, { maxAttempts: 1 });
    const worker = createWorker(getDb(), {
      pollMs: 20, log: () => undefined,
      handlers: { "test:stopped": (_job, context) => new Promise<void>((_, reject) => context.signal.addEventListener("abort", () => reject(new Error("stopped")))) },
    });
    worker.start();
    await waitForStatus(id, ["running"]);
    await worker.stop();
    expect(await getJob(getDb(), id)).toMatchObject({ status: "queued", attempts: 0 });
  });
});
