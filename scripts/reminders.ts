// npm run reminders – sends the e-mail reminders about quarterly returns that are due now:
// 7 days before a return is due, when it is overdue and weekly after, and the officers'
// weekly digest. It queues the work as a job and runs it (or waits for a server's worker
// that took it first), so cron needs nothing more: `0 * * * * npm run reminders`. Safe to
// run as often as wanted: each message goes out once, even when two copies run at once.
// Honours DATABASE_URL, SMTP_URL and APP_URL (the address links in the e-mails point at).
import { closeDb, getDb } from "../db/client";
import { createWorker } from "../app/jobs/worker.server";
import { JOB_HANDLERS } from "../app/jobs/handlers.server";
import { enqueueJob, getJob } from "../app/models/jobs/queue.server";
import { describeCounts, REMINDERS_JOB, type ReminderCounts } from "../app/models/returns/reminders.server";

async function main() {
  const db = getDb();
  const now = new Date();
  const id = await enqueueJob(db, REMINDERS_JOB, { at: now.toISOString() }, { maxAttempts: 1 });
  await createWorker(db, { handlers: { [REMINDERS_JOB]: JOB_HANDLERS[REMINDERS_JOB] } }).drain();
  // Another worker may have taken it first: wait for its outcome.
  for (;;) {
    const job = await getJob(db, id);
    if (job?.status === "done") {
      const counts = job.progress as ReminderCounts;
      console.log(`Reminders at ${now.toISOString()}: ${describeCounts(counts)}.`);
      if (counts.failed > 0) process.exitCode = 1;
      return;
    }
    if (!job || job.status === "failed") throw new Error(`The reminders could not be sent: ${job?.error ?? "the job has gone"}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(closeDb);
