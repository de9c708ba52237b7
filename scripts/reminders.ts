// npm run reminders – sends the e-mail reminders about quarterly returns that are due now:
// 7 days before a return is due, when it is overdue and weekly after, and the officers'
// weekly digest. Safe to run from cron as often as wanted (hourly is plenty): each message
// goes out once, even when two copies run at once. Honours DATABASE_URL, SMTP_URL and
// APP_URL (the address links in the e-mails point at).
import { closeDb, getDb } from "../db/client";
import { describeCounts, runReminders } from "../app/models/returns/reminders.server";

async function main() {
  const now = new Date();
  const counts = await runReminders(getDb(), now);
  console.log(`Reminders at ${now.toISOString()}: ${describeCounts(counts)}.`);
  if (counts.failed > 0) process.exitCode = 1;
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(closeDb);
