// npm run db:migrate        – apply every migration not yet applied
// npm run db:rollback       – roll back the latest migration
import { closeDb, dialectName, getDb } from "../db/client";
import { migrateDown, migrateToLatest } from "../db/migrator";

async function main() {
  const direction = process.argv[2] === "down" ? "down" : "up";
  const db = getDb();
  const lines = direction === "down" ? await migrateDown(db) : await migrateToLatest(db);
  console.log(`Database (${dialectName()}): ${lines.length ? lines.join("; ") : "already up to date"}`);
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(closeDb);
