// npm run backup [-- --dir data/backups] – backs up the database DATABASE_URL names while the
// portal runs: SQLite through its online backup API into a file named by the time;
// PostgreSQL with pg_dump (or prints the pg_dump command when pg_dump is not installed here).
import { backupDatabase, DEFAULT_BACKUP_DIR } from "../db/backup";

async function main() {
  const at = process.argv.indexOf("--dir");
  const dir = at >= 0 ? process.argv[at + 1] : DEFAULT_BACKUP_DIR;
  const result = await backupDatabase(process.env.DATABASE_URL, dir);
  if (result.kind === "written") console.log(`Backed up to ${result.file}`);
  else console.log(`pg_dump is not installed here. On a machine that has it, run:\n  ${result.command}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
