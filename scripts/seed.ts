// npm run seed – loads the demo data into an empty database (never in production).
import { closeDb, getDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";

async function main() {
  // Checked before the seed module loads anything of the app's.
  if (process.env.NODE_ENV === "production") {
    throw new Error("Refusing to seed demo data when NODE_ENV=production.");
  }
  const { isDatabaseEmpty, seedDemoData } = await import("../demo/seed");
  const { DEMO_ACCOUNTS, DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD } = await import("../demo/constants");
  const db = getDb();
  await migrateToLatest(db);
  if (!(await isDatabaseEmpty(db))) {
    console.log("The database already has users: demo data not loaded.");
    return;
  }
  await seedDemoData(db, { withTenders: true });
  console.log(`Demo data loaded. Accounts (password "${DEMO_PASSWORD}"):`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(30)} ${a.what}`);
  console.log(`The administrator also enters a code: add the key ${DEMO_ADMIN_TOTP_SECRET} to an authenticator app.`);
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(closeDb);
