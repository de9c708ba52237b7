// Projects: the project page for officers and providers, creating a project directly,
// adjusting the plan before the first return, variations after it, the list with its CSV and
// XLSX, documents, and who is refused what.
//
// Access, as the routes answer it (one rule, requireRecord): anyone who may not see a project
// gets 404, whoever they are (a provider of another organisation, an officer for other
// districts, a viewer, a panel member), so they never learn it exists; a provider on their
// own project may look but not change (403).
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { financialYearOf, quarterLabel, quartersBetween } from "~/lib/financial-year";
import type { FormValues } from "~/lib/forms";
import { PROJECT_MESSAGES } from "~/schemas/projects";
import { action as pageAction, loader as pageLoader } from "~/routes/projects.$projectId._index";
import { loader as fileLoader } from "~/routes/projects.$projectId.files.$fileId";
import { action as planAction, loader as planLoader } from "~/routes/projects.$projectId.plan";
import { action as variationsAction, loader as variationsLoader } from "~/routes/projects.$projectId.variations";
import { loader as listLoader } from "~/routes/projects._index";
import { loader as csvLoader } from "~/routes/projects[.]csv";
import { loader as xlsxLoader } from "~/routes/projects[.]xlsx";
import { action as newAction, loader as newLoader } from "~/routes/projects.new";
import { createTestProject, type TestProject } from "../helpers/projects";
import { createTestUser, getRequest, jsonOf, postRequest, run, TEST_IP, type TestUser } from "../helpers/requests";
import { ukToday } from "~/lib/dates";
import { StaleEditError } from "~/models/errors";
import { sumBudget } from "~/lib/budget";

const officer = { id: "user-officer" }; // county-wide
const chorleyOfficer = { id: "user-chorley-officer" };
const provider = { id: "user-provider" }; // Red Rose Family Support
const panel = { id: "user-panel" };
const viewer = { id: "user-viewer" };
const db = () => getDb();

let pennine: TestUser; // a provider user of Pennine Youth Partnership

beforeAll(async () => {
  await seedDemoData(getDb());
  pennine = await createTestUser({ roles: ["provider"], organisationId: "org-pennine-youth", name: "Sam Okafor" });
});

type Fields = Record<string, string | string[] | File>;

/** What a page's loader filled the form with, as fields to post back. */
function asFields(values: FormValues): Fields {
  const fields: Fields = {};
  for (const [key, value] of Object.entries(values)) fields[Array.isArray(value) ? `${key}[]` : key] = value;
  return fields;
}

const params = (project: { id: string }) => ({ projectId: project.id });

async function count(table: "projects" | "project_budget_lines" | "project_indicators" | "returns" | "ledger_entries" | "audit_events" | "project_variations" | "files"): Promise<number> {
  const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function counts() {
  const tables = ["projects", "project_budget_lines", "project_indicators", "returns", "ledger_entries", "audit_events", "project_variations", "files"] as const;
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)] as const)));
}

async function targetsOf(indicatorId: string): Promise<Record<string, number>> {
  const row = await db().selectFrom("project_indicators").select("targets_json").where("id", "=", indicatorId).executeTakeFirstOrThrow();
  return JSON.parse(row.targets_json) as Record<string, number>;
}

/** Marks a return as submitted once, as the returns journey would. */
async function submitReturn(returnId: string): Promise<void> {
  const at = "2026-07-10T10:00:00.000Z";
  await db().updateTable("returns").set({ status: "submitted", first_submitted_at: at, submitted_at: at, submitted_by: "user-provider" })
    .where("id", "=", returnId).execute();
}

const PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
const pdfFile = (name = "grant-agreement.pdf") => new File([new TextEncoder().encode(PDF)], name, { type: "application/pdf" });

// =======================================================================================

describe("the project page", () => {
  let project: TestProject;

  beforeAll(async () => {
    project = await createTestProject();
    await db().insertInto("monitoring_visits").values({
      id: `visit-${project.id}`, project_id: project.id, visit_date: "2026-09-15", officer_id: "user-officer", areas_seen: "Group session",
      findings: "Well run", overall_grade: 2, created_by: "user-officer", created_at: "2026-09-16T09:00:00.000Z",
      updated_at: "2026-09-16T09:00:00.000Z", version: 1,
    }).execute();
  });

  async function expectProjectData(user: { id: string }) {
    const response = await run(pageLoader, await getRequest(`/projects/${project.id}`, user), params(project));
    expect(response.status).toBe(200);
    const data = await jsonOf(response);
    expect(data.project).toMatchObject({
      reference: project.reference,
      amountPence: 2_000_000,
      amount: "£20,000.00",
      provider: { id: "org-red-rose", name: "Red Rose Family Support" },
      district: { id: "district-chorley", name: "Chorley" },
      fundingStream: { id: "stream-schools-forum", name: "Schools Forum ESI" },
      status: "active",
      startDate: "2026-04-01",
      endDate: "2027-03-31",
      visitRequired: true,
      firstSubmitted: false,
    });
    const sums = sumBudget(data.budget.lines, data.budget.quarters);
    expect(sums.rows.map((q) => [q.quarter, q.totalPence, q.cells.staff, q.cells.delivery, q.cells.overheads])).toEqual([
      ["2026-27 Q1", 500_000, 375_000, 125_000, 0],
      ["2026-27 Q2", 500_000, 375_000, 125_000, 0],
      ["2026-27 Q3", 500_000, 375_000, 125_000, 0],
      ["2026-27 Q4", 500_000, 375_000, 125_000, 0],
    ]);
    expect(sums.categoryTotals).toEqual({ staff: 1_500_000, delivery: 500_000, overheads: 0, other: 0 });
    expect(data.budget.totalPence).toBe(2_000_000);
    expect(data.indicators).toEqual([
      {
        id: project.indicators[0].id, kind: "output", name: "Families supported", definition: "Families supported in the quarter", unit: "count",
        measure: "per_quarter", direction: "higher", baseline: null,
        targets: { "2026-27 Q1": 10, "2026-27 Q2": 10, "2026-27 Q3": 10, "2026-27 Q4": 10 },
      },
      {
        id: project.indicators[1].id, kind: "outcome", name: "Plans closed with needs met", definition: "Plans closed with needs met in the quarter",
        unit: "%", measure: "per_quarter", direction: "higher", baseline: null,
        targets: { "2026-27 Q1": 70, "2026-27 Q2": 70, "2026-27 Q3": 70, "2026-27 Q4": 70 },
      },
    ]);
    const today = ukToday();
    expect(data.returns.map((r: { id: string; quarter: string; dueDate: string; due: string; statusLabel: string; late: boolean }) => [r.id, r.quarter, r.dueDate, r.due, r.statusLabel, r.late])).toEqual([
      [project.returns["2026-27 Q1"], "2026-27 Q1", "2026-07-21", "21 July 2026", "Not started", "2026-07-21" < today],
      [project.returns["2026-27 Q2"], "2026-27 Q2", "2026-10-21", "21 October 2026", "Not started", "2026-10-21" < today],
      [project.returns["2026-27 Q3"], "2026-27 Q3", "2027-01-21", "21 January 2027", "Not started", "2027-01-21" < today],
      [project.returns["2026-27 Q4"], "2026-27 Q4", "2027-04-21", "21 April 2027", "Not started", "2027-04-21" < today],
    ]);
    expect(data.visits).toEqual([
      { id: `visit-${project.id}`, date: "15 September 2026", visitDate: "2026-09-15", grade: 2, gradeLabel: "Good", officer: "Olivia Officer" },
    ]);
    expect(data.variations).toEqual([]);
    return data;
  }

  it("shows the officer covering the district the summary, budget, indicators, returns and visits, and lets them manage it", async () => {
    const data = await expectProjectData(officer);
    expect(data.canManage).toBe(true);
    const chorley = await expectProjectData(chorleyOfficer);
    expect(chorley.canManage).toBe(true);
  });

  it("shows the provider its own project with the same figures, without the officer's actions", async () => {
    const data = await expectProjectData(provider);
    expect(data.canManage).toBe(false);
  });

  it("keeps the project's history: its own events and its returns', newest first, in one list", async () => {
    const returnId = project.returns["2026-27 Q1"];
    await db().insertInto("audit_events").values([
      { id: `ae-1-${project.id}`, actor_user_id: "user-officer", action: "project.created", record_type: "project", record_id: project.id, before_json: null, after_json: null, ip: null, created_at: "2026-04-01T10:00:00.000Z" },
      { id: `ae-2-${project.id}`, actor_user_id: "user-provider", action: "return.submitted", record_type: "return", record_id: returnId, before_json: null, after_json: null, ip: null, created_at: "2026-07-10T10:00:00.000Z" },
      { id: `ae-3-${project.id}`, actor_user_id: "user-provider", action: "return.submitted", record_type: "return", record_id: "someone-elses-return", before_json: null, after_json: null, ip: null, created_at: "2026-07-11T10:00:00.000Z" },
    ]).execute();
    const data = await jsonOf(await run(pageLoader, await getRequest(`/projects/${project.id}`, officer), params(project)));
    expect(data.history.map((h: { what: string; who: string }) => [h.what, h.who])).toEqual([
      ["Return submitted (2026-27 Q1)", "Pat Provider"],
      ["Project created", "Olivia Officer"],
    ]);
  });

  it("takes documents from officers, serves them to the provider, and refuses uploads from the provider", async () => {
    const before = await count("files");
    const upload = await run(pageAction, await postRequest(`/projects/${project.id}`, { intent: "upload", document: pdfFile() }, officer), params(project));
    expect(upload.status).toBe(302);
    expect(upload.headers.get("Location")).toBe(`/projects/${project.id}#documents`);
    expect(await count("files")).toBe(before + 1);
    const data = await jsonOf(await run(pageLoader, await getRequest(`/projects/${project.id}`, provider), params(project)));
    expect(data.files).toHaveLength(1);
    expect(data.files[0].filename).toBe("grant-agreement.pdf");
    const fileId = data.files[0].id as string;
    const audit = await db().selectFrom("audit_events").selectAll().where("record_id", "=", project.id).where("action", "=", "project.document_uploaded").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_user_id).toBe("user-officer");

    const download = await run(fileLoader, await getRequest(`/projects/${project.id}/files/${fileId}`, provider), { projectId: project.id, fileId });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toContain("attachment");
    expect(new TextDecoder().decode(await download.arrayBuffer())).toBe(PDF);

    // The wrong kind of file, a file from the provider, another project's file id.
    const notPdf = new File([new TextEncoder().encode("just words")], "agreement.pdf", { type: "application/pdf" });
    const refused = await run(pageAction, await postRequest(`/projects/${project.id}`, { intent: "upload", document: notPdf }, officer), params(project));
    expect(refused.status).toBe(400);
    expect((await jsonOf(refused)).errors.document).toBe('The selected file "agreement.pdf" must be a PDF, DOCX, XLSX or ODT: its content is not one of these');
    expect((await run(pageAction, await postRequest(`/projects/${project.id}`, { intent: "upload", document: pdfFile() }, provider), params(project))).status).toBe(403);
    const other = await createTestProject();
    expect((await run(fileLoader, await getRequest(`/projects/${other.id}/files/${fileId}`, officer), { projectId: other.id, fileId })).status).toBe(404);
    expect(await count("files")).toBe(before + 1);

    const removed = await run(pageAction, await postRequest(`/projects/${project.id}`, { intent: "delete-file", fileId }, officer), params(project));
    expect(removed.status).toBe(302);
    expect(await count("files")).toBe(before);
  });

  it("answers an unknown intent with 400 and changes nothing", async () => {
    const before = await counts();
    const response = await run(pageAction, await postRequest(`/projects/${project.id}`, { intent: "replace", document: pdfFile() }, officer), params(project));
    expect(response.status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

// =======================================================================================

/** A whole new-project form: £12,000.25 from October 2026 to September 2027, across two financial years. */
function newProjectFields(changes: Fields = {}): Fields {
  const fields: Fields = {
    intent: "create",
    organisation_id: "org-pennine-youth",
    district_id: "district-chorley",
    funding_stream_id: "stream-schools-forum",
    title: "Chorley parenting circles",
    amount: "12,000.25",
    start_date: "2026-10-01",
    end_date: "2027-09-30",
    "budget.2026-27 Q3.staff": "2,000.25",
    "budget.2026-27 Q3.delivery": "1000",
    "budget.2026-27 Q4.staff": "2000",
    "budget.2026-27 Q4.delivery": "1000",
    "budget.2027-28 Q1.staff": "2500.50",
    "budget.2027-28 Q1.other": "499.50",
    "budget.2027-28 Q2.staff": "2500",
    "budget.2027-28 Q2.overheads": "500",
    "indicators.0.kind": "output",
    "indicators.0.name": "Families attending",
    "indicators.0.definition": "Families attending at least three sessions",
    "indicators.0.unit": "count",
    "indicators.0.measure": "cumulative",
    "indicators.0.direction": "higher",
    "indicators.0.baseline": "0",
    "indicators.0.target.2026-27 Q3": "5",
    "indicators.0.target.2026-27 Q4": "10",
    "indicators.0.target.2027-28 Q1": "15",
    "indicators.0.target.2027-28 Q2": "20",
    "indicators.1.kind": "outcome",
    "indicators.1.name": "Parents reporting less stress",
    "indicators.1.definition": "Share of parents whose stress score falls",
    "indicators.1.unit": "%",
    "indicators.1.measure": "per_quarter",
    "indicators.1.direction": "higher",
    "indicators.1.baseline": "40",
    "indicators.1.target.2026-27 Q3": "50",
    "indicators.1.target.2026-27 Q4": "55",
    "indicators.1.target.2027-28 Q1": "60",
    "indicators.1.target.2027-28 Q2": "65.5",
    // The spare row every form has, left empty.
    "indicators.2.kind": "output",
    "indicators.2.name": "",
    "indicators.2.definition": "",
    "indicators.2.unit": "count",
    "indicators.2.measure": "per_quarter",
    "indicators.2.direction": "higher",
    "indicators.2.baseline": "",
    "indicators.2.target.2026-27 Q3": "",
  };
  return { ...fields, ...changes };
}

describe("creating a project directly", () => {
  it("offers approved providers, the districts the officer covers and the active streams", async () => {
    const chorley = await jsonOf(await run(newLoader, await getRequest("/projects/new", chorleyOfficer)));
    expect(chorley.choices.districts).toEqual([{ id: "district-chorley", name: "Chorley" }]);
    expect(chorley.choices.organisations.map((o: { id: string }) => o.id)).toEqual(["org-fylde-parenting", "org-pennine-youth", "org-red-rose"]);
    expect(chorley.choices.streams.map((s: { id: string }) => s.id)).toEqual(["stream-pump-priming", "stream-schools-forum"]);
    const county = await jsonOf(await run(newLoader, await getRequest("/projects/new", officer)));
    expect(county.choices.districts).toHaveLength(12);
  });

  it("answers an unknown intent with 400 and creates nothing", async () => {
    const before = await counts();
    const response = await run(newAction, await postRequest("/projects/new", newProjectFields({ intent: "publish" }), officer));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).values.title).toBe("Chorley parenting circles");
    expect(await counts()).toEqual(before);
  });

  it("redraws the grids for the quarters between the dates, keeping what was typed", async () => {
    const response = await run(newAction, await postRequest("/projects/new", newProjectFields({ intent: "quarters", end_date: "2027-12-31" }), officer));
    expect(response.status).toBe(200);
    const data = await jsonOf(response);
    expect(data.quarters).toEqual(["2026-27 Q3", "2026-27 Q4", "2027-28 Q1", "2027-28 Q2", "2027-28 Q3"]);
    expect(data.values.title).toBe("Chorley parenting circles");
    expect(data.values["budget.2026-27 Q3.staff"]).toBe("2,000.25");
    expect(data.errors).toEqual({});
  });

  it("creates the project, its budget, indicators, returns across the year end, the commitments per year and the audit", async () => {
    const before = await counts();
    const response = await run(newAction, await postRequest("/projects/new", newProjectFields(), officer));
    expect(response.status).toBe(302);
    const id = response.headers.get("Location")!.replace("/projects/", "");

    const project = await db().selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(project).toMatchObject({
      title: "Chorley parenting circles", organisation_id: "org-pennine-youth", district_id: "district-chorley",
      funding_stream_id: "stream-schools-forum", tender_id: null, bid_id: null, start_date: "2026-10-01", end_date: "2027-09-30",
      status: "active", created_by: "user-officer", version: 1,
    });
    expect(Number(project.amount_pence)).toBe(1_200_025);
    expect(Number(project.visit_required)).toBe(1);
    expect(project.reference).toMatch(/^PRJ-2026-\d{3}$/);

    const lines = await db().selectFrom("project_budget_lines").select(["quarter", "category", "amount_pence"]).where("project_id", "=", id)
      .orderBy("quarter").orderBy("category").execute();
    expect(lines.map((l) => [l.quarter, l.category, Number(l.amount_pence)])).toEqual([
      ["2026-27 Q3", "delivery", 100_000], ["2026-27 Q3", "staff", 200_025],
      ["2026-27 Q4", "delivery", 100_000], ["2026-27 Q4", "staff", 200_000],
      ["2027-28 Q1", "other", 49_950], ["2027-28 Q1", "staff", 250_050],
      ["2027-28 Q2", "overheads", 50_000], ["2027-28 Q2", "staff", 250_000],
    ]);

    const indicators = await db().selectFrom("project_indicators").selectAll().where("project_id", "=", id).orderBy("position").execute();
    expect(indicators.map((i) => [i.position, i.kind, i.name, i.unit, i.measure, i.direction, i.baseline, JSON.parse(i.targets_json)])).toEqual([
      [1, "output", "Families attending", "count", "cumulative", "higher", 0, { "2026-27 Q3": 5, "2026-27 Q4": 10, "2027-28 Q1": 15, "2027-28 Q2": 20 }],
      [2, "outcome", "Parents reporting less stress", "%", "per_quarter", "higher", 40, { "2026-27 Q3": 50, "2026-27 Q4": 55, "2027-28 Q1": 60, "2027-28 Q2": 65.5 }],
    ]);

    const returns = await db().selectFrom("returns").select(["quarter", "financial_year", "quarter_number", "period_start", "period_end", "due_date", "status"])
      .where("project_id", "=", id).orderBy("period_start").execute();
    expect(returns.map((r) => [r.quarter, r.financial_year, r.quarter_number, r.period_start, r.period_end, r.due_date, r.status])).toEqual([
      ["2026-27 Q3", 2026, 3, "2026-10-01", "2026-12-31", "2027-01-21", "not_started"],
      ["2026-27 Q4", 2026, 4, "2027-01-01", "2027-03-31", "2027-04-21", "not_started"],
      ["2027-28 Q1", 2027, 1, "2027-04-01", "2027-06-30", "2027-07-21", "not_started"],
      ["2027-28 Q2", 2027, 2, "2027-07-01", "2027-09-30", "2027-10-21", "not_started"],
    ]);

    const ledger = await db().selectFrom("ledger_entries").selectAll().where("project_id", "=", id).orderBy("financial_year").execute();
    expect(ledger.map((e) => [e.district_id, e.funding_stream_id, e.financial_year, e.kind, Number(e.amount_pence), e.source_type, e.source_id])).toEqual([
      ["district-chorley", "stream-schools-forum", 2026, "commitment", 600_025, "direct", id],
      ["district-chorley", "stream-schools-forum", 2027, "commitment", 600_000, "direct", id],
    ]);

    const created = await db().selectFrom("audit_events").selectAll().where("record_type", "=", "project").where("record_id", "=", id).execute();
    expect(created.map((a) => a.action)).toEqual(["project.created"]);
    expect(created[0]).toMatchObject({ actor_user_id: "user-officer", ip: TEST_IP });
    expect(JSON.parse(created[0].after_json!)).toMatchObject({ reference: project.reference, amount_pence: 1_200_025, source: "direct", returns: 4 });
    const ledgerAudit = await db().selectFrom("audit_events").select("record_id").where("action", "=", "ledger.commitment_recorded")
      .where("record_id", "in", ledger.map((e) => e.id)).execute();
    expect(ledgerAudit).toHaveLength(2);

    const after = await counts();
    expect(after.projects - before.projects).toBe(1);
    expect(after.project_budget_lines - before.project_budget_lines).toBe(8);
    expect(after.project_indicators - before.project_indicators).toBe(2);
    expect(after.returns - before.returns).toBe(4);
    expect(after.ledger_entries - before.ledger_entries).toBe(2);
    expect(after.audit_events - before.audit_events).toBe(3);

    // The next one in the same financial year takes the next number.
    const second = await run(newAction, await postRequest("/projects/new", newProjectFields({ title: "Second circle" }), chorleyOfficer));
    expect(second.status).toBe(302);
    const secondRef = (await db().selectFrom("projects").select("reference").where("id", "=", second.headers.get("Location")!.replace("/projects/", "")).executeTakeFirstOrThrow()).reference;
    expect(Number(secondRef.slice(-3))).toBe(Number(project.reference.slice(-3)) + 1);
  });

  it("refuses bad input with exact messages, keeps what was typed and writes nothing", async () => {
    const before = await counts();
    const post = async (changes: Fields, user: { id: string } = officer) => {
      const response = await run(newAction, await postRequest("/projects/new", newProjectFields(changes), user));
      expect(response.status).toBe(400);
      return jsonOf(response);
    };

    const sum = await post({ "budget.2027-28 Q2.overheads": "499.75" });
    expect(sum.errors).toEqual({ budget: "The budget adds up to £12,000.00 but the amount is £12,000.25" });
    expect(sum.values.title).toBe("Chorley parenting circles");
    expect(sum.values["budget.2027-28 Q2.overheads"]).toBe("499.75");

    const order = await post({ start_date: "2026-10-01", end_date: "2026-09-30" });
    expect(order.errors.end_date).toBe("The end date must be after the start date");
    expect(order.quarters).toEqual([]);

    const negative = await post({ "indicators.0.target.2026-27 Q4": "-5" });
    expect(negative.errors).toEqual({ "indicators.0.target.2026-27 Q4": "The target for 2026-27 Q4 for indicator 1 must be 0 or more" });
    const words = await post({ "indicators.1.target.2027-28 Q1": "lots" });
    expect(words.errors).toEqual({ "indicators.1.target.2027-28 Q1": "The target for 2027-28 Q1 for indicator 2 must be a number, like 20" });
    const blank = await post({ "indicators.1.target.2027-28 Q1": "" });
    expect(blank.errors).toEqual({ "indicators.1.target.2027-28 Q1": "Enter the target for 2027-28 Q1 for indicator 2" });

    const preston = await post({ district_id: "district-preston" }, chorleyOfficer);
    expect(preston.errors).toEqual({ district_id: "Select a district you cover" });
    expect(preston.values.district_id).toBe("district-preston");

    const missing = await post({ title: "  ", amount: "twelve", organisation_id: "" });
    expect(missing.errors).toMatchObject({
      organisation_id: "Select the provider organisation",
      title: "Enter the project title",
      amount: "Enter the amount in pounds, like 20000 or 20,000.00",
    });
    const noIndicators = await post({ "indicators.0.name": "", "indicators.0.definition": "", "indicators.0.baseline": "", "indicators.0.target.2026-27 Q3": "", "indicators.0.target.2026-27 Q4": "", "indicators.0.target.2027-28 Q1": "", "indicators.0.target.2027-28 Q2": "",
      "indicators.1.remove": "yes" });
    expect(noIndicators.errors).toEqual({ indicators: PROJECT_MESSAGES.indicatorsMissing });

    expect(await counts()).toEqual(before);
  });

  it("is for officers only", async () => {
    expect((await run(newLoader, await getRequest("/projects/new", provider))).status).toBe(403);
    expect((await run(newAction, await postRequest("/projects/new", newProjectFields(), provider))).status).toBe(403);
    expect((await run(newLoader, await getRequest("/projects/new", viewer))).status).toBe(403);
    expect((await run(newAction, await postRequest("/projects/new", newProjectFields(), panel))).status).toBe(403);
    const signedOut = await run(newLoader, await getRequest("/projects/new"));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fprojects%2Fnew");
  });
});

// =======================================================================================

describe("adjusting the plan before the first return", () => {
  it("saves new targets, budget and indicators with the ledger following the years, then refuses once a return is submitted", async () => {
    const project = await createTestProject();
    const planData = await jsonOf(await run(planLoader, await getRequest(`/projects/${project.id}/plan`, officer), params(project)));
    expect(planData.locked).toBe(false);
    expect(planData.quarters).toEqual(["2026-27 Q1", "2026-27 Q2", "2026-27 Q3", "2026-27 Q4"]);
    expect(planData.defaults["budget.2026-27 Q1.staff"]).toBe("3750.00");
    expect(planData.defaults["indicators.0.target.2026-27 Q2"]).toBe("10");

    const fields = asFields(planData.defaults);
    Object.assign(fields, {
      intent: "save",
      "indicators.0.target.2026-27 Q2": "12",
      "indicators.1.measure": "cumulative",
      "indicators.1.baseline": "55",
      "budget.2026-27 Q1.staff": "3000",
      "budget.2026-27 Q4.staff": "4500",
      "indicators.2.kind": "outcome",
      "indicators.2.name": "School attendance above 90%",
      "indicators.2.definition": "Children in supported families attending 90% of sessions",
      "indicators.2.unit": "%",
      "indicators.2.measure": "per_quarter",
      "indicators.2.direction": "higher",
      "indicators.2.target.2026-27 Q1": "60",
      "indicators.2.target.2026-27 Q2": "65",
      "indicators.2.target.2026-27 Q3": "70",
      "indicators.2.target.2026-27 Q4": "75",
    });
    const saved = await run(planAction, await postRequest(`/projects/${project.id}/plan`, fields, officer), params(project));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/projects/${project.id}`);

    expect(await targetsOf(project.indicators[0].id)).toEqual({ "2026-27 Q1": 10, "2026-27 Q2": 12, "2026-27 Q3": 10, "2026-27 Q4": 10 });
    const indicators = await db().selectFrom("project_indicators").selectAll().where("project_id", "=", project.id).orderBy("position").execute();
    expect(indicators.map((i) => [i.id === project.indicators[0].id || i.id === project.indicators[1].id, i.name, i.measure, i.baseline])).toEqual([
      [true, "Families supported", "per_quarter", null],
      [true, "Plans closed with needs met", "cumulative", 55],
      [false, "School attendance above 90%", "per_quarter", null],
    ]);
    const staff = await db().selectFrom("project_budget_lines").select(["quarter", "amount_pence"]).where("project_id", "=", project.id)
      .where("category", "=", "staff").orderBy("quarter").execute();
    expect(staff.map((l) => Number(l.amount_pence))).toEqual([300_000, 375_000, 375_000, 450_000]);
    const row = await db().selectFrom("projects").select("version").where("id", "=", project.id).executeTakeFirstOrThrow();
    expect(row.version).toBe(2);
    const audit = await db().selectFrom("audit_events").selectAll().where("record_id", "=", project.id).where("action", "=", "project.plan_adjusted").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].before_json!).budget["2026-27 Q1"].staff).toBe(375_000);
    expect(JSON.parse(audit[0].after_json!).budget["2026-27 Q1"].staff).toBe(300_000);
    expect(JSON.parse(audit[0].after_json!).indicators[0].targets["2026-27 Q2"]).toBe(12);
    // The whole budget sits in 2026-27, as the ledger now says.
    const ledger = await db().selectFrom("ledger_entries").select(["financial_year", "amount_pence", "source_type"]).where("project_id", "=", project.id).execute();
    expect(ledger.map((e) => [e.financial_year, Number(e.amount_pence), e.source_type])).toEqual([[2026, 2_000_000, "plan"]]);

    // A budget that no longer adds up is refused beside the grid.
    const reloaded = await jsonOf(await run(planLoader, await getRequest(`/projects/${project.id}/plan`, officer), params(project)));
    const off = await run(planAction, await postRequest(`/projects/${project.id}/plan`, { ...asFields(reloaded.defaults), "budget.2026-27 Q2.other": "1" }, officer), params(project));
    expect(off.status).toBe(400);
    expect((await jsonOf(off)).errors).toEqual({ budget: "The budget adds up to £20,001.00 but the amount is £20,000.00" });

    // After a return is submitted the plan is fixed: the page says so and a save is refused.
    await submitReturn(project.returns["2026-27 Q1"]);
    const before = await counts();
    const locked = await jsonOf(await run(planLoader, await getRequest(`/projects/${project.id}/plan`, officer), params(project)));
    expect(locked.locked).toBe(true);
    const refused = await run(planAction, await postRequest(`/projects/${project.id}/plan`, { ...asFields(reloaded.defaults), "indicators.0.target.2026-27 Q4": "20" }, officer), params(project));
    expect(refused.status).toBe(409);
    const body = await jsonOf(refused);
    expect(body.formError).toBe(PROJECT_MESSAGES.planLocked);
    expect(body.values["indicators.0.target.2026-27 Q4"]).toBe("20");
    expect(await targetsOf(project.indicators[0].id)).toEqual({ "2026-27 Q1": 10, "2026-27 Q2": 12, "2026-27 Q3": 10, "2026-27 Q4": 10 });
    expect(await counts()).toEqual(before);
  });

  it("refuses a stale save (409) and gives back what was typed", async () => {
    const project = await createTestProject();
    const planData = await jsonOf(await run(planLoader, await getRequest(`/projects/${project.id}/plan`, officer), params(project)));
    const first = await run(planAction, await postRequest(`/projects/${project.id}/plan`, { ...asFields(planData.defaults), "indicators.0.target.2026-27 Q3": "11" }, chorleyOfficer), params(project));
    expect(first.status).toBe(302);
    const before = await counts();
    const stale = await run(planAction, await postRequest(`/projects/${project.id}/plan`, { ...asFields(planData.defaults), "indicators.0.name": "Families helped" }, officer), params(project));
    expect(stale.status).toBe(409);
    const body = await jsonOf(stale);
    expect(body.formError).toBe(new StaleEditError("project").message);
    expect(body.values["indicators.0.name"]).toBe("Families helped");
    expect(body.values.version).toBe("1");
    expect(await counts()).toEqual(before);
    const indicator = await db().selectFrom("project_indicators").select(["name", "targets_json"]).where("id", "=", project.indicators[0].id).executeTakeFirstOrThrow();
    expect(indicator.name).toBe("Families supported");
    expect(JSON.parse(indicator.targets_json)["2026-27 Q3"]).toBe(11);
  });
});

// =======================================================================================

describe("variations after the first return", () => {
  // Dates around today, so "past" and "future" hold whenever the tests run: from the start
  // of last financial year to the end of next one.
  const today = ukToday();
  const thisYear = financialYearOf(today);
  const startDate = `${thisYear - 1}-04-01`;
  const endDate = `${thisYear + 2}-03-31`;
  const quarters = quartersBetween(startDate, endDate).map(quarterLabel);
  const firstQuarter = quarters[0]; // ended, and its return submitted
  const secondQuarter = quarters[1]; // ended
  const lastQuarter = quarters[quarters.length - 1]; // in the future
  let project: TestProject;

  beforeAll(async () => {
    project = await createTestProject({ startDate, endDate, amountPence: 1_200_000 });
    // The commitments an award would have made: £1,000 a quarter, per financial year.
    for (const year of [thisYear - 1, thisYear, thisYear + 1]) {
      await db().insertInto("ledger_entries").values({
        id: `le-${project.id}-${year}`, district_id: "district-chorley", funding_stream_id: "stream-schools-forum", financial_year: year,
        kind: "commitment", amount_pence: 400_000, project_id: project.id, source_type: "award", source_id: project.id, created_at: "2026-04-01T09:00:00.000Z",
      }).execute();
    }
  });

  /** The variation form as a browser posts it: fixed quarters are shown, not posted. */
  async function variationFields(changes: Fields = {}): Promise<Fields> {
    const data = await jsonOf(await run(variationsLoader, await getRequest(`/projects/${project.id}/variations`, officer), params(project)));
    const locked = Object.keys(data.locked);
    const fields = asFields(data.defaults);
    for (const key of Object.keys(fields)) {
      if (locked.some((q) => key.endsWith(`.${q}`) || key.includes(`.${q}.`))) delete fields[key];
    }
    return { ...fields, intent: "record", reason: "Referrals moved to the spring", ...changes };
  }

  it("is refused before any return is submitted: changes then go through the plan", async () => {
    const before = await counts();
    const data = await jsonOf(await run(variationsLoader, await getRequest(`/projects/${project.id}/variations`, officer), params(project)));
    expect(data.open).toBe(false);
    const response = await run(variationsAction, await postRequest(`/projects/${project.id}/variations`, await variationFields({ [`indicators.0.target.${lastQuarter}`]: "14" }), officer), params(project));
    expect(response.status).toBe(409);
    expect((await jsonOf(response)).formError).toBe(PROJECT_MESSAGES.variationTooEarly);
    expect(await counts()).toEqual(before);
    await submitReturn(project.returns[firstQuarter]);
  });

  it("shows ended quarters and quarters with a submitted return as fixed", async () => {
    const data = await jsonOf(await run(variationsLoader, await getRequest(`/projects/${project.id}/variations`, officer), params(project)));
    expect(data.open).toBe(true);
    expect(data.locked[firstQuarter]).toBe("submitted");
    expect(data.locked[secondQuarter]).toBe("ended");
    expect(data.locked[lastQuarter]).toBeUndefined();
  });

  it("answers an unknown intent with 400 and records nothing", async () => {
    const before = await counts();
    const response = await run(variationsAction, await postRequest(`/projects/${project.id}/variations`, await variationFields({
      intent: "approve", agreed_on: today, [`indicators.0.target.${lastQuarter}`]: "14",
    }), officer), params(project));
    expect(response.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("refuses to rewrite a past quarter's target or budget, and writes nothing", async () => {
    const before = await counts();
    const response = await run(variationsAction, await postRequest(`/projects/${project.id}/variations`, await variationFields({
      agreed_on: today,
      [`indicators.0.target.${firstQuarter}`]: "99",
      [`indicators.1.target.${secondQuarter}`]: "50",
      [`budget.${secondQuarter}.staff`]: "500",
      [`indicators.0.target.${lastQuarter}`]: "14",
    }), officer), params(project));
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({
      [`indicators.0.target.${firstQuarter}`]: `The target for ${firstQuarter} for indicator 1 cannot be changed: its return has been submitted`,
      [`indicators.1.target.${secondQuarter}`]: `The target for ${secondQuarter} for indicator 2 cannot be changed: that quarter has ended`,
      [`budget.${secondQuarter}.staff`]: `The staff budget for ${secondQuarter} cannot be changed: that quarter has ended`,
    });
    expect(body.values[`indicators.0.target.${lastQuarter}`]).toBe("14");
    expect(await counts()).toEqual(before);
    expect((await targetsOf(project.indicators[0].id))[firstQuarter]).toBe(10);
    expect((await targetsOf(project.indicators[0].id))[lastQuarter]).toBe(10);
  });

  it("needs a reason and a date that has come", async () => {
    const before = await counts();
    const response = await run(variationsAction, await postRequest(`/projects/${project.id}/variations`, await variationFields({
      agreed_on: `${thisYear + 3}-01-01`, reason: "   ", [`indicators.0.target.${lastQuarter}`]: "14",
    }), officer), params(project));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({
      agreed_on: "The date the variation was agreed cannot be in the future",
      reason: "Enter the reason for the variation",
    });
    const nothing = await run(variationsAction, await postRequest(`/projects/${project.id}/variations`, await variationFields({ agreed_on: today }), officer), params(project));
    expect(nothing.status).toBe(400);
    expect((await jsonOf(nothing)).formError).toBe(PROJECT_MESSAGES.noChange);
    expect(await counts()).toEqual(before);
  });

  it("changes a future quarter's target and leaves the past as it was", async () => {
    const targetsBefore = await targetsOf(project.indicators[0].id);
    const response = await run(variationsAction, await postRequest(`/projects/${project.id}/variations`, await variationFields({
      agreed_on: today, [`indicators.0.target.${lastQuarter}`]: "14",
    }), officer), params(project));
    expect(response.status).toBe(302);
    const targets = await targetsOf(project.indicators[0].id);
    expect(targets).toEqual({ ...targetsBefore, [lastQuarter]: 14 });
    expect(targets[firstQuarter]).toBe(10);
    expect(targets[secondQuarter]).toBe(10);

    const variations = await db().selectFrom("project_variations").selectAll().where("project_id", "=", project.id).execute();
    expect(variations).toHaveLength(1);
    expect(variations[0]).toMatchObject({ agreed_on: today, reason: "Referrals moved to the spring", created_by: "user-officer" });
    const changes = JSON.parse(variations[0].changes_json);
    expect(changes.before.targets[project.indicators[0].id]).toEqual({ indicator: "Families supported", targets: { [lastQuarter]: 10 } });
    expect(changes.after.targets[project.indicators[0].id]).toEqual({ indicator: "Families supported", targets: { [lastQuarter]: 14 } });
    const audit = await db().selectFrom("audit_events").selectAll().where("record_id", "=", project.id).where("action", "=", "project.varied").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after_json!)).toMatchObject({ variationId: variations[0].id, reason: "Referrals moved to the spring" });

    const page = await jsonOf(await run(pageLoader, await getRequest(`/projects/${project.id}`, provider), params(project)));
    expect(page.variations).toEqual([{
      id: variations[0].id, agreedOn: today, agreed: expect.any(String), reason: "Referrals moved to the spring",
      changes: [`Target for Families supported in ${lastQuarter}: 10 to 14`], createdBy: "Olivia Officer",
    }]);
  });

  it("extends the end date and the amount: new returns, new targets, and the ledger moves by the difference", async () => {
    const newEnd = `${thisYear + 2}-06-30`;
    const newQuarter = quarterLabel({ year: thisYear + 2, quarter: 1 });
    // Without the new quarter's figures the form comes back with it to fill in.
    const incomplete = await run(variationsAction, await postRequest(`/projects/${project.id}/variations`, await variationFields({
      agreed_on: today, end_date: newEnd, amount: "13,000",
    }), officer), params(project));
    expect(incomplete.status).toBe(400);
    const incompleteBody = await jsonOf(incomplete);
    expect(incompleteBody.quarters[incompleteBody.quarters.length - 1]).toBe(newQuarter);
    expect(incompleteBody.errors[`indicators.0.target.${newQuarter}`]).toBe(`Enter the target for ${newQuarter} for indicator 1`);
    // With the targets but without the money for the new quarter, the budget no longer adds up.
    const unbalanced = await run(variationsAction, await postRequest(`/projects/${project.id}/variations`, await variationFields({
      agreed_on: today, end_date: newEnd, amount: "13,000",
      [`indicators.0.target.${newQuarter}`]: "8",
      [`indicators.1.target.${newQuarter}`]: "70",
    }), officer), params(project));
    expect(unbalanced.status).toBe(400);
    expect((await jsonOf(unbalanced)).errors).toEqual({ budget: "The budget adds up to £12,000.00 but the amount is £13,000.00" });

    const returnsBefore = await db().selectFrom("returns").select("quarter").where("project_id", "=", project.id).execute();
    expect(returnsBefore).toHaveLength(12);
    const response = await run(variationsAction, await postRequest(`/projects/${project.id}/variations`, await variationFields({
      agreed_on: today, reason: "Extended for a summer programme", end_date: newEnd, amount: "13,000",
      [`budget.${newQuarter}.delivery`]: "1000",
      [`indicators.0.target.${newQuarter}`]: "8",
      [`indicators.1.target.${newQuarter}`]: "70",
    }), officer), params(project));
    expect(response.status).toBe(302);

    const row = await db().selectFrom("projects").select(["end_date", "amount_pence", "version"]).where("id", "=", project.id).executeTakeFirstOrThrow();
    expect(row.end_date).toBe(newEnd);
    expect(Number(row.amount_pence)).toBe(1_300_000);
    const returns = await db().selectFrom("returns").select(["quarter", "due_date", "status"]).where("project_id", "=", project.id).orderBy("period_start").execute();
    expect(returns).toHaveLength(13);
    expect(returns[12]).toEqual({ quarter: newQuarter, due_date: `${thisYear + 2}-07-21`, status: "not_started" });
    expect((await targetsOf(project.indicators[0].id))[newQuarter]).toBe(8);
    const ledger = await db().selectFrom("ledger_entries").select(["financial_year", "amount_pence", "source_type"]).where("project_id", "=", project.id)
      .orderBy("financial_year").execute();
    expect(ledger.map((e) => [e.financial_year, Number(e.amount_pence), e.source_type])).toEqual([
      [thisYear - 1, 400_000, "award"],
      [thisYear, 400_000, "award"],
      [thisYear + 1, 400_000, "award"],
      [thisYear + 2, 100_000, "variation"],
    ]);
    const variations = await db().selectFrom("project_variations").select(["changes_json", "reason"]).where("project_id", "=", project.id).orderBy("created_at").execute();
    expect(variations).toHaveLength(2);
    const changes = JSON.parse(variations[1].changes_json);
    expect(changes.before).toMatchObject({ end_date: endDate, amount_pence: 1_200_000 });
    expect(changes.after).toMatchObject({ end_date: newEnd, amount_pence: 1_300_000, ledger: [{ financialYear: thisYear + 2, pence: 100_000 }] });
    expect(changes.after.budget).toEqual({ [newQuarter]: { delivery: 100_000 } });
  });

  it("refuses a stale variation (409) with what was typed", async () => {
    const fields = await variationFields({ agreed_on: today, [`indicators.0.target.${lastQuarter}`]: "16" });
    const stale = { ...fields, version: String(Number(fields.version) - 1) };
    const before = await counts();
    const response = await run(variationsAction, await postRequest(`/projects/${project.id}/variations`, stale, officer), params(project));
    expect(response.status).toBe(409);
    const body = await jsonOf(response);
    expect(body.formError).toBe(new StaleEditError("project").message);
    expect(body.values[`indicators.0.target.${lastQuarter}`]).toBe("16");
    expect(await counts()).toEqual(before);
  });
});

// =======================================================================================

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { cell += '"'; i += 1; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(cell); cell = ""; }
    else if (ch === "\r") continue;
    else if (ch === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; }
    else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describe("the list of projects", () => {
  let preston: TestProject;
  let pennineChorley: TestProject;
  let suspended: TestProject;

  beforeAll(async () => {
    preston = await createTestProject({ districtId: "district-preston", organisationId: "org-pennine-youth", amountPence: 3_000_000 });
    pennineChorley = await createTestProject({ organisationId: "org-pennine-youth", amountPence: 800_000, startDate: "2026-07-01" });
    suspended = await createTestProject({ amountPence: 1_500_050 });
    await db().updateTable("projects").set({ status: "suspended", funding_stream_id: "stream-pump-priming", title: "Suspended: Chorley dads' group" })
      .where("id", "=", suspended.id).execute();
  });

  const list = async (query: string, user: { id: string }) => {
    const response = await run(listLoader, await getRequest(`/projects${query}`, user));
    expect(response.status).toBe(200);
    return jsonOf(response);
  };
  const refs = (data: { projects: { reference: string }[] }) => data.projects.map((p) => p.reference);

  it("shows officers their districts' projects and providers their own organisation's", async () => {
    const county = await list("", officer);
    expect(refs(county)).toEqual(expect.arrayContaining([preston.reference, pennineChorley.reference, suspended.reference]));
    const chorley = await list("", chorleyOfficer);
    expect(refs(chorley)).toContain(pennineChorley.reference);
    expect(refs(chorley)).not.toContain(preston.reference);
    expect(chorley.projects.every((p: { district: string }) => p.district === "Chorley")).toBe(true);
    // A district they do not cover is not a filter they can use.
    expect(refs(await list("?district=district-preston", chorleyOfficer))).not.toContain(preston.reference);
    expect(chorley.choices.districts).toEqual([{ id: "district-chorley", name: "Chorley" }]);

    const redRose = await list("", provider);
    expect(redRose.projects.every((p: { provider: string }) => p.provider === "Red Rose Family Support")).toBe(true);
    expect(refs(redRose)).toContain(suspended.reference);
    expect(redRose.choices.organisations).toEqual([]);
    // The provider filter is not theirs to use: it changes nothing.
    expect(refs(await list("?provider=org-pennine-youth", provider))).toEqual(refs(redRose));
    const theirs = await list("", pennine);
    expect(refs(theirs)).toEqual(expect.arrayContaining([preston.reference, pennineChorley.reference]));
    expect(refs(theirs)).not.toContain(suspended.reference);
    expect(theirs.projects.every((p: { provider: string }) => p.provider === "Pennine Youth Partnership CIC")).toBe(true);
  });

  it("filters by district, provider, stream and status, searches, and sorts", async () => {
    const inPreston = await list("?district=district-preston", officer);
    expect(refs(inPreston)).toEqual([preston.reference]);
    const pennineOnly = await list("?provider=org-pennine-youth&district=district-chorley", officer);
    expect(refs(pennineOnly)).toContain(pennineChorley.reference);
    expect(pennineOnly.projects.every((p: { provider: string; district: string }) => p.provider === "Pennine Youth Partnership CIC" && p.district === "Chorley")).toBe(true);
    expect(refs(await list("?status=suspended", officer))).toEqual([suspended.reference]);
    expect(refs(await list("?stream=stream-pump-priming", officer))).toEqual([suspended.reference]);
    expect(refs(await list("?q=dads", officer))).toEqual([suspended.reference]);
    expect(refs(await list(`?q=${encodeURIComponent(preston.reference.toLowerCase())}`, officer))).toEqual([preston.reference]);
    expect(refs(await list("?q=100%25", officer))).toEqual([]);

    const byAmount = await list("?sort=amount&dir=desc&district=district-preston", officer);
    expect(byAmount.projects[0].amount).toBe("£30,000.00");
    const ascending = await list("?sort=amount&dir=asc", officer);
    const amounts = ascending.projects.map((p: { amount: string }) => Number(p.amount.replace(/[£,]/g, "")));
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    const byStart = await list("?sort=start&dir=asc", officer);
    expect(byStart.projects.map((p: { reference: string }) => p.reference).indexOf(pennineChorley.reference)).toBeGreaterThan(-1);
    expect(byStart.page).toMatchObject({ page: 1 });
  });

  it("downloads the filtered list as CSV", async () => {
    const response = await run(csvLoader, await getRequest("/projects.csv?district=district-chorley&provider=org-red-rose&status=suspended&format=csv", officer));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual(["Reference", "Title", "Provider", "District", "Funding stream", "Status", "Amount (£)", "Start date", "End date", "Visit required"]);
    expect(rows.slice(1)).toEqual([
      [suspended.reference, "Suspended: Chorley dads' group", "Red Rose Family Support", "Chorley", "Pump priming", "Suspended", "15000.50", "2026-04-01", "2027-03-31", "Yes"],
    ]);
  });

  it("downloads the filtered list as XLSX with amounts as numbers in £ and dates as dates", async () => {
    const response = await run(xlsxLoader, await getRequest("/projects.xlsx?provider=org-pennine-youth&sort=amount&dir=desc", officer));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="projects.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("Projects")!;
    expect(sheet.getRow(1).values).toEqual([
      undefined, "Reference", "Title", "Provider", "District", "Funding stream", "Status", "Amount", "Start date", "End date", "Visit required",
    ]);
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe(preston.reference);
    expect(first.getCell(4).value).toBe("Preston");
    expect(first.getCell(7).value).toBe(30000);
    expect(typeof first.getCell(7).value).toBe("number");
    expect(first.getCell(7).numFmt).toBe("£#,##0.00");
    expect(first.getCell(8).value).toEqual(new Date("2026-04-01T00:00:00Z"));
    expect(first.getCell(10).value).toBe("Yes");
    let second = sheet.getRow(3);
    sheet.eachRow((row) => { if (row.getCell(1).value === pennineChorley.reference) second = row; });
    expect(second.getCell(1).value).toBe(pennineChorley.reference);
    expect(second.getCell(7).value).toBe(8000);
    expect(second.getCell(10).value).toBe("No");
    // Only Pennine's projects.
    const providers = new Set<string>();
    sheet.eachRow((row, n) => { if (n > 1) providers.add(String(row.getCell(3).value)); });
    expect([...providers]).toEqual(["Pennine Youth Partnership CIC"]);

    // A provider's workbook holds only their own projects, whatever the URL asks for.
    const own = await run(xlsxLoader, await getRequest("/projects.xlsx?provider=org-pennine-youth", provider));
    const ownBook = new ExcelJS.Workbook();
    await ownBook.xlsx.load(await own.arrayBuffer());
    const ownProviders = new Set<string>();
    ownBook.getWorksheet("Projects")!.eachRow((row, n) => { if (n > 1) ownProviders.add(String(row.getCell(3).value)); });
    expect([...ownProviders]).toEqual(["Red Rose Family Support"]);
  });

  it("is for officers and providers: others are refused, the signed-out sent to sign in", async () => {
    expect((await run(listLoader, await getRequest("/projects", viewer))).status).toBe(403);
    expect((await run(listLoader, await getRequest("/projects", panel))).status).toBe(403);
    expect((await run(csvLoader, await getRequest("/projects.csv?format=csv", viewer))).status).toBe(403);
    expect((await run(xlsxLoader, await getRequest("/projects.xlsx", panel))).status).toBe(403);
    const signedOut = await run(listLoader, await getRequest("/projects"));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fprojects");
  });
});

// =======================================================================================

describe("who is refused", () => {
  let redRose: TestProject;
  let preston: TestProject;

  beforeAll(async () => {
    redRose = await createTestProject();
    preston = await createTestProject({ districtId: "district-preston" });
  });

  it("gives another organisation's provider 404 on every project route, and changes nothing", async () => {
    const before = await counts();
    const p = params(redRose);
    expect((await run(pageLoader, await getRequest(`/projects/${redRose.id}`, pennine), p)).status).toBe(404);
    expect((await run(pageAction, await postRequest(`/projects/${redRose.id}`, { intent: "upload", document: pdfFile() }, pennine), p)).status).toBe(404);
    expect((await run(planLoader, await getRequest(`/projects/${redRose.id}/plan`, pennine), p)).status).toBe(404);
    expect((await run(planAction, await postRequest(`/projects/${redRose.id}/plan`, { version: "1" }, pennine), p)).status).toBe(404);
    expect((await run(variationsLoader, await getRequest(`/projects/${redRose.id}/variations`, pennine), p)).status).toBe(404);
    expect((await run(variationsAction, await postRequest(`/projects/${redRose.id}/variations`, { version: "1", intent: "record" }, pennine), p)).status).toBe(404);
    expect((await run(fileLoader, await getRequest(`/projects/${redRose.id}/files/x`, pennine), { projectId: redRose.id, fileId: "x" })).status).toBe(404);
    // And a project that does not exist looks the same.
    expect((await run(pageLoader, await getRequest("/projects/nope", pennine), { projectId: "nope" })).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("lets the provider see its own project but not change it", async () => {
    const p = params(redRose);
    expect((await run(pageLoader, await getRequest(`/projects/${redRose.id}`, provider), p)).status).toBe(200);
    expect((await run(planLoader, await getRequest(`/projects/${redRose.id}/plan`, provider), p)).status).toBe(403);
    expect((await run(planAction, await postRequest(`/projects/${redRose.id}/plan`, { version: "1" }, provider), p)).status).toBe(403);
    expect((await run(variationsAction, await postRequest(`/projects/${redRose.id}/variations`, { version: "1" }, provider), p)).status).toBe(403);
  });

  it("answers a Chorley-only officer 404 for a Preston project, to see or to change", async () => {
    // One rule (docs/architecture.md): someone who may not see a record may not learn it exists.
    const before = await counts();
    const p = params(preston);
    const page = await run(pageLoader, await getRequest(`/projects/${preston.id}`, chorleyOfficer), p);
    expect(page.status).toBe(404);
    expect((await jsonOf(page)).message).toBe("Project not found");
    expect((await run(pageAction, await postRequest(`/projects/${preston.id}`, { intent: "upload", document: pdfFile() }, chorleyOfficer), p)).status).toBe(404);
    expect((await run(planLoader, await getRequest(`/projects/${preston.id}/plan`, chorleyOfficer), p)).status).toBe(404);
    expect((await run(planAction, await postRequest(`/projects/${preston.id}/plan`, { version: "1" }, chorleyOfficer), p)).status).toBe(404);
    expect((await run(variationsLoader, await getRequest(`/projects/${preston.id}/variations`, chorleyOfficer), p)).status).toBe(404);
    expect((await run(variationsAction, await postRequest(`/projects/${preston.id}/variations`, { version: "1" }, chorleyOfficer), p)).status).toBe(404);
    expect((await run(fileLoader, await getRequest(`/projects/${preston.id}/files/x`, chorleyOfficer), { projectId: preston.id, fileId: "x" })).status).toBe(404);
    // The county-wide officer may.
    expect((await run(pageLoader, await getRequest(`/projects/${preston.id}`, officer), p)).status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it("answers viewers and panel members 404 (projects are not theirs to see), and sends the signed-out to sign in", async () => {
    const p = params(redRose);
    for (const user of [viewer, panel]) {
      expect((await run(pageLoader, await getRequest(`/projects/${redRose.id}`, user), p)).status).toBe(404);
      expect((await run(planAction, await postRequest(`/projects/${redRose.id}/plan`, { version: "1" }, user), p)).status).toBe(404);
      expect((await run(variationsLoader, await getRequest(`/projects/${redRose.id}/variations`, user), p)).status).toBe(404);
    }
    const signedOut = await run(pageLoader, await getRequest(`/projects/${redRose.id}`), p);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(`/projects/${redRose.id}`)}`);
    expect((await run(planAction, await postRequest(`/projects/${redRose.id}/plan`, { version: "1" }), p)).status).toBe(302);
  });
});
