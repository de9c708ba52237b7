// The job queue. A job is a row: queued until a worker claims it, running while the worker
// holds its lease (renewed as it works), then done or failed. A worker that dies stops
// renewing; once the lease runs out any worker may claim the job again, on any server.
//
// Claiming is one conditional update on both engines, so two workers never both win a job:
// on PostgreSQL the candidate is picked with FOR UPDATE SKIP LOCKED (workers pass over each
// other's rows instead of queueing on them); on SQLite, which has one writer at a time, the
// statement holds the write lock from pick to take. Every later write (progress, renewal, the outcome) is
// conditional on still holding the lease, so a worker that lost its job cannot overwrite
// the work of the one that took it over.
import { randomBytes } from "node:crypto";
import { sql, type ExpressionBuilder } from "kysely";
import { dialectName, type Executor } from "../../../db/client";
import type { Database, JobStatus } from "../../../db/schema";
import { newId } from "~/lib/ids.server";

export interface Job<P = unknown> {
  id: string;
  kind: string;
  payload: P;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  progress: unknown;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface Lease {
  jobId: string;
  owner: string;
}

/** How long a claim lasts without renewal: a dead worker's job waits this long at most. */
export const DEFAULT_LEASE_MS = Number(process.env.JOB_LEASE_MS ?? 60_000);

/** A name for this worker, unique across servers and restarts. */
export const newWorkerId = () => `${process.pid}-${randomBytes(6).toString("hex")}`;

type Row = {
  id: string; kind: string; payload_json: string; status: JobStatus; attempts: number; max_attempts: number;
  progress_json: string | null; error: string | null; created_at: string; finished_at: string | null;
};

const COLUMNS = ["id", "kind", "payload_json", "status", "attempts", "max_attempts", "progress_json", "error", "created_at", "finished_at"] as const;

function toJob<P>(r: Row): Job<P> {
  return {
    id: r.id, kind: r.kind, payload: JSON.parse(r.payload_json) as P, status: r.status, attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts), progress: r.progress_json === null ? null : JSON.parse(r.progress_json),
    error: r.error, createdAt: r.created_at, finishedAt: r.finished_at,
  };
}

/**
 * This process's workers wait between looks at the queue; a job committed here need not wait
 * for the next look. Called once the job's transaction has committed (a worker woken
 * earlier would not see it on PostgreSQL); workers of other processes find it at their next
 * look, as before.
 */
const queued = new EventTarget();

export function jobsCommitted(): void {
  queued.dispatchEvent(new Event("queued"));
}

/** Calls `listener` when jobsCommitted() is; returns the way to stop. */
export function onJobsCommitted(listener: () => void): () => void {
  queued.addEventListener("queued", listener);
  return () => queued.removeEventListener("queued", listener);
}

export async function enqueueJob(db: Executor, kind: string, payload: unknown, options: { id?: string; maxAttempts?: number; runAfter?: Date; now?: Date } = {}): Promise<string> {
  const now = options.now ?? new Date();
  // A record built by the job may share its id, so the two are read together.
  const id = options.id ?? newId();
  await db.insertInto("jobs").values({
    id, kind, payload_json: JSON.stringify(payload ?? null), status: "queued", attempts: 0, max_attempts: options.maxAttempts ?? 3,
    run_after: (options.runAfter ?? now).toISOString(), lease_owner: null, lease_expires_at: null, progress_json: null, error: null,
    created_at: now.toISOString(), started_at: null, finished_at: null,
  }).execute();
  return id;
}

export async function getJob<P = unknown>(db: Executor, id: string): Promise<Job<P> | null> {
  const row = await db.selectFrom("jobs").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toJob<P>(row) : null;
}

/**
 * Claims the oldest job of these kinds that is due, or whose worker's lease has run out.
 * Returns the job and the lease to pass to every later call, or null when there is none.
 */
export async function claimJob(db: Executor, owner: string, kinds: readonly string[], options: { leaseMs?: number; now?: Date } = {}): Promise<{ job: Job; lease: Lease } | null> {
  if (kinds.length === 0) return null;
  const now = (options.now ?? new Date()).toISOString();
  const until = new Date(Date.parse(now) + (options.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
  // A job whose worker died on its last attempt is failed, not run again for ever.
  await db.updateTable("jobs")
    .set({ status: "failed", finished_at: now, lease_owner: null, lease_expires_at: null, error: "The worker running it stopped before it finished, on its last attempt." })
    .where("kind", "in", [...kinds]).where("status", "=", "running").where("lease_expires_at", "<", now)
    .where((eb) => eb("attempts", ">=", eb.ref("max_attempts")))
    .execute();
  // One statement: pick the oldest claimable row and take it. On SQLite the statement holds
  // the write lock throughout; on PostgreSQL SKIP LOCKED passes over rows another worker is
  // taking, and the outer WHERE re-checks the row once locked.
  const row = await db.updateTable("jobs")
    .set((eb) => ({
      status: "running", lease_owner: owner, lease_expires_at: until, attempts: eb("attempts", "+", 1),
      started_at: sql<string>`coalesce(started_at, ${now})`,
    }))
    .where("id", "=", (eb) => {
      let candidate = eb.selectFrom("jobs as candidate").select("candidate.id")
        .where("candidate.kind", "in", [...kinds])
        .where((c) => c.or([
          c.and([c("candidate.status", "=", "queued"), c("candidate.run_after", "<=", now)]),
          c.and([c("candidate.status", "=", "running"), c("candidate.lease_expires_at", "<", now)]),
        ]))
        .orderBy("candidate.run_after").orderBy("candidate.created_at").limit(1);
      if (dialectName() === "postgres") candidate = candidate.forUpdate().skipLocked();
      return candidate;
    })
    .where(claimable(now))
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? { job: toJob(row), lease: { jobId: row.id, owner } } : null;
}

/** Due and queued, or running under a lease that has run out. */
const claimable = (now: string) => (eb: ExpressionBuilder<Database, "jobs">) => eb.or([
  eb.and([eb("status", "=", "queued"), eb("run_after", "<=", now)]),
  eb.and([eb("status", "=", "running"), eb("lease_expires_at", "<", now)]),
]);

const held = (lease: Lease) => (eb: ExpressionBuilder<Database, "jobs">) =>
  eb.and([eb("id", "=", lease.jobId), eb("lease_owner", "=", lease.owner), eb("status", "=", "running")]);

/** Keeps the job for another lease period; false when the lease was lost (another worker took over). */
export async function renewLease(db: Executor, lease: Lease, options: { leaseMs?: number; now?: Date } = {}): Promise<boolean> {
  const until = new Date((options.now ?? new Date()).getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
  const result = await db.updateTable("jobs").set({ lease_expires_at: until }).where(held(lease)).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records how far the job has got (shown to people waiting for it); false when the lease was lost. */
export async function reportProgress(db: Executor, lease: Lease, progress: unknown): Promise<boolean> {
  const result = await db.updateTable("jobs").set({ progress_json: JSON.stringify(progress) }).where(held(lease)).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function completeJob(db: Executor, lease: Lease, now = new Date()): Promise<boolean> {
  const result = await db.updateTable("jobs")
    .set({ status: "done", finished_at: now.toISOString(), lease_owner: null, lease_expires_at: null, error: null })
    .where(held(lease)).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records a failure: the job is queued again after a pause (longer each time) until it has
 * used its attempts, then it is failed for good with the message. Returns the new status.
 */
export async function failJob(db: Executor, lease: Lease, message: string, now = new Date()): Promise<JobStatus | "lost"> {
  const job = await db.selectFrom("jobs").select(["attempts", "max_attempts"]).where(held(lease)).executeTakeFirst();
  if (!job) return "lost";
  const final = Number(job.attempts) >= Number(job.max_attempts);
  const retryAt = new Date(now.getTime() + 30_000 * 2 ** (Number(job.attempts) - 1)).toISOString();
  await db.updateTable("jobs")
    .set(final
      ? { status: "failed", finished_at: now.toISOString(), lease_owner: null, lease_expires_at: null, error: message.slice(0, 2000) }
      : { status: "queued", run_after: retryAt, lease_owner: null, lease_expires_at: null, error: message.slice(0, 2000) })
    .where(held(lease)).execute();
  return final ? "failed" : "queued";
}

/**
 * Gives a job back to the queue without counting the attempt: its worker is stopping (a
 * deploy, a restart) and another will run it from the start.
 */
export async function releaseJob(db: Executor, lease: Lease, now = new Date()): Promise<boolean> {
  const result = await db.updateTable("jobs")
    .set((eb) => ({ status: "queued", run_after: now.toISOString(), lease_owner: null, lease_expires_at: null, attempts: eb("attempts", "-", 1) }))
    .where(held(lease)).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Jobs that should have started but have not: for /healthz (no worker running anywhere). */
export async function countStuckJobs(db: Executor, olderThanMs = 10 * 60_000, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - olderThanMs).toISOString();
  const row = await db.selectFrom("jobs").select((eb) => eb.fn.countAll<number>().as("n"))
    .where((eb) => eb.or([
      eb.and([eb("status", "=", "queued"), eb("run_after", "<", before)]),
      eb.and([eb("status", "=", "running"), eb("lease_expires_at", "<", before)]),
    ]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
