// Builds one queued county pack: `tsx scripts/build-county-pack.ts <packId> <asOf>`.
// The portal starts this as a child process when an officer asks for a pack, so laying out
// twelve districts' PDFs (seconds of solid work) never holds up the server's other requests.
// Progress and the finished PDF go to the database, where the officer's page reads them.
import { closeDb, getDb } from "../db/client";
import { buildCountyPack } from "../app/models/profiles/county-packs.server";

const [packId, asOf] = process.argv.slice(2);

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
  .finally(closeDb);
