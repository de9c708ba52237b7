import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { seedDemoContext } from "../../demo/context";
import { loader as indexLoader } from "~/routes/context._index";
import { action as gridAction, loader as gridLoader } from "~/routes/context.$districtId";
import { contextField } from "~/schemas/context";
import { action as importAction, loader as importLoader } from "~/routes/context.import";
import { loader as csvLoader } from "~/routes/context[.]csv";
import { loader as adminListLoader } from "~/routes/admin.context-indicators._index";
import { action as newIndicatorAction, loader as newIndicatorLoader } from "~/routes/admin.context-indicators.new";
import { action as editIndicatorAction, loader as editIndicatorLoader } from "~/routes/admin.context-indicators.$indicatorId";
import { context, getRequest, jsonOf, postRequest, run, flashedMessage } from "../helpers/requests";
import { lastEndedQuarter } from "~/models/context/quarters";
import { getContextSeries } from "~/models/context/grid.server";

const admin = { id: "user-admin" };
const countyOfficer = { id: "user-officer" };
const chorleyOfficer = { id: "user-chorley-officer" };
const viewer = { id: "user-viewer" };
const db = () => getDb();

const Q = "2026-27 Q2";
const QUARTERS = ["2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4", "2026-27 Q1", "2026-27 Q2"];

beforeAll(async () => {
  await seedDemoData(getDb());
});

/** The latest quarter that has ended today: 2026-27 Q2 when these tests were written. */
const latest = () => lastEndedQuarter(new Date().toISOString().slice(0, 10));

async function flashOf(response: Response): Promise<unknown> {
  return flashedMessage(response);
}

async function valuesOf(districtId: string) {
  const rows = await db()
    .selectFrom("context_values")
    .select(["indicator_id", "quarter", "value", "updated_by"])
    .where("district_id", "=", districtId)
    .orderBy("indicator_id")
    .orderBy("quarter")
    .execute();
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}

async function count(table: "context_values" | "audit_events" | "context_indicators"): Promise<number> {
  const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function auditsOf(action: string) {
  return db()
    .selectFrom("audit_events")
    .select(["action", "actor_user_id", "record_type", "record_id", "ip", "before_json", "after_json"])
    .where("action", "=", action)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

async function loadGrid(districtId: string, user: { id: string }, quarter = Q) {
  return run(gridLoader, await getRequest(`/context/${districtId}?quarter=${encodeURIComponent(quarter)}`, user), { districtId });
}

/** Posts the grid as loaded, with some cells changed. */
async function saveGrid(districtId: string, user: { id: string }, changes: Record<string, string>, quarter = Q, snapshot?: string) {
  const loaded = await jsonOf(await loadGrid(districtId, admin, quarter));
  const fields: Record<string, string> = { quarter, snapshot: snapshot ?? loaded.grid.snapshot };
  for (const indicator of loaded.grid.indicators) {
    for (const q of loaded.grid.quarters) {
      const v = loaded.grid.values[indicator.id][q];
      fields[contextField(indicator.id, q)] = v === null ? "" : String(v);
    }
  }
  Object.assign(fields, changes);
  return run(gridAction, await postRequest(`/context/${districtId}`, fields, user), { districtId });
}

function csvFile(text: string, name = "figures.csv"): File {
  return new File([text], name, { type: "text/csv" });
}

async function importCsv(text: string | File, user: { id: string }) {
  const file = typeof text === "string" ? csvFile(text) : text;
  return run(importAction, await postRequest("/context/import", { file }, user));
}

describe("the list of districts", () => {
  it("shows an officer only the districts they cover, and an admin all twelve", async () => {
    const chorley = await jsonOf(await run(indexLoader, await getRequest("/context", chorleyOfficer)));
    expect(chorley.districts).toEqual([{ id: "district-chorley", name: "Chorley", onsCode: "E07000118", entered: 0 }]);
    expect(chorley.indicatorCount).toBe(7);
    const all = await jsonOf(await run(indexLoader, await getRequest("/context", admin)));
    expect(all.districts).toHaveLength(12);
    expect(all.districts[0].name).toBe("Burnley");
  });

  it("is refused to viewers and providers", async () => {
    expect((await run(indexLoader, await getRequest("/context", viewer))).status).toBe(403);
    expect((await run(indexLoader, await getRequest("/context", { id: "user-provider" }))).status).toBe(403);
  });
});

describe("the form", () => {
  it("shows the seven active indicators in order across the eight quarters up to the one chosen", async () => {
    const response = await loadGrid("district-chorley", chorleyOfficer);
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.quarter).toBe(Q);
    expect(body.grid.quarters).toEqual(QUARTERS);
    expect(body.grid.indicators.map((i: { code: string }) => i.code)).toEqual([
      "referrals", "cp-plans", "looked-after", "eha-started", "step-ups", "step-downs", "population-0-19",
    ]);
    expect(body.grid.values["context-referrals"]["2026-27 Q1"]).toBeNull();
    expect(body.choices[0]).toBe(latest());
    expect(body.choices).toContain(Q);
  });

  it("saves the figures in one go with one audit event of the changed cells", async () => {
    const auditBefore = await count("audit_events");
    const response = await saveGrid("district-chorley", chorleyOfficer, {
      [contextField("context-referrals", "2026-27 Q1")]: "120",
      [contextField("context-referrals", "2026-27 Q2")]: "1,310",
      [contextField("context-looked-after", "2026-27 Q2")]: "88.25",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/context/district-chorley?quarter=2026-27%20Q2");
    expect(await flashOf(response)).toEqual({ kind: "success", text: "Chorley's figures have been saved: 3 figures changed" });
    expect(await valuesOf("district-chorley")).toEqual([
      { indicator_id: "context-looked-after", quarter: "2026-27 Q2", value: 88.25, updated_by: "user-chorley-officer" },
      { indicator_id: "context-referrals", quarter: "2026-27 Q1", value: 120, updated_by: "user-chorley-officer" },
      { indicator_id: "context-referrals", quarter: "2026-27 Q2", value: 1310, updated_by: "user-chorley-officer" },
    ]);
    expect(await count("audit_events")).toBe(auditBefore + 1);
    const [event] = await auditsOf("context-values.saved");
    expect(event).toMatchObject({ actor_user_id: "user-chorley-officer", record_type: "district", record_id: "district-chorley", ip: context.ip });
    expect(JSON.parse(event.before_json!)).toEqual({
      cells: [
        { indicator: "referrals", quarter: "2026-27 Q1", value: null },
        { indicator: "referrals", quarter: "2026-27 Q2", value: null },
        { indicator: "looked-after", quarter: "2026-27 Q2", value: null },
      ],
    });
    expect(JSON.parse(event.after_json!)).toEqual({
      cells: [
        { indicator: "referrals", quarter: "2026-27 Q1", value: 120 },
        { indicator: "referrals", quarter: "2026-27 Q2", value: 1310 },
        { indicator: "looked-after", quarter: "2026-27 Q2", value: 88.25 },
      ],
    });
    const loaded = await jsonOf(await loadGrid("district-chorley", chorleyOfficer));
    expect(loaded.grid.values["context-referrals"]["2026-27 Q2"]).toBe(1310);
  });

  it("changes and clears figures, auditing only what changed; saving unchanged writes nothing", async () => {
    const response = await saveGrid("district-chorley", admin, {
      [contextField("context-referrals", "2026-27 Q1")]: "",
      [contextField("context-looked-after", "2026-27 Q2")]: "90",
    });
    expect(response.status).toBe(302);
    expect(await valuesOf("district-chorley")).toEqual([
      { indicator_id: "context-looked-after", quarter: "2026-27 Q2", value: 90, updated_by: "user-admin" },
      { indicator_id: "context-referrals", quarter: "2026-27 Q2", value: 1310, updated_by: "user-chorley-officer" },
    ]);
    // Two saves in the same millisecond would sort either way: find this one by what it wrote.
    const events = await auditsOf("context-values.saved");
    const last = events.find((e) => e.actor_user_id === "user-admin")!;
    expect(JSON.parse(last.before_json!)).toEqual({
      cells: [
        { indicator: "referrals", quarter: "2026-27 Q1", value: 120 },
        { indicator: "looked-after", quarter: "2026-27 Q2", value: 88.25 },
      ],
    });
    expect(JSON.parse(last.after_json!)).toEqual({
      cells: [
        { indicator: "referrals", quarter: "2026-27 Q1", value: null },
        { indicator: "looked-after", quarter: "2026-27 Q2", value: 90 },
      ],
    });

    const auditBefore = await count("audit_events");
    const unchanged = await saveGrid("district-chorley", admin, {});
    expect(unchanged.status).toBe(302);
    expect(await flashOf(unchanged)).toEqual({ kind: "success", text: "No figures for Chorley were changed" });
    expect(await count("audit_events")).toBe(auditBefore);
  });

  it("refuses negative numbers and text with errors beside the cells, keeping what was typed and saving nothing", async () => {
    const before = await valuesOf("district-chorley");
    const auditBefore = await count("audit_events");
    const negative = contextField("context-cp-plans", "2026-27 Q2");
    const text = contextField("context-step-ups", "2025-26 Q3");
    const fine = contextField("context-step-downs", "2026-27 Q2");
    const response = await saveGrid("district-chorley", chorleyOfficer, { [negative]: "-4", [text]: "about ten", [fine]: "12" });
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({
      [negative]: "Children on child protection plans in 2026-27 Q2 must be 0 or more",
      [text]: "Enter Step-ups to social care in 2025-26 Q3 as a number, like 120 or 12.5, or leave it blank",
    });
    expect(body.values).toMatchObject({ [negative]: "-4", [text]: "about ten", [fine]: "12", quarter: Q });
    expect(await valuesOf("district-chorley")).toEqual(before);
    expect(await count("audit_events")).toBe(auditBefore);

    const future = await run(
      gridAction,
      await postRequest("/context/district-chorley", { quarter: "2099-00 Q1", snapshot: "x", [contextField("context-referrals", "2099-00 Q1")]: "5" }, chorleyOfficer),
      { districtId: "district-chorley" },
    );
    expect(future.status).toBe(400);
    expect((await jsonOf(future)).formError).toBe("Choose a quarter that has ended, then enter the figures again.");
    expect(await valuesOf("district-chorley")).toEqual(before);
  });

  it("refuses a save when someone else changed the figures since the form was shown", async () => {
    const first = await jsonOf(await loadGrid("district-fylde", admin));
    expect((await saveGrid("district-fylde", countyOfficer, { [contextField("context-referrals", Q)]: "50" })).status).toBe(302);
    const stale = await saveGrid("district-fylde", admin, { [contextField("context-referrals", Q)]: "60" }, Q, first.grid.snapshot);
    expect(stale.status).toBe(409);
    const body = await jsonOf(stale);
    expect(body.stale).toBe(true);
    expect(body.formError).toMatch(/^Someone else changed this table of figures/);
    expect(body.values[contextField("context-referrals", Q)]).toBe("60");
    expect((await valuesOf("district-fylde")).map((v) => v.value)).toEqual([50]);
  });

  it("is refused to an officer for another district, and to a viewer", async () => {
    expect((await loadGrid("district-preston", chorleyOfficer)).status).toBe(403);
    const fields = { quarter: Q, snapshot: "x", [contextField("context-referrals", Q)]: "5" };
    const officer = await run(gridAction, await postRequest("/context/district-preston", fields, chorleyOfficer), { districtId: "district-preston" });
    expect(officer.status).toBe(403);
    expect((await loadGrid("district-chorley", viewer)).status).toBe(403);
    const viewed = await run(gridAction, await postRequest("/context/district-chorley", fields, viewer), { districtId: "district-chorley" });
    expect(viewed.status).toBe(403);
    expect(await valuesOf("district-preston")).toEqual([]);
    expect((await loadGrid("district-nowhere", admin)).status).toBe(404);
  });
});

describe("importing a CSV file", () => {
  it("imports every row of a good file in one transaction with one audit event", async () => {
    expect((await run(importLoader, await getRequest("/context/import", countyOfficer))).status).toBe(200);
    const auditBefore = await count("audit_events");
    const response = await importCsv(
      [
        "district,quarter,indicator,value",
        "Preston,2026-27 Q1,referrals,410",
        "Preston,2026-27 Q2,referrals,395.5",
        "E07000117,2026-27 Q2,cp-plans,77",
        "burnley,2026-27 Q2,Looked-after children,150",
      ].join("\r\n"),
      countyOfficer,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/context");
    expect(await flashOf(response)).toEqual({ kind: "success", text: "4 values imported for 2 districts, 2026-27 Q1 to 2026-27 Q2 (4 changed)" });
    expect(await valuesOf("district-preston")).toEqual([
      { indicator_id: "context-referrals", quarter: "2026-27 Q1", value: 410, updated_by: "user-officer" },
      { indicator_id: "context-referrals", quarter: "2026-27 Q2", value: 395.5, updated_by: "user-officer" },
    ]);
    expect(await valuesOf("district-burnley")).toEqual([
      { indicator_id: "context-cp-plans", quarter: "2026-27 Q2", value: 77, updated_by: "user-officer" },
      { indicator_id: "context-looked-after", quarter: "2026-27 Q2", value: 150, updated_by: "user-officer" },
    ]);
    expect(await count("audit_events")).toBe(auditBefore + 1);
    const [event] = await auditsOf("context-values.imported");
    expect(event).toMatchObject({ actor_user_id: "user-officer", record_type: "context_import", ip: context.ip });
    const after = JSON.parse(event.after_json!);
    expect(after).toMatchObject({ count: 4, changed: 4, districts: ["Burnley", "Preston"], quarters: ["2026-27 Q1", "2026-27 Q2"] });
    expect(after.cells).toContainEqual({ district: "Preston", indicator: "referrals", quarter: "2026-27 Q2", value: 395.5 });
  });

  it("imports nothing from a file with one bad row, and names the row and the reason", async () => {
    const before = await count("context_values");
    const auditBefore = await count("audit_events");
    const response = await importCsv(
      "district,quarter,indicator,value\nPreston,2026-27 Q1,referrals,999\nPrestn,2026-27 Q1,referrals,10\nPreston,2026-27 Q2,step-ups,4\n",
      admin,
    );
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({ file: "The file has a problem: nothing has been imported. Fix it and import the file again." });
    expect(body.problems).toEqual(["Line 3: no district called 'Prestn'"]);
    expect(await count("context_values")).toBe(before);
    expect(await count("audit_events")).toBe(auditBefore);
    expect((await valuesOf("district-preston")).find((v) => v.quarter === "2026-27 Q1")?.value).toBe(410);
  });

  it("reports a row for a district the officer does not cover, importing none of the file", async () => {
    const before = await count("context_values");
    const response = await importCsv(
      "district,quarter,indicator,value\nChorley,2026-27 Q1,eha-started,30\nPreston,2026-27 Q1,eha-started,60\n",
      chorleyOfficer,
    );
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).problems).toEqual(["Line 3: you cannot enter figures for Preston"]);
    expect(await count("context_values")).toBe(before);
  });

  it("reads a byte-order mark, quoted values with commas and quotes, and clears on a blank value", async () => {
    const response = await importCsv(
      '\uFEFF"district","quarter","indicator","value"\r\n' +
        '"Chorley","2026-27 Q1","Referrals to children\'s social care","1,020"\r\n' +
        '"Chorley","2026-27 Q2","referrals",""\r\n',
      chorleyOfficer,
    );
    expect(response.status).toBe(302);
    expect(await flashOf(response)).toEqual({
      kind: "success", text: "2 values imported for Chorley, 2026-27 Q1 to 2026-27 Q2 (2 changed, of which 1 cleared)",
    });
    const referrals = (await valuesOf("district-chorley")).filter((v) => v.indicator_id === "context-referrals");
    expect(referrals).toEqual([{ indicator_id: "context-referrals", quarter: "2026-27 Q1", value: 1020, updated_by: "user-chorley-officer" }]);
  });

  it("asks for a file, and refuses one that is not CSV text", async () => {
    const empty = await run(importAction, await postRequest("/context/import", { file: new File([], "") }, admin));
    expect(empty.status).toBe(400);
    expect((await jsonOf(empty)).errors).toEqual({ file: "Select a CSV file to import" });
    const xlsx = await importCsv(new File([new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])], "figures.xlsx"), admin);
    expect((await jsonOf(xlsx)).errors.file).toMatch(/^The selected file is not a CSV file/);
  });

  it("is refused to a viewer", async () => {
    expect((await run(importLoader, await getRequest("/context/import", viewer))).status).toBe(403);
    expect((await importCsv("district,quarter,indicator,value\nChorley,2026-27 Q1,referrals,1\n", viewer)).status).toBe(403);
  });
});

describe("downloading as CSV", () => {
  it("exports only what the user may see, in the import's columns, and the file imports again unchanged", async () => {
    const response = await run(csvLoader, await getRequest("/context.csv", chorleyOfficer));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const text = await response.text();
    const lines = text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines).toEqual([
      "district,quarter,indicator,value",
      "Chorley,2026-27 Q1,referrals,1020",
      "Chorley,2026-27 Q2,looked-after,90",
    ]);

    const auditBefore = await count("audit_events");
    const again = await importCsv(text, chorleyOfficer);
    expect(again.status).toBe(302);
    expect(await flashOf(again)).toEqual({ kind: "success", text: "2 values imported for Chorley, 2026-27 Q1 to 2026-27 Q2 (0 changed)" });
    expect(await count("audit_events")).toBe(auditBefore + 1);

    const one = await run(csvLoader, await getRequest("/context.csv?district=district-burnley", admin));
    expect((await one.text()).replace(/^\uFEFF/, "").trim().split("\r\n")).toEqual([
      "district,quarter,indicator,value",
      "Burnley,2026-27 Q2,cp-plans,77",
      "Burnley,2026-27 Q2,looked-after,150",
    ]);
    expect((await run(csvLoader, await getRequest("/context.csv?district=district-preston", chorleyOfficer))).status).toBe(403);
    expect((await run(csvLoader, await getRequest("/context.csv", viewer))).status).toBe(403);
  });

  it("gives a template of every indicator for the latest quarter that has ended, filled in where there are figures", async () => {
    const response = await run(csvLoader, await getRequest("/context.csv?template=1", chorleyOfficer));
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    const q = latest();
    // Chorley has a figure for looked-after children in 2026-27 Q2 only.
    const lookedAfter = q === Q ? "90" : "";
    expect(lines).toEqual([
      "district,quarter,indicator,value",
      `Chorley,${q},referrals,`,
      `Chorley,${q},cp-plans,`,
      `Chorley,${q},looked-after,${lookedAfter}`,
      `Chorley,${q},eha-started,`,
      `Chorley,${q},step-ups,`,
      `Chorley,${q},step-downs,`,
      `Chorley,${q},population-0-19,`,
    ]);
  });
});

describe("managing the indicators", () => {
  let newId = "";

  it("lets an admin add an indicator, which then appears in the form", async () => {
    expect((await run(newIndicatorLoader, await getRequest("/admin/context-indicators/new", admin))).status).toBe(200);
    const response = await run(
      newIndicatorAction,
      await postRequest("/admin/context-indicators/new", { code: "school-exclusions", name: " School exclusions ", description: "Permanent exclusions in the quarter" }, admin),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/context-indicators");
    expect(await flashOf(response)).toEqual({ kind: "success", text: "School exclusions has been added" });
    const row = await db().selectFrom("context_indicators").selectAll().where("code", "=", "school-exclusions").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "School exclusions", position: 8, is_active: 1, version: 1 });
    newId = row.id;
    const [event] = await auditsOf("context-indicator.created");
    expect(event.record_id).toBe(newId);
    expect(JSON.parse(event.after_json!)).toEqual({ code: "school-exclusions", name: "School exclusions", description: "Permanent exclusions in the quarter", is_active: true });

    const grid = (await jsonOf(await loadGrid("district-chorley", chorleyOfficer))).grid;
    expect(grid.indicators.map((i: { code: string }) => i.code)).toEqual([
      "referrals", "cp-plans", "looked-after", "eha-started", "step-ups", "step-downs", "population-0-19", "school-exclusions",
    ]);
    const saved = await saveGrid("district-chorley", chorleyOfficer, { [contextField(newId, Q)]: "3" });
    expect(saved.status).toBe(302);
    const list = await jsonOf(await run(adminListLoader, await getRequest("/admin/context-indicators", admin)));
    expect(list.indicators).toHaveLength(8);
  });

  it("refuses a badly formed or repeated code and a repeated name, keeping what was typed", async () => {
    const before = await count("context_indicators");
    const bad = await run(newIndicatorAction, await postRequest("/admin/context-indicators/new", { code: "School Exclusions", name: "Exclusions", description: "" }, admin));
    expect(bad.status).toBe(400);
    const body = await jsonOf(bad);
    expect(body.errors).toEqual({ code: "Code must be lowercase letters, digits and single hyphens, starting with a letter, like school-exclusions" });
    expect(body.values).toMatchObject({ code: "School Exclusions", name: "Exclusions" });
    const dupCode = await run(newIndicatorAction, await postRequest("/admin/context-indicators/new", { code: "referrals", name: "Other", description: "" }, admin));
    expect((await jsonOf(dupCode)).errors).toEqual({ code: "There is already an indicator with this code" });
    const dupName = await run(newIndicatorAction, await postRequest("/admin/context-indicators/new", { code: "other", name: "looked-after CHILDREN", description: "" }, admin));
    expect((await jsonOf(dupName)).errors).toEqual({ name: "There is already an indicator with this name" });
    expect(await count("context_indicators")).toBe(before);
  });

  it("renames and retires an indicator, which leaves the form and the profile series; reactivating brings it back", async () => {
    const loaded = await jsonOf(await run(editIndicatorLoader, await getRequest(`/admin/context-indicators/${newId}`, admin), { indicatorId: newId }));
    expect(loaded.indicator).toMatchObject({ code: "school-exclusions", version: 1, isActive: true });
    const retire = await run(
      editIndicatorAction,
      await postRequest(`/admin/context-indicators/${newId}`, { version: "1", name: "Exclusions from school", description: "", is_active: "no" }, admin),
      { indicatorId: newId },
    );
    expect(retire.status).toBe(302);
    const events = await auditsOf("context-indicator.updated");
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].before_json!)).toMatchObject({ name: "School exclusions", is_active: true });
    expect(JSON.parse(events[0].after_json!)).toMatchObject({ code: "school-exclusions", name: "Exclusions from school", is_active: false });

    const grid = (await jsonOf(await loadGrid("district-chorley", chorleyOfficer))).grid;
    expect(grid.indicators).toHaveLength(7);
    const series = await getContextSeries(db(), ["district-chorley"], [Q]);
    expect(series.get("district-chorley")!.map((s) => s.code)).not.toContain("school-exclusions");

    const stale = await run(
      editIndicatorAction,
      await postRequest(`/admin/context-indicators/${newId}`, { version: "1", name: "Exclusions", description: "", is_active: "yes" }, admin),
      { indicatorId: newId },
    );
    expect(stale.status).toBe(409);
    const back = await run(
      editIndicatorAction,
      await postRequest(`/admin/context-indicators/${newId}`, { version: "2", name: "Exclusions from school", description: "", is_active: "yes" }, admin),
      { indicatorId: newId },
    );
    expect(back.status).toBe(302);
    const again = await getContextSeries(db(), ["district-chorley"], [Q]);
    expect(again.get("district-chorley")!.at(-1)).toEqual({
      indicatorId: newId, code: "school-exclusions", name: "Exclusions from school", points: [{ quarter: Q, value: 3 }],
    });
  });

  it("is for admins only", async () => {
    expect((await run(adminListLoader, await getRequest("/admin/context-indicators", countyOfficer))).status).toBe(403);
    expect((await run(newIndicatorAction, await postRequest("/admin/context-indicators/new", { code: "x", name: "X", description: "" }, countyOfficer))).status).toBe(403);
    expect((await run(editIndicatorLoader, await getRequest(`/admin/context-indicators/${newId}`, viewer), { indicatorId: newId })).status).toBe(403);
  });
});

describe("getContextSeries", () => {
  it("gives every active indicator for each district over the quarters asked, oldest first, with nulls for gaps", async () => {
    const quarters = ["2026-27 Q1", "2026-27 Q2"];
    const series = await getContextSeries(db(), ["district-preston", "district-wyre"], quarters);
    expect([...series.keys()]).toEqual(["district-preston", "district-wyre"]);
    const preston = series.get("district-preston")!;
    expect(preston.map((s) => s.code)).toEqual(["referrals", "cp-plans", "looked-after", "eha-started", "step-ups", "step-downs", "population-0-19", "school-exclusions"]);
    expect(preston[0]).toEqual({
      indicatorId: "context-referrals", code: "referrals", name: "Referrals to children's social care",
      points: [{ quarter: "2026-27 Q1", value: 410 }, { quarter: "2026-27 Q2", value: 395.5 }],
    });
    expect(preston[1].points).toEqual([{ quarter: "2026-27 Q1", value: null }, { quarter: "2026-27 Q2", value: null }]);
    expect(series.get("district-wyre")!.every((s) => s.points.every((p) => p.value === null))).toBe(true);
    expect((await getContextSeries(db(), [], quarters)).size).toBe(0);
  });
});

describe("the demo figures", () => {
  it("fill 12 districts × 7 indicators (the population aged 0 to 19 among them) × 8 quarters, larger where demand is larger, with no one recorded as entering them", async () => {
    class RollBack extends Error {}
    let seen: { total: number; preston: number; ribbleValley: number; burnleyQ2: number | null; updatedBy: (string | null)[] } | undefined;
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom("context_values").execute();
        await seedDemoContext(trx);
        const total = await trx.selectFrom("context_values").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
        const series = await getContextSeries(trx, ["district-preston", "district-ribble-valley", "district-burnley"], QUARTERS);
        const referrals = (id: string) => series.get(id)!.find((s) => s.code === "referrals")!.points;
        const updatedBy = await trx.selectFrom("context_values").select("updated_by").distinct().execute();
        seen = {
          total: Number(total.n),
          preston: referrals("district-preston")[0].value!,
          ribbleValley: referrals("district-ribble-valley")[0].value!,
          burnleyQ2: referrals("district-burnley")[7].value,
          updatedBy: updatedBy.map((r) => r.updated_by),
        };
        // The indicator added by the tests above has no demo figures; the seven standard ones all do.
        const standard = series.get("district-preston")!.filter((s) => s.indicatorId.startsWith("context-"));
        expect(standard).toHaveLength(7);
        expect(standard.every((s) => s.points.every((p) => p.value !== null && Number.isInteger(p.value)))).toBe(true);
        throw new RollBack();
      })
      .catch((error) => {
        if (!(error instanceof RollBack)) throw error;
      });
    expect(seen).toEqual({ total: 12 * 7 * 8, preston: expect.any(Number), ribbleValley: expect.any(Number), burnleyQ2: expect.any(Number), updatedBy: [null] });
    expect(seen!.preston).toBeGreaterThan(4 * seen!.ribbleValley);
    // Rolled back: the figures entered in the tests above are still there.
    expect((await valuesOf("district-preston")).length).toBeGreaterThan(0);
    expect(await count("context_values")).toBeLessThan(100);
  });
});
