// A worker: claims one job at a time from the queue (app/models/jobs/queue.server.ts), runs
// its kind's handler, renews the lease while the handler works, and records the outcome.
// Each app server runs one (scripts/serve.ts), and `npm run worker` runs one on its own.
// If the lease is lost (this worker stalled long enough for another to take the job over),
// the handler's signal aborts and nothing more is written for that job.
import type { Db } from "../../db/client";
import {
  claimJob, completeJob, DEFAULT_LEASE_MS, failJob, newWorkerId, onJobsCommitted, releaseJob, renewLease, reportProgress, type Job, type Lease,
} from "~/models/jobs/queue.server";

export interface JobContext {
  /** Records how far the job has got; throws when the lease was lost. */
  progress(progress: unknown): Promise<void>;
  /** Aborted when this worker loses the job (or is stopped). */
  signal: AbortSignal;
  lease: Lease;
}

export type JobHandler = (job: Job, context: JobContext) => Promise<void>;

/**
 * Thrown by a handler that cannot start yet (what it needs is busy): the job goes back to the
 * queue to be tried after `afterMs`, and the try does not count against its attempts.
 */
export class RetryLater extends Error {
  constructor(readonly afterMs: number, message: string) {
    super(message);
  }
}

export interface WorkerOptions {
  handlers: Record<string, JobHandler>;
  /** How often to look for work when there is none. */
  pollMs?: number;
  leaseMs?: number;
  id?: string;
  log?: (line: string) => void;
}

export interface Worker {
  id: string;
  /** Runs jobs until none is due; returns how many it ran. For scripts and tests. */
  drain(): Promise<number>;
  /** Keeps looking for work until stopped. */
  start(): void;
  stop(): Promise<void>;
}

export function createWorker(db: Db, options: WorkerOptions): Worker {
  const id = options.id ?? newWorkerId();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = options.pollMs ?? 1_000;
  const log = options.log ?? ((line: string) => console.log(line));
  const kinds = Object.keys(options.handlers);
  const stopping = new AbortController();
  let loop: Promise<void> | null = null;

  async function runOne(): Promise<boolean> {
    const claimed = await claimJob(db, id, kinds, { leaseMs });
    if (!claimed) return false;
    const { job, lease } = claimed;
    // Two reasons to stop a handler: this worker lost the job (another took it over), or
    // this worker is stopping. Only the first means the outcome is no longer ours to write.
    const lost = new AbortController();
    const either = new AbortController();
    const stop = () => either.abort();
    lost.signal.addEventListener("abort", stop);
    stopping.signal.addEventListener("abort", stop);
    const renewal = setInterval(() => {
      renewLease(db, lease, { leaseMs }).then((held) => held || lost.abort(), () => undefined);
    }, Math.max(250, Math.floor(leaseMs / 3)));
    try {
      await options.handlers[job.kind](job, {
        lease,
        signal: either.signal,
        progress: async (progress) => {
          if (!(await reportProgress(db, lease, progress))) {
            lost.abort();
            throw new Error("Another worker has taken this job over.");
          }
        },
      });
      if (!lost.signal.aborted) await completeJob(db, lease);
    } catch (error) {
      if (lost.signal.aborted) {
        // The new holder finishes or fails it.
      } else if (stopping.signal.aborted) {
        await releaseJob(db, lease);
      } else if (error instanceof RetryLater) {
        await releaseJob(db, lease, new Date(Date.now() + error.afterMs));
        log(JSON.stringify({ time: new Date().toISOString(), job: job.id, kind: job.kind, waits: error.message, retryInMs: error.afterMs }));
      } else {
        const message = error instanceof Error ? error.message : String(error);
        const status = await failJob(db, lease, message);
        log(JSON.stringify({ time: new Date().toISOString(), job: job.id, kind: job.kind, attempt: job.attempts, failed: message, now: status }));
      }
    } finally {
      clearInterval(renewal);
      stopping.signal.removeEventListener("abort", stop);
    }
    return true;
  }

  return {
    id,
    async drain() {
      let ran = 0;
      while (!stopping.signal.aborted && (await runOne())) ran++;
      return ran;
    },
    start() {
      if (loop) return;
      // A job committed while this worker is still looking (its claim began before the commit)
      // is noted, so the pause that follows ends at once instead of missing the news.
      const news = { committed: false };
      const stopNoting = onJobsCommitted(() => { news.committed = true; });
      loop = (async () => {
        while (!stopping.signal.aborted) {
          news.committed = false;
          let worked = false;
          try {
            worked = await runOne();
          } catch (error) {
            // The database was unreachable, say: try again after the usual pause.
            log(`Worker ${id}: ${error instanceof Error ? error.message : error}`);
          }
          if (!worked && !news.committed) await pause(pollMs, stopping.signal);
        }
        stopNoting();
      })();
    },
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

/** Waits `ms`, or less when stopped or when a job is committed in this process. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // The listeners go when the pause ends either way: a worker pauses every second it idles.
    const end = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", end);
      stopListening();
      resolve();
    };
    const timer = setTimeout(end, ms);
    signal.addEventListener("abort", end, { once: true });
    const stopListening = onJobsCommitted(end);
  });
}
