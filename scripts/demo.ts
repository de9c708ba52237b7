// npm run demo – migrate, seed the demo data if the database is empty, build, and serve.
// Honours DATABASE_URL, PORT and HOST.
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { closeDb, dialectName, getDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { isDatabaseEmpty, seedDemoData } from "../demo/seed";
import { DEMO_ACCOUNTS, DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD } from "../demo/constants";
import { sendDemoBoardPapers } from "../demo/board-papers";

/** A session secret kept in data/ so demo sign-ins survive a restart; never committed. */
function demoSessionSecret(): string {
  const file = path.resolve("data/session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

async function main() {
  const db = getDb();
  const applied = await migrateToLatest(db);
  console.log(`Database (${dialectName()}): ${applied.length ? applied.join("; ") : "up to date"}`);
  if (await isDatabaseEmpty(db)) {
    await seedDemoData(db, { withTenders: true });
    await sendDemoBoardPapers(db);
    console.log("Demo data loaded (the county pack for the board is built once the portal starts).");
  }
  await closeDb();

  console.log("Building the portal…");
  execSync("npm run build", { stdio: "inherit" });

  process.env.SESSION_SECRET ??= demoSessionSecret();
  process.env.NODE_ENV = "production";
  // The demo serves plain HTTP; a real deployment sits behind HTTPS and keeps Secure cookies.
  process.env.COOKIE_SECURE ??= "0";
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  // E-mailed links point at the demo's own address (a real deployment sets APP_URL).
  process.env.APP_URL ??= `http://${shownHost}:${port}`;
  const { startServer } = await import("./serve");
  await startServer({ port, host });
  console.log(`\nThe portal is running at http://${shownHost}:${port}\n`);
  console.log(`Demo accounts (password "${DEMO_PASSWORD}"):`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(30)} ${a.what}`);
  console.log(`The administrator also enters a code: add the key ${DEMO_ADMIN_TOTP_SECRET} to an authenticator app.`);
  console.log("\nE-mail is written to data/outbox/ unless SMTP_URL is set. Press Ctrl+C to stop.");
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
