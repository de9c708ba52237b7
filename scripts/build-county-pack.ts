// Builds one county pack: `tsx scripts/build-county-pack.ts <packId> <asOf>`. A worker
// starts this as a child process for the pack's job (app/jobs/county-pack.server.ts), so
// laying out twelve districts' PDFs (seconds of solid work) never holds up its server.
// Progress and the finished PDF go to the database, where the officer's page reads them.
// Started by a worker, it stops when that worker goes (its IPC channel closes).
import { closeDb, getDb } from "../db/client";
import { buildCountyPack } from "../app/models/profiles/county-pack-build.server";

const [packId, asOf] = process.argv.slice(2);

let finished = false;
if (process.send) process.on("disconnect", () => finished || process.exit(1));

async function main() {
  if (!packId || !/^\d{4}-\d{2}-\d{2}$/.test(asOf ?? "")) {
    console.error("Usage: tsx scripts/build-county-pack.ts <packId> <asOf as YYYY-MM-DD>");
    process.exitCode = 2;
    return;
  }
  await buildCountyPack(getDb(), packId, asOf);
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    finished = true;
    await closeDb();
    // The IPC channel to the worker keeps a child alive: let it go so the child can end.
    if (process.send && process.disconnect) process.disconnect();
  });
