// A server dies mid-build: its worker is killed with SIGKILL while laying out the county pack,
// and another server's worker takes the job over once the lease runs out and finishes the
// pack. The test waits on the job's and the pack's state, never on a fixed clock budget.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { COUNTY_PACK_JOB, requestCountyPack } from "~/models/profiles/county-packs.server";
import { getJob } from "~/models/jobs/queue.server";
import { createWorker, type JobHandler, type Worker } from "~/jobs/worker.server";
import { JOB_HANDLERS } from "~/jobs/handlers.server";
import { createTestUser } from "../helpers/requests";

const LEASE_MS = 2_000;
let doomed: ChildProcess | null = null;
let survivor: Worker | null = null;

beforeAll(async () => {
  await seedDemoData(getDb());
});

afterAll(async () => {
  doomed?.kill("SIGKILL");
  await survivor?.stop();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const packRow = (id: string) =>
  getDb().selectFrom("county_packs").select(["status", "districts_done", "districts_total", "pdf_sha256"]).where("id", "=", id).executeTakeFirstOrThrow();

describe("a worker killed mid-build", () => {
  it("leaves the county pack to another worker, which finishes it", async () => {
    const officer = await createTestUser({ roles: ["officer"], countyWide: true });
    const { id } = await requestCountyPack(getDb(), { actorUserId: officer.id, ip: null }, "2025-26 Q2", "2026-12-07");

    // The first server's worker: a separate process, as `npm run worker` runs it (from source here).
    doomed = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      env: { ...process.env, JOB_LEASE_MS: String(LEASE_MS) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const leaseOwner = () => getDb().selectFrom("jobs").select("lease_owner").where("id", "=", id).executeTakeFirstOrThrow();
    const firstOwner = (await until(leaseOwner, (job) => job.lease_owner !== null)).lease_owner;
    // The pack is laid out in one pass of several seconds: killed once it is building, the
    // worker dies in the middle of it.
    await until(() => packRow(id), (pack) => pack.status === "building");

    doomed.kill("SIGKILL");
    await new Promise((resolve) => doomed!.once("exit", resolve));
    const interrupted = await packRow(id);
    expect(interrupted.status).toBe("building");
    expect(interrupted.districts_done).toBeLessThan(interrupted.districts_total);

    // Another server's worker looks for work all along; it can take the job once the lease is out.
    const takenOver: string[] = [];
    const handlers = {
      [COUNTY_PACK_JOB]: ((job, context) => {
        takenOver.push(job.id);
        return JOB_HANDLERS[COUNTY_PACK_JOB](job, context);
      }) satisfies JobHandler,
    };
    survivor = createWorker(getDb(), { handlers, pollMs: 200, leaseMs: LEASE_MS, log: () => undefined });
    survivor.start();
    const finished = await until(() => packRow(id), (pack) => pack.status !== "building" && pack.status !== "queued");
    expect(finished).toMatchObject({ status: "done", districts_done: 12, districts_total: 12 });
    expect(finished.pdf_sha256).toMatch(/^[0-9a-f]{64}$/);

    const job = await until(() => getJob(getDb(), id), (j) => j?.status === "done");
    expect(job).toMatchObject({ status: "done", attempts: 2, error: null });
    expect(takenOver).toEqual([id]);
    expect(firstOwner).not.toBe(survivor.id);
  }, 120_000);
});
