// db/schema.ts tells the truth about the migrated database, on whichever engine this run
// uses: the same tables and columns, the same nullability (`T | null` exactly where the
// column takes NULL), and the same broad type. And no table takes a row without its key.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { dialectName, getDb } from "../../db/client";
import { broadTypeOfDatabaseColumn, readSchemaTables, type SchemaColumn, type SchemaTables } from "./schema-types";

// Test files are collected before setup-db.ts points DATABASE_URL at their database.
const ENGINE = dialectName(process.env.TEST_DATABASE_URL);

const FIXTURE = new URL("./schema-types.fixture.ts", import.meta.url).pathname;

let declared: SchemaTables;
let migrated: SchemaTables;

beforeAll(async () => {
  declared = readSchemaTables();
  migrated = new Map();
  for (const table of await getDb().introspection.getTables()) {
    migrated.set(
      table.name,
      new Map(table.columns.map((c) => [c.name, { type: broadTypeOfDatabaseColumn(c.dataType), nullable: c.isNullable }])),
    );
  }
});

const describeColumn = (c: SchemaColumn) => `${c.type}${c.nullable ? " | null" : ""}`;

describe("the schema reader", () => {
  it("sees through Kysely's wrappers, inherited columns and aliases, and names what it cannot map", () => {
    const widgets = Object.fromEntries(readSchemaTables(FIXTURE).get("widgets") ?? []);
    expect(widgets).toEqual({
      id: { type: "string", nullable: false },
      created_at: { type: "string", nullable: false },
      status: { type: "string", nullable: false },
      status_or_null: { type: "string", nullable: true },
      count: { type: "number", nullable: false },
      rowid: { type: "number", nullable: false },
      stamp: { type: "string", nullable: false },
      kind: { type: "string", nullable: false },
      note: { type: "string", nullable: true },
      picture: { type: "binary", nullable: true },
      bytes: { type: "binary", nullable: false },
      when: { type: "unclear: Date", nullable: false },
      flag: { type: "unclear: boolean", nullable: false },
      maybe: { type: "unclear: optional string | undefined", nullable: false },
      mixed: { type: "unclear: string | number", nullable: false },
    });
  });

  it("names the engines' column types broadly", () => {
    expect(["text", "integer", "double precision", "blob"].map(broadTypeOfDatabaseColumn)).toEqual(["string", "number", "number", "binary"]);
    expect(["text", "int4", "float8", "bytea", "varchar(255)"].map(broadTypeOfDatabaseColumn)).toEqual(["string", "number", "number", "binary", "string"]);
    expect(broadTypeOfDatabaseColumn("jsonb")).toBe("unclear: jsonb");
  });
});

describe(`db/schema.ts against the migrated database on ${ENGINE}`, () => {
  it("reads the schema file the way the app's queries see it", () => {
    // Guards the reader itself: a wrapper, an inherited column and a binary column.
    expect(declared.get("project_indicators")?.get("measure")).toEqual({ type: "string", nullable: false });
    expect(declared.get("bid_budget_lines")?.get("amount_pence")).toEqual({ type: "number", nullable: false });
    expect(declared.get("county_packs")?.get("pdf")).toEqual({ type: "binary", nullable: true });
    expect(declared.size).toBeGreaterThanOrEqual(56);
  });

  it("has the same tables", () => {
    expect([...declared.keys()].sort()).toEqual([...migrated.keys()].sort());
  });

  it("has the same columns in every table", () => {
    const differences: string[] = [];
    for (const [table, columns] of declared) {
      const actual = migrated.get(table);
      if (!actual) continue;
      for (const column of columns.keys()) if (!actual.has(column)) differences.push(`${table}.${column} is not in the database`);
      for (const column of actual.keys()) if (!columns.has(column)) differences.push(`${table}.${column} is not in db/schema.ts`);
    }
    expect(differences).toEqual([]);
  });

  it("gives every column the database's nullability and broad type", () => {
    const differences: string[] = [];
    for (const [table, columns] of declared) {
      for (const [column, type] of columns) {
        const actual = migrated.get(table)?.get(column);
        if (!actual) continue;
        if (type.type !== actual.type || type.nullable !== actual.nullable) {
          differences.push(`${table}.${column}: schema.ts says ${describeColumn(type)}, the database ${describeColumn(actual)}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it("refuses a row with a NULL primary key", async () => {
    const db = getDb();
    await expect(
      sql`insert into themes (id, name, description, is_active, created_at, updated_at, version)
          values (null, 'No id', '', 1, '2026-12-07T09:00:00.000Z', '2026-12-07T09:00:00.000Z', 1)`.execute(db),
    ).rejects.toThrow(/not.null/i);
    await expect(
      sql`insert into settings (key, value, updated_at) values (null, 'v', '2026-12-07T09:00:00.000Z')`.execute(db),
    ).rejects.toThrow(/not.null/i);
    const { rows } = await sql<{ n: number }>`select count(*) as n from themes where id is null`.execute(db);
    expect(Number(rows[0].n)).toBe(0);
  });
});
