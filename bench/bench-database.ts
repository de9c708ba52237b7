// A database of the bench's own, never the portal's: a temporary SQLite file, or, when
// DATABASE_URL is a postgres:// server, a new database on it, dropped afterwards.
import { createScratchDatabase, type ScratchDatabase } from "../db/scratch-database";

export type BenchDatabase = ScratchDatabase;

export function createBenchDatabase(): Promise<BenchDatabase> {
  return createScratchDatabase("portal_bench", process.env.DATABASE_URL);
}
