// npm run worker – runs background jobs (county packs, reminders) until stopped. Each server
// started with `npm start` runs one already; run this where the web servers should not
// (WORKER=0 for them). A worker stopped with Ctrl+C or SIGTERM gives back the job it holds.
import { closeDb, getDb } from "../db/client";
import { createWorker } from "../app/jobs/worker.server";
import { JOB_HANDLERS } from "../app/jobs/handlers.server";

const worker = createWorker(getDb(), { handlers: JOB_HANDLERS });
worker.start();
console.log(`Worker ${worker.id} is taking jobs: ${Object.keys(JOB_HANDLERS).join(", ")}.`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void worker.stop().finally(closeDb);
  });
}
