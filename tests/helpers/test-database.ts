// A fresh, migrated database for each test file: a temporary SQLite file by default, or a
// new PostgreSQL database when TEST_DATABASE_URL points at a server (as in CI).
import { createScratchDatabase } from "../../db/scratch-database";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase("portal_test", process.env.TEST_DATABASE_URL);
}
