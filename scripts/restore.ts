// npm run restore FILE – puts a backup back in place of the database DATABASE_URL names,
// after checking the file. Stop the portal first. The SQLite file it replaces is kept
// beside it as portal.db.before-restore-<time>.
import { restoreDatabase } from "../db/backup";

const file = process.argv[2];
if (!file) {
  console.error("Say which backup to restore: npm run restore -- data/backups/portal-….db");
  process.exit(2);
}
try {
  const result = restoreDatabase(process.env.DATABASE_URL, file);
  if (result.kind === "refused") {
    console.error(`Not restored: ${result.reason}. The database is unchanged.`);
    process.exitCode = 1;
  } else {
    console.log(`Restored from ${file}.${result.keptAs ? ` The database it replaced is kept as ${result.keptAs}.` : ""}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
