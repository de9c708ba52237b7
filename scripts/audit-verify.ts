// npm run audit:verify – checks that the audit trail is intact: every event still has the
// content it was written with, and none has been removed or inserted. Exits 1 and names
// the first event that does not fit when it is not. Honours DATABASE_URL.
import { closeDb, getDb } from "../db/client";
import { verifyAuditChain } from "../app/models/audit/chain.server";

async function main() {
  const check = await verifyAuditChain(getDb());
  if (check.intact) {
    console.log(`The audit trail is intact: ${check.events} events, each following the one before.`);
    return;
  }
  const e = check.firstBroken;
  console.error(
    `The audit trail is broken at event ${e.seq ?? "(unnumbered)"}${e.id ? ` (id ${e.id}, written ${e.createdAt})` : ""}: ${e.reason}. ` +
      `The ${check.events} events before it are intact.`,
  );
  process.exitCode = 1;
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(closeDb);
