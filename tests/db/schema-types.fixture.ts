// A small schema for the reader in schema-types.ts to be tested on: one column for each way
// db/schema.ts could write a type. Nothing imports it.
import type { ColumnType, Generated, GeneratedAlways } from "kysely";

type DbDefault<T> = ColumnType<T, T | undefined, T>;
type Status = "open" | "closed";

interface Shared {
  id: string;
  created_at: string;
}

export interface WidgetsTable extends Shared {
  status: Status;
  status_or_null: Status | null;
  count: Generated<number>;
  rowid: GeneratedAlways<number>;
  stamp: ColumnType<string, string | undefined, never>;
  kind: DbDefault<"a" | "b">;
  note: DbDefault<string | null>;
  picture: Buffer | null;
  bytes: Uint8Array;
  when: Date;
  flag: boolean;
  maybe?: string;
  mixed: string | number;
}

export interface Database {
  widgets: WidgetsTable;
}
