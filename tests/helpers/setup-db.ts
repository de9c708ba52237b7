// Runs before each route/database test file: points the app at a fresh migrated database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closeDb, getDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { createTestDatabase, type TestDatabase } from "./test-database";

let database: TestDatabase;

// Links in e-mails are built from APP_URL only: the tests' requests come to http://portal.test.
process.env.APP_URL ??= "http://portal.test";
// Mail written to files in tests lands in a temporary folder, never in data/outbox.
process.env.MAIL_OUTBOX_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "portal-outbox-"));

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  await migrateToLatest(getDb());
});

afterAll(async () => {
  await closeDb();
  await database?.drop();
});
