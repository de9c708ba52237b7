// Adding and taking off table constraints in a CREATE TABLE, as the constraints migration
// rebuilds SQLite tables with them: SQLite must read and enforce what is written, and taking
// the constraints off must give back the statement exactly as it was.
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { addTableConstraints, removeTableConstraints } from "../../db/sqlite-rebuild";

const GRADE = `constraint "visit_grades_grade_check" check ("grade" between 1 and 4)`;
const AREA = `constraint "visit_grades_area_check" check ("area" in ('safeguarding', 'it''s fine'))`;

/** Creates the table and inserts the row; the error SQLite gives, or null when it took the row. */
function insertInto(ddl: string, row: { grade: number; area: string }): string | null {
  const db = new SQLite(":memory:");
  try {
    db.exec(ddl);
    db.prepare(`insert into "visit_grades" ("visit_id", "area", "grade") values ('v', ?, ?)`).run(row.area, row.grade);
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    db.close();
  }
}

describe("addTableConstraints", () => {
  const ddl = `CREATE TABLE "visit_grades" ("visit_id" text not null, "area" text not null, "grade" integer not null, constraint "visit_grades_pk" primary key ("visit_id", "area"))`;

  it("writes the constraints after everything else, and SQLite enforces them by name", () => {
    const checked = addTableConstraints(ddl, [GRADE, AREA]);
    expect(checked).toBe(`${ddl.slice(0, -1)}, ${GRADE}, ${AREA})`);
    expect(insertInto(checked, { grade: 4, area: "it's fine" })).toBeNull();
    expect(insertInto(checked, { grade: 5, area: "safeguarding" })).toBe("CHECK constraint failed: visit_grades_grade_check");
    expect(insertInto(checked, { grade: 1, area: "other" })).toBe("CHECK constraint failed: visit_grades_area_check");
  });

  it("keeps what stands before the closing parenthesis, spaces and comments included", () => {
    const spaced = `CREATE TABLE "visit_grades" (\n  "visit_id" text, "area" text, "grade" integer -- the grade\n)`;
    const checked = addTableConstraints(spaced, [GRADE]);
    expect(checked).toBe(`CREATE TABLE "visit_grades" (\n  "visit_id" text, "area" text, "grade" integer -- the grade\n, ${GRADE})`);
    expect(insertInto(checked, { grade: 0, area: "x" })).toBe("CHECK constraint failed: visit_grades_grade_check");
    expect(removeTableConstraints(checked, [GRADE])).toBe(spaced);
  });
});

describe("removeTableConstraints", () => {
  const ddl = `CREATE TABLE "visit_grades" ("visit_id" text, "area" text, "grade" integer)`;

  it("gives back the exact statement", () => {
    expect(removeTableConstraints(addTableConstraints(ddl, [GRADE, AREA]), [GRADE, AREA])).toBe(ddl);
  });

  it("refuses when the constraints are not where addTableConstraints wrote them", () => {
    expect(() => removeTableConstraints(ddl, [GRADE])).toThrow(/do not end/);
    expect(() => removeTableConstraints(addTableConstraints(ddl, [GRADE, AREA]), [AREA, GRADE])).toThrow(/do not end/);
    expect(() => removeTableConstraints(addTableConstraints(ddl, [GRADE, AREA]), [GRADE])).toThrow(/do not end/);
  });

  it("leaves a column added later by ALTER TABLE where SQLite put it", () => {
    const db = new SQLite(":memory:");
    try {
      db.exec(addTableConstraints(ddl, [GRADE]));
      db.exec(`alter table "visit_grades" add column "note" text`);
      const altered = db.prepare(`select sql from sqlite_master where name = 'visit_grades'`).pluck().get() as string;
      expect(removeTableConstraints(altered, [GRADE])).toBe(`CREATE TABLE "visit_grades" ("visit_id" text, "area" text, "grade" integer, "note" text)`);
    } finally {
      db.close();
    }
  });
});
