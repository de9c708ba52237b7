// Backups that restore. A plain copy of a live SQLite file can miss what is still in its
// write-ahead log, so SQLite is backed up with its online backup API, which copies a
// consistent snapshot while the portal keeps writing. PostgreSQL is backed up with
// pg_dump's custom format. A restore checks the file before anything is replaced, and
// keeps what it replaces.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { isPostgresUrl, sqlitePathFromUrl } from "./client";
import { MIGRATIONS_DIR } from "./migrator";

export const DEFAULT_BACKUP_DIR = "data/backups";

const stamp = (at: Date) => at.toISOString().replace(/[:.]/g, "-");

function onPath(command: string): boolean {
  try {
    execFileSync(command, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export type BackupResult = { kind: "written"; file: string } | { kind: "instructions"; command: string };

/** Backs up the database DATABASE_URL names into `dir`, in a file named by the time. */
export async function backupDatabase(url: string | undefined, dir = DEFAULT_BACKUP_DIR, at = new Date()): Promise<BackupResult> {
  fs.mkdirSync(dir, { recursive: true });
  if (isPostgresUrl(url)) {
    const file = path.join(dir, `portal-${stamp(at)}.dump`);
    const args = ["--format=custom", "--no-owner", "--file", file, "--dbname", url];
    if (!onPath("pg_dump")) return { kind: "instructions", command: `pg_dump ${args.map((a) => (a === url ? '"$DATABASE_URL"' : a)).join(" ")}` };
    execFileSync("pg_dump", args, { stdio: ["ignore", "ignore", "pipe"] });
    return { kind: "written", file };
  }
  const source = sqlitePathFromUrl(url);
  if (!fs.existsSync(source)) throw new Error(`There is no database at ${source} to back up.`);
  const file = path.join(dir, `portal-${stamp(at)}.db`);
  const db = new SQLite(source, { fileMustExist: true });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
  return { kind: "written", file };
}

/** What a restore found wrong with a backup file, or null when it is sound. */
export function checkSqliteBackup(file: string): string | null {
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return `it cannot be opened as a SQLite database (${error instanceof Error ? error.message : error})`;
  }
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return `its integrity check failed: ${String(integrity)}`;
    const table = db.prepare("select name from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    if (!table) return "it is not a database of this portal (it has no migration table)";
    const applied = (db.prepare("select name from kysely_migration").all() as { name: string }[]).map((r) => r.name);
    const known = new Set(fs.readdirSync(MIGRATIONS_DIR).map((f) => f.replace(/\.ts$/, "")));
    const unknown = applied.filter((name) => !known.has(name));
    if (unknown.length) return `it was made by a newer version of the portal (migrations ${unknown.join(", ")} are unknown here)`;
    return null;
  } catch (error) {
    return `it could not be read (${error instanceof Error ? error.message : error})`;
  } finally {
    db.close();
  }
}

export type RestoreResult = { kind: "restored"; keptAs: string | null } | { kind: "refused"; reason: string };

/**
 * Restores a backup over the database DATABASE_URL names. Stop the portal first: the
 * database is replaced underneath it. The current SQLite file is kept beside it.
 */
export function restoreDatabase(url: string | undefined, file: string, at = new Date()): RestoreResult {
  if (!fs.existsSync(file)) return { kind: "refused", reason: `there is no file ${file}` };
  if (isPostgresUrl(url)) {
    try {
      execFileSync("pg_restore", ["--list", file], { stdio: ["ignore", "ignore", "pipe"] });
    } catch {
      return { kind: "refused", reason: `${file} is not a pg_dump backup in the custom format, or it is damaged` };
    }
    execFileSync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", url, file], { stdio: ["ignore", "ignore", "pipe"] });
    return { kind: "restored", keptAs: null };
  }
  const problem = checkSqliteBackup(file);
  if (problem) return { kind: "refused", reason: `${file} was not restored: ${problem}` };
  const target = sqlitePathFromUrl(url);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  // Copy first, then swap by renaming, so a failure halfway leaves the database as it was.
  const incoming = `${target}.restoring`;
  fs.copyFileSync(file, incoming);
  let keptAs: string | null = null;
  if (fs.existsSync(target)) {
    keptAs = `${target}.before-restore-${stamp(at)}`;
    // The live file and its write-ahead log, checkpointed into one file first.
    const live = new SQLite(target);
    live.pragma("wal_checkpoint(TRUNCATE)");
    live.close();
    fs.renameSync(target, keptAs);
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(incoming, target);
  return { kind: "restored", keptAs };
}
