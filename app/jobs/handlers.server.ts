// Every kind of background job and what runs it. A worker (scripts/serve.ts runs one in
// each server; `npm run worker` runs one on its own) takes jobs of these kinds.
import { getDb } from "../../db/client";
import { COUNTY_PACK_JOB } from "~/models/profiles/county-packs.server";
import { REMINDERS_JOB, runReminders } from "~/models/returns/reminders.server";
import { buildCountyPackJob } from "./county-pack.server";
import type { JobHandler } from "./worker.server";

export const JOB_HANDLERS: Record<string, JobHandler> = {
  [COUNTY_PACK_JOB]: buildCountyPackJob,
  [REMINDERS_JOB]: async (job, context) => {
    const { at } = job.payload as { at: string };
    // Each message goes once however often this runs, so a retry resends nothing already sent.
    await context.progress(await runReminders(getDb(), new Date(at)));
  },
};
