// The provider files a quarterly return: seven sections saved one at a time with real
// stored values, bad input refused with the field's message, stale saves refused, check
// your answers and submit (version 1 stored, late flag), the resubmission after a query,
// and who may see or change a return.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { newId, nowIso } from "~/lib/ids.server";
import { loader as taskListLoader } from "~/routes/returns.$returnId._index";
import { action as outputsAction, loader as outputsLoader } from "~/routes/returns.$returnId.outputs";
import { action as outcomesAction, loader as outcomesLoader } from "~/routes/returns.$returnId.outcomes";
import { action as spendAction, loader as spendLoader } from "~/routes/returns.$returnId.spend";
import { action as beneficiariesAction, loader as beneficiariesLoader } from "~/routes/returns.$returnId.beneficiaries";
import { action as narrativeAction, loader as narrativeLoader } from "~/routes/returns.$returnId.narrative";
import { action as caseStudiesAction, loader as caseStudiesLoader } from "~/routes/returns.$returnId.case-studies";
import { action as evidenceAction, loader as evidenceLoader } from "~/routes/returns.$returnId.evidence";
import { loader as evidenceFileLoader } from "~/routes/returns.$returnId.evidence_.$fileId";
import { action as checkAction, loader as checkLoader } from "~/routes/returns.$returnId.check";
import { loader as listLoader } from "~/routes/returns._index";
import { loader as csvLoader } from "~/routes/returns[.]csv";
import { createTestUser, getRequest, jsonOf, postRequest, run, type TestUser, flashedMessage } from "../helpers/requests";
import { createTestProject, type TestProject } from "../helpers/projects";
import { getReturnDetail } from "~/models/returns/detail.server";
import { buildReturnSnapshot, parseReturnSnapshot, changedSections } from "~/models/returns/snapshot.server";

// Pat Provider of Red Rose Family Support, from the demo seed.
const PAT = { id: "user-provider" };
const OFFICER = { id: "user-officer" }; // county-wide
const CHORLEY_OFFICER = { id: "user-chorley-officer" };
const VIEWER = { id: "user-viewer" };
const PANEL = { id: "user-panel" };
const Q1 = "2026-27 Q1";
/**
 * A project whose first quarter (2020-21 Q1) has ended, so its return may be submitted, and
 * whose returns are not due for decades, so submitting it is on time whenever the tests run.
 */
const ENDED_NOT_DUE = { startDate: "2020-04-01", endDate: "2020-06-30", dueDays: 30_000 };

let colleague: TestUser; // a second provider in Red Rose
let rival: TestUser; // a provider in Pennine Youth
let burnleyOfficer: TestUser;

beforeAll(async () => {
  await seedDemoData(getDb());
  colleague = await createTestUser({ roles: ["provider"], organisationId: "org-red-rose", name: "Rita Rose" });
  rival = await createTestUser({ roles: ["provider"], organisationId: "org-pennine-youth", name: "Sam Pennine" });
  burnleyOfficer = await createTestUser({ roles: ["officer"], districtIds: ["district-burnley"], name: "Bea Burnley" });
});

// --- helpers -------------------------------------------------------------------------------

type Fields = Record<string, string | string[] | File>;
type Fn = (args: any) => unknown;

const SECTION_ROUTES = {
  outputs: { action: outputsAction, loader: outputsLoader, path: "outputs" },
  outcomes: { action: outcomesAction, loader: outcomesLoader, path: "outcomes" },
  spend: { action: spendAction, loader: spendLoader, path: "spend" },
  beneficiaries: { action: beneficiariesAction, loader: beneficiariesLoader, path: "beneficiaries" },
  narrative: { action: narrativeAction, loader: narrativeLoader, path: "narrative" },
  case_studies: { action: caseStudiesAction, loader: caseStudiesLoader, path: "case-studies" },
  evidence: { action: evidenceAction, loader: evidenceLoader, path: "evidence" },
} satisfies Record<string, { action: Fn; loader: Fn; path: string }>;
type Section = keyof typeof SECTION_ROUTES;

async function post(section: Section, returnId: string, fields: Fields, user: { id: string } | null = PAT) {
  const route = SECTION_ROUTES[section];
  return run(route.action, await postRequest(`/returns/${returnId}/${route.path}`, fields, user), { returnId });
}

async function load(section: Section, returnId: string, user: { id: string } | null = PAT, search = "") {
  const route = SECTION_ROUTES[section];
  return run(route.loader, await getRequest(`/returns/${returnId}/${route.path}${search}`, user), { returnId });
}

async function taskList(returnId: string, user: { id: string } | null = PAT) {
  return run(taskListLoader, await getRequest(`/returns/${returnId}`, user), { returnId });
}

async function states(returnId: string): Promise<Record<string, string>> {
  const page = await jsonOf(await taskList(returnId));
  return Object.fromEntries(page.sections.map((s: { section: string; state: string }) => [s.section, s.state]));
}

async function submit(returnId: string, fields: Fields, user: { id: string } | null = PAT) {
  return run(checkAction, await postRequest(`/returns/${returnId}/check`, fields, user), { returnId });
}

async function row(returnId: string) {
  return getDb().selectFrom("returns").selectAll().where("id", "=", returnId).executeTakeFirstOrThrow();
}

async function v(returnId: string): Promise<string> {
  return String((await row(returnId)).version);
}

/** Everything stored for a return, to show that a refused request changed nothing. */
async function stored(returnId: string) {
  const db = getDb();
  const [ret, values, spend, bands, caseStudies, files, versions, audit] = await Promise.all([
    row(returnId),
    db.selectFrom("return_indicator_values").select(["indicator_id", "actual", "comment"]).where("return_id", "=", returnId).orderBy("indicator_id").execute(),
    db.selectFrom("return_spend").select(["category", "amount_pence", "variance_reason"]).where("return_id", "=", returnId).orderBy("category").execute(),
    db.selectFrom("return_beneficiaries").select(["age_band", "new_count", "continuing_count"]).where("return_id", "=", returnId).orderBy("age_band").execute(),
    db.selectFrom("case_studies").select(["id", "title", "story", "personal_data_override"]).where("return_id", "=", returnId).orderBy("created_at").execute(),
    db.selectFrom("files").select(["id", "filename", "sha256"]).where("owner_type", "=", "return").where("owner_id", "=", returnId).orderBy("created_at").execute(),
    db.selectFrom("return_versions").select(["number", "content_json"]).where("return_id", "=", returnId).orderBy("number").execute(),
    db.selectFrom("audit_events").select("action").where("record_id", "=", returnId).execute(),
  ]);
  return { ret, values, spend, bands, caseStudies, files, versions, audit: audit.length };
}

async function auditActions(returnId: string): Promise<string[]> {
  const rows = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", returnId).orderBy("created_at").orderBy("id").execute();
  return rows.map((r) => r.action);
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

function pdfBytes(padTo = 0): Uint8Array<ArrayBuffer> {
  const head = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
  return new Uint8Array(new TextEncoder().encode(head.padEnd(Math.max(padTo, head.length), " ")));
}

const pdfFile = (name: string, padTo = 0) => new File([pdfBytes(padTo)], name, { type: "application/pdf" });

const output = (p: TestProject) => p.indicators.find((i) => i.kind === "output")!;
const outcome = (p: TestProject) => p.indicators.find((i) => i.kind === "outcome")!;

const CASE_STUDY: Fields = {
  intent: "save",
  title: "A family finds its feet",
  story: "A mum of three was struggling with her eldest's school attendance. Our key worker met the family each week; by the end of the quarter attendance was above 90%.",
  "themes[]": ["theme-school-attendance", "theme-parenting"],
  consent: "yes",
};

/** The project's budget profile for the return's quarter, in pence by category. */
async function profileOf(returnId: string): Promise<Record<string, number>> {
  const ret = await row(returnId);
  const lines = await getDb().selectFrom("project_budget_lines").select(["category", "amount_pence"])
    .where("project_id", "=", ret.project_id).where("quarter", "=", ret.quarter).execute();
  return Object.fromEntries(lines.map((l) => [l.category, Number(l.amount_pence)]));
}

const pounds = (pence: number) => (pence / 100).toFixed(2);

/**
 * Every section filled in and marked complete, through the routes. Spend: staff exactly on
 * profile, delivery 4% under it (no reason needed).
 */
async function completeEverything(project: TestProject, returnId: string, user: { id: string } = PAT) {
  const profile = await profileOf(returnId);
  const steps: [Section, Fields][] = [
    ["outputs", { complete: "yes", [`actual.${output(project).id}`]: "11" }],
    ["outcomes", { complete: "yes", [`actual.${outcome(project).id}`]: "72.5" }],
    ["spend", {
      complete: "yes", "spend.staff": pounds(profile.staff), "spend.delivery": pounds(Math.round(profile.delivery * 0.96)), "spend.overheads": "",
      "spend.other": "",
    }],
    ["beneficiaries", { complete: "yes", "new.0-4": "3", "continuing.0-4": "1", "new.adults": "4" }],
    ["narrative", { complete: "yes", highlights: "Groups full.", challenges: "Staff sickness.", risks: "Venue costs.", next_steps: "Summer programme." }],
    ["case_studies", CASE_STUDY],
    ["case_studies", { intent: "complete", complete: "yes" }],
    ["evidence", { intent: "upload", file: pdfFile("register.pdf") }],
    ["evidence", { intent: "complete", complete: "yes" }],
  ];
  for (const [section, fields] of steps) {
    const response = await post(section, returnId, { version: await v(returnId), ...fields }, user);
    if (response.status !== 302) throw new Error(`${section}: ${response.status} ${await response.text()}`);
  }
}

// --- the task list and each section --------------------------------------------------------

describe("filing a return section by section", () => {
  let project: TestProject;
  let returnId: string;

  beforeAll(async () => {
    project = await createTestProject();
    returnId = project.returns[Q1];
  });

  it("starts with seven sections not started, the due date, and nothing to submit", async () => {
    const page = await jsonOf(await taskList(returnId));
    expect(page.editable).toBe(true);
    expect(page.sections.map((s: { label: string; state: string }) => [s.label, s.state])).toEqual([
      ["Outputs", "not_started"], ["Outcomes", "not_started"], ["Spend", "not_started"], ["Beneficiaries", "not_started"],
      ["Narrative", "not_started"], ["Case studies", "not_started"], ["Evidence", "not_started"],
    ]);
    expect(page.summary.due).toBe("21 July 2026");
    expect(page.summary.statusLabel).toBe("Not started");
    expect(page.readyToSubmit).toBe(false);
    expect(page.sections[0].href).toBe(`/returns/${returnId}/outputs`);
    expect(page.sections[5].href).toBe(`/returns/${returnId}/case-studies`);
  });

  it("outputs: shows this quarter's target, saves the actual and marks the section complete", async () => {
    const page = await jsonOf(await load("outputs", returnId));
    expect(page.indicators).toEqual([
      expect.objectContaining({ id: output(project).id, name: "Families supported", target: "10", cumulative: false }),
    ]);
    const before = await row(returnId);
    const response = await post("outputs", returnId, { version: String(before.version), complete: "yes", [`actual.${output(project).id}`]: "12" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/returns/${returnId}`);
    const after = await stored(returnId);
    expect(after.values).toEqual([{ indicator_id: output(project).id, actual: 12, comment: null }]);
    expect(after.ret).toMatchObject({ status: "draft", outputs_complete: 1, version: before.version + 1 });
    expect(await auditActions(returnId)).toEqual(["return.section_saved"]);
    const event = await getDb().selectFrom("audit_events").selectAll().where("record_id", "=", returnId).executeTakeFirstOrThrow();
    expect(JSON.parse(event.after_json!)).toMatchObject({ section: "outputs", complete: true, status: "draft" });
    expect(JSON.parse(event.before_json!)).toMatchObject({ section: "outputs", complete: false, status: "not_started" });
    expect(event.actor_user_id).toBe(PAT.id);
    expect((await states(returnId)).outputs).toBe("completed");
  });

  it("outcomes: a figure more than 20% off target needs a comment, then saves with it", async () => {
    const id = outcome(project).id;
    const refused = await post("outcomes", returnId, { version: await v(returnId), complete: "yes", [`actual.${id}`]: "50" });
    expect(refused.status).toBe(400);
    const body = await jsonOf(refused);
    expect(body.errors).toEqual({ [`comment.${id}`]: "Explain why Plans closed with needs met is more than 20% away from its target of 70" });
    expect(body.values[`actual.${id}`]).toBe("50");

    const saved = await post("outcomes", returnId, {
      version: await v(returnId), complete: "yes", [`actual.${id}`]: "50", [`comment.${id}`]: "Two families moved out of the area.",
    });
    expect(saved.status).toBe(302);
    const values = (await stored(returnId)).values.filter((x) => x.indicator_id === id);
    expect(values).toEqual([{ indicator_id: id, actual: 50, comment: "Two families moved out of the area." }]);
    expect((await row(returnId)).outcomes_complete).toBe(1);
  });

  it("spend: pounds stored as pence beside the profile, a reason where the variance is over 10%", async () => {
    const page = await jsonOf(await load("spend", returnId));
    expect(page.lines.map((l: { category: string; profile: string }) => [l.category, l.profile])).toEqual([
      ["staff", "£3,750.00"], ["delivery", "£1,250.00"], ["overheads", "£0.00"], ["other", "£0.00"],
    ]);
    const refused = await post("spend", returnId, {
      version: await v(returnId), complete: "yes", "spend.staff": "3,750", "spend.delivery": "2000", "spend.other": "50",
    });
    expect(refused.status).toBe(400);
    expect((await jsonOf(refused)).errors).toEqual({
      "reason.delivery": "Explain why spend on delivery is more than 10% away from its profile of £1,250.00",
      "reason.other": "Explain why there is spend on other when none was profiled for this quarter",
    });

    const saved = await post("spend", returnId, {
      version: await v(returnId), complete: "yes", "spend.staff": "£3,750.00", "spend.delivery": "2000", "reason.delivery": "Extra sessions in the holidays.",
      "spend.overheads": "", "spend.other": "50", "reason.other": "Room hire.",
    });
    expect(saved.status).toBe(302);
    expect((await stored(returnId)).spend).toEqual([
      { category: "delivery", amount_pence: 200_000, variance_reason: "Extra sessions in the holidays." },
      { category: "other", amount_pence: 5_000, variance_reason: "Room hire." },
      { category: "staff", amount_pence: 375_000, variance_reason: null },
    ]);
    expect((await row(returnId)).spend_complete).toBe(1);
  });

  it("spend: exactly 10% away needs no reason", async () => {
    const saved = await post("spend", returnId, {
      version: await v(returnId), complete: "yes", "spend.staff": "4125", "spend.delivery": "1125",
    });
    expect(saved.status).toBe(302);
    expect((await stored(returnId)).spend).toEqual([
      { category: "delivery", amount_pence: 112_500, variance_reason: null },
      { category: "staff", amount_pence: 412_500, variance_reason: null },
    ]);
  });

  it("beneficiaries: whole numbers per age band, empty boxes are none, totals shown", async () => {
    const saved = await post("beneficiaries", returnId, {
      version: await v(returnId), complete: "yes", "new.0-4": "3", "continuing.0-4": "1", "new.11-15": "2", "continuing.adults": "1,200",
    });
    expect(saved.status).toBe(302);
    expect((await stored(returnId)).bands).toEqual([
      { age_band: "0-4", new_count: 3, continuing_count: 1 },
      { age_band: "11-15", new_count: 2, continuing_count: 0 },
      { age_band: "16-19", new_count: 0, continuing_count: 0 },
      { age_band: "20-25", new_count: 0, continuing_count: 0 },
      { age_band: "5-10", new_count: 0, continuing_count: 0 },
      { age_band: "adults", new_count: 0, continuing_count: 1200 },
    ]);
    const page = await jsonOf(await load("beneficiaries", returnId));
    expect(page.defaults["new.0-4"]).toBe("3");
    expect(page.defaults["continuing.adults"]).toBe("1200");
    expect(page.defaults.complete).toBe("yes");
  });

  it("narrative: all four answers to complete, then saved", async () => {
    const refused = await post("narrative", returnId, { version: await v(returnId), complete: "yes", highlights: "Groups full.", challenges: "", risks: "", next_steps: "More groups." });
    expect(refused.status).toBe(400);
    expect((await jsonOf(refused)).errors).toEqual({ challenges: "Enter the challenges of the quarter", risks: "Enter the risks to delivery" });

    const draft = await post("narrative", returnId, { version: await v(returnId), complete: "no", highlights: "Groups full.", challenges: "", risks: "", next_steps: "" });
    expect(draft.status).toBe(302);
    expect(await row(returnId)).toMatchObject({ highlights: "Groups full.", challenges: null, narrative_complete: 0 });
    expect((await states(returnId)).narrative).toBe("in_progress");

    const saved = await post("narrative", returnId, {
      version: await v(returnId), complete: "yes", highlights: "Groups full.", challenges: "Staff sickness in May.", risks: "Venue costs.",
      next_steps: "A summer programme.",
    });
    expect(saved.status).toBe(302);
    expect(await row(returnId)).toMatchObject({
      highlights: "Groups full.", challenges: "Staff sickness in May.", risks: "Venue costs.", next_steps: "A summer programme.", narrative_complete: 1,
    });
  });

  it("case studies: added with themes, outcomes and consent, changed, removed, and the section completed", async () => {
    const page = await jsonOf(await load("case_studies", returnId, PAT, "?add=1"));
    expect(page.mode).toBe("add");
    expect(page.themes.map((t: { label: string }) => t.label)).toContain("School attendance");
    expect(page.indicators).toEqual([{ value: outcome(project).id, label: "Plans closed with needs met" }]);

    const added = await post("case_studies", returnId, { version: await v(returnId), ...CASE_STUDY, "indicators[]": outcome(project).id });
    expect(added.status).toBe(302);
    expect(added.headers.get("Location")).toBe(`/returns/${returnId}/case-studies`);
    const [cs] = (await stored(returnId)).caseStudies;
    expect(cs).toMatchObject({ title: CASE_STUDY.title, story: CASE_STUDY.story, personal_data_override: null });
    const db = getDb();
    const themes = await db.selectFrom("case_study_themes").select("theme_id").where("case_study_id", "=", cs.id).orderBy("theme_id").execute();
    expect(themes.map((t) => t.theme_id)).toEqual(["theme-parenting", "theme-school-attendance"]);
    const linked = await db.selectFrom("case_study_indicators").select("indicator_id").where("case_study_id", "=", cs.id).execute();
    expect(linked.map((l) => l.indicator_id)).toEqual([outcome(project).id]);
    expect((await db.selectFrom("case_studies").select("consent_confirmed").where("id", "=", cs.id).executeTakeFirstOrThrow()).consent_confirmed).toBe(1);

    const edit = await jsonOf(await load("case_studies", returnId, PAT, `?edit=${cs.id}`));
    expect(edit.mode).toBe("edit");
    expect(edit.formDefaults).toMatchObject({ caseStudyId: cs.id, title: CASE_STUDY.title, themes: ["theme-parenting", "theme-school-attendance"] });
    const changed = await post("case_studies", returnId, {
      version: await v(returnId), ...CASE_STUDY, caseStudyId: cs.id, title: "A family back on track", "themes[]": "theme-school-attendance",
    });
    expect(changed.status).toBe(302);
    expect((await stored(returnId)).caseStudies).toEqual([expect.objectContaining({ id: cs.id, title: "A family back on track" })]);
    expect((await db.selectFrom("case_study_themes").select("theme_id").where("case_study_id", "=", cs.id).execute()).map((t) => t.theme_id))
      .toEqual(["theme-school-attendance"]);
    expect(await db.selectFrom("case_study_indicators").select("indicator_id").where("case_study_id", "=", cs.id).execute()).toEqual([]);

    const second = await post("case_studies", returnId, { version: await v(returnId), ...CASE_STUDY, title: "Second story" });
    expect(second.status).toBe(302);
    const secondId = (await stored(returnId)).caseStudies.find((c) => c.title === "Second story")!.id;
    const removed = await post("case_studies", returnId, { version: await v(returnId), intent: "remove", caseStudyId: secondId });
    expect(removed.status).toBe(302);
    expect((await stored(returnId)).caseStudies.map((c) => c.title)).toEqual(["A family back on track"]);

    const complete = await post("case_studies", returnId, { version: await v(returnId), intent: "complete", complete: "yes" });
    expect(complete.status).toBe(302);
    expect(complete.headers.get("Location")).toBe(`/returns/${returnId}`);
    expect((await row(returnId)).case_studies_complete).toBe(1);
    expect(await auditActions(returnId)).toEqual(expect.arrayContaining([
      "return.case_study_added", "return.case_study_changed", "return.case_study_removed",
    ]));
  });

  it("case studies: a case study from another return cannot be changed or removed through this one", async () => {
    const other = await createTestProject();
    const otherReturn = other.returns[Q1];
    expect((await post("case_studies", otherReturn, { version: await v(otherReturn), ...CASE_STUDY })).status).toBe(302);
    const [foreign] = (await stored(otherReturn)).caseStudies;
    const before = await stored(returnId);
    const hijack = await post("case_studies", returnId, { version: await v(returnId), ...CASE_STUDY, caseStudyId: foreign.id, title: "Hijacked" });
    expect(hijack.status).toBe(409);
    const remove = await post("case_studies", returnId, { version: await v(returnId), intent: "remove", caseStudyId: foreign.id });
    expect(remove.status).toBe(409);
    expect(await stored(returnId)).toEqual(before);
    expect((await stored(otherReturn)).caseStudies).toEqual([expect.objectContaining({ title: CASE_STUDY.title })]);
    expect((await load("case_studies", returnId, PAT, `?edit=${foreign.id}`)).status).toBe(404);
  });

  it("evidence: uploads a real PDF, lists it with its size, downloads it, deletes it", async () => {
    const bytes = pdfBytes();
    const uploaded = await post("evidence", returnId, { version: await v(returnId), intent: "upload", file: new File([bytes], "register.pdf", { type: "application/pdf" }) });
    expect(uploaded.status).toBe(302);
    const [file] = (await stored(returnId)).files;
    expect(file).toMatchObject({ filename: "register.pdf", sha256: sha256(bytes) });
    const page = await jsonOf(await load("evidence", returnId));
    expect(page.files).toEqual([expect.objectContaining({ id: file.id, filename: "register.pdf", size: `${bytes.byteLength} bytes` })]);

    const download = await run(evidenceFileLoader, await getRequest(`/returns/${returnId}/evidence/${file.id}`, PAT), { returnId, fileId: file.id });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toContain("attachment");
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(bytes));

    const second = await post("evidence", returnId, { version: await v(returnId), intent: "upload", file: pdfFile("invoice.pdf") });
    expect(second.status).toBe(302);
    const deleted = await post("evidence", returnId, { version: await v(returnId), intent: "delete", fileId: file.id });
    expect(deleted.status).toBe(302);
    expect((await stored(returnId)).files.map((f) => f.filename)).toEqual(["invoice.pdf"]);
    expect(await auditActions(returnId)).toEqual(expect.arrayContaining(["return.evidence_uploaded", "return.evidence_deleted"]));

    const complete = await post("evidence", returnId, { version: await v(returnId), intent: "complete", complete: "yes" });
    expect(complete.status).toBe(302);
    expect((await row(returnId)).evidence_complete).toBe(1);
  });

  it("case studies: an unknown intent is answered 400 and changes nothing", async () => {
    const before = await stored(returnId);
    const response = await post("case_studies", returnId, { version: await v(returnId), ...CASE_STUDY, intent: "publish" });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).values.title).toBe(CASE_STUDY.title);
    expect(await stored(returnId)).toEqual(before);
  });

  it("evidence: an unknown intent, or none, is answered 400 and changes nothing", async () => {
    const before = await stored(returnId);
    expect((await post("evidence", returnId, { version: await v(returnId), intent: "replace", file: pdfFile("other.pdf") })).status).toBe(400);
    // No intent at all is not a default either.
    expect((await post("evidence", returnId, { version: await v(returnId), complete: "no" })).status).toBe(400);
    expect(await stored(returnId)).toEqual(before);
  });

  it("with every section complete, the task list offers check and submit", async () => {
    const page = await jsonOf(await taskList(returnId));
    expect(page.sections.map((s: { state: string }) => s.state)).toEqual(Array(7).fill("completed"));
    expect(page.doneCount).toBe(7);
    expect(page.readyToSubmit).toBe(true);
  });

  it("marking a section not complete takes check and submit away again", async () => {
    const response = await post("narrative", returnId, {
      version: await v(returnId), complete: "no", highlights: "Groups full.", challenges: "Staff sickness in May.", risks: "Venue costs.",
      next_steps: "A summer programme.",
    });
    expect(response.status).toBe(302);
    const page = await jsonOf(await taskList(returnId));
    expect(page.sections.find((s: { section: string }) => s.section === "narrative").state).toBe("in_progress");
    expect(page.readyToSubmit).toBe(false);
  });
});

describe("indicators: cumulative figures, targets of 0, no target", () => {
  let project: TestProject;
  let returnId: string;

  beforeAll(async () => {
    project = await createTestProject({
      indicators: [
        { kind: "output", name: "Sessions run", unit: "count", measure: "cumulative", direction: "higher", targets: { [Q1]: 20 } },
        { kind: "output", name: "Exclusions", unit: "count", measure: "per_quarter", direction: "lower", targets: { [Q1]: 0 } },
        { kind: "output", name: "Volunteers", unit: "count", measure: "per_quarter", direction: "higher", targets: {} },
      ],
    });
    returnId = project.returns[Q1];
  });

  it("explains a cumulative figure is the total to date", async () => {
    const page = await jsonOf(await load("outputs", returnId));
    expect(page.indicators.map((i: { name: string; cumulative: boolean; target: string | null }) => [i.name, i.cumulative, i.target])).toEqual([
      ["Sessions run", true, "20"], ["Exclusions", false, "0"], ["Volunteers", false, null],
    ]);
  });

  it("a target of 0 needs a comment for any other figure; no target needs none; direction does not matter", async () => {
    const [sessions, exclusions, volunteers] = project.indicators;
    const refused = await post("outputs", returnId, {
      version: await v(returnId), complete: "yes",
      [`actual.${sessions.id}`]: "25", [`actual.${exclusions.id}`]: "1", [`actual.${volunteers.id}`]: "400",
    });
    expect(refused.status).toBe(400);
    expect((await jsonOf(refused)).errors).toEqual({
      [`comment.${sessions.id}`]: "Explain why Sessions run is more than 20% away from its target of 20",
      [`comment.${exclusions.id}`]: "Explain why Exclusions is more than 20% away from its target of 0",
    });
    const ok = await post("outputs", returnId, {
      version: await v(returnId), complete: "yes",
      [`actual.${sessions.id}`]: "24", [`actual.${exclusions.id}`]: "0", [`actual.${volunteers.id}`]: "400",
    });
    expect(ok.status).toBe(302);
    expect((await stored(returnId)).values.map((x) => [x.indicator_id, x.actual]).sort()).toEqual(
      [[sessions.id, 24], [exclusions.id, 0], [volunteers.id, 400]].sort(),
    );
  });
});

// --- bad input -----------------------------------------------------------------------------

describe("bad input is refused with the field's message, nothing written, what was typed returned", () => {
  let project: TestProject;
  let returnId: string;

  beforeAll(async () => {
    project = await createTestProject();
    returnId = project.returns["2026-27 Q2"];
  });

  async function refused(section: Section, fields: Fields, status = 400) {
    const before = await stored(returnId);
    const response = await post(section, returnId, { version: await v(returnId), ...fields });
    expect(response.status).toBe(status);
    expect(await stored(returnId)).toEqual(before);
    return jsonOf(response);
  }

  it("negative, non-numeric and fractional figures", async () => {
    const out = output(project).id;
    const outc = outcome(project).id;
    expect((await refused("outputs", { complete: "no", [`actual.${out}`]: "-3" })).errors).toEqual({
      [`actual.${out}`]: "The figure for Families supported cannot be negative",
    });
    const body = await refused("outputs", { complete: "no", [`actual.${out}`]: "lots" });
    expect(body.errors).toEqual({ [`actual.${out}`]: "Enter a number for Families supported, like 12" });
    expect(body.values[`actual.${out}`]).toBe("lots");
    expect((await refused("outputs", { complete: "no", [`actual.${out}`]: "12.5" })).errors).toEqual({
      [`actual.${out}`]: "Enter a whole number for Families supported, like 12",
    });
    // A percentage may have decimals, but not be negative.
    expect((await refused("outcomes", { complete: "no", [`actual.${outc}`]: "-0.5" })).errors).toEqual({
      [`actual.${outc}`]: "The figure for Plans closed with needs met cannot be negative",
    });
  });

  it("a figure missing when the section is marked complete, and no answer to 'completed?'", async () => {
    const out = output(project).id;
    expect((await refused("outputs", { complete: "yes", [`actual.${out}`]: "" })).errors).toEqual({
      [`actual.${out}`]: "Enter the figure for Families supported",
    });
    expect((await refused("outputs", { [`actual.${out}`]: "10" })).errors).toEqual({ complete: "Select yes if you have completed this section" });
  });

  it("spend that is not money, negative, or missing when complete", async () => {
    expect((await refused("spend", { complete: "no", "spend.staff": "lots", "spend.delivery": "-5" })).errors).toEqual({
      "spend.staff": "Enter the amount spent on staff in pounds, like 3750 or 3,750.00",
      "spend.delivery": "The amount spent on delivery cannot be negative",
    });
    expect((await refused("spend", { complete: "yes", "spend.staff": "3750" })).errors).toEqual({
      "spend.delivery": "Enter the amount spent on delivery, or 0 if nothing was spent",
    });
  });

  it("a spend variance over 10% without a reason", async () => {
    const body = await refused("spend", { complete: "no", "spend.staff": "3000", "spend.delivery": "1250" });
    expect(body.errors).toEqual({ "reason.staff": "Explain why spend on staff is more than 10% away from its profile of £3,750.00" });
    expect(body.values["spend.staff"]).toBe("3000");
  });

  it("beneficiary counts that are negative, fractional or not numbers", async () => {
    expect((await refused("beneficiaries", { complete: "no", "new.0-4": "-1", "continuing.5-10": "2.5", "new.adults": "some" })).errors).toEqual({
      "new.0-4": "The number of new beneficiaries aged 0 to 4 cannot be negative",
      "continuing.5-10": "Enter the number of continuing beneficiaries aged 5 to 10 as a whole number, like 12",
      "new.adults": "Enter the number of new beneficiaries aged 26 and over as a whole number, like 12",
    });
  });

  it("narrative over 5,000 characters", async () => {
    const body = await refused("narrative", { complete: "no", highlights: "x".repeat(5001) });
    expect(body.errors).toEqual({ highlights: "Highlights must be 5,000 characters or fewer" });
    expect(body.values.highlights).toHaveLength(5001);
  });

  it("a case study without a title, story, theme or consent", async () => {
    const body = await refused("case_studies", { intent: "save", title: " ", story: "", "themes[]": [] as string[] });
    expect(body.errors).toEqual({
      title: "Enter a title for the case study",
      story: "Enter the story",
      themes: "Select at least one theme the case study shows",
      consent: "Confirm that consent has been given to share this story",
    });
    expect((await refused("case_studies", { ...CASE_STUDY, "themes[]": "theme-made-up" })).errors).toEqual({ themes: "Select themes from the list" });
  });

  const PERSONAL_DATA: [string, string, string][] = [
    ["an e-mail address", "Mum now e-mails jo.bloggs@example.com each week.", "jo.bloggs@example.com"],
    ["a phone number", "She calls the worker on 07700 900123 when things get hard.", "07700 900123"],
    ["a full postcode", "The family lives near PR1 8XJ and walks to school.", "PR1 8XJ"],
    ["a date that could be a date of birth", "Her youngest, born 12/03/2015, is thriving.", "12/03/2015"],
    ["an NHS number", "The GP letter (943 476 5919) was shared.", "943 476 5919"],
    ["a National Insurance number", "Dad's NI number AB 12 34 56 C was needed for the claim.", "AB 12 34 56 C"],
    ["a title and surname", "Mrs Smith says the group changed her life.", "Mrs Smith"],
  ];

  for (const [label, story, text] of PERSONAL_DATA) {
    it(`a case study with ${label} in it: says exactly what was found`, async () => {
      const body = await refused("case_studies", { ...CASE_STUDY, story });
      expect(body.errors).toEqual({
        story: `The story contains what looks like personal data: ${label} “${text}”. Take it out, or if it is not personal data, tick “I have checked: this is not personal data” and say why`,
      });
      expect(body.personalData).toEqual([{ field: "story", kind: expect.any(String), label, text, index: story.indexOf(text) }]);
      expect(body.values.story).toBe(story);
    });
  }

  it("a case study with several kinds at once, in the title too, lists every one", async () => {
    const story = "Mrs Smith (07700 900123, PR1 8XJ) was referred on 1 March 2026.";
    const body = await refused("case_studies", { ...CASE_STUDY, title: "Dr Patel's family", story });
    expect(body.errors).toEqual({
      title: "The title contains what looks like personal data: a title and surname “Dr Patel”. Take it out, or if it is not personal data, tick “I have checked: this is not personal data” and say why",
      story: "The story contains what looks like personal data: a title and surname “Mrs Smith”; a phone number “07700 900123”; a full postcode “PR1 8XJ”; a date that could be a date of birth “1 March 2026”. Take it out, or if it is not personal data, tick “I have checked: this is not personal data” and say why",
    });
    expect(body.personalData.map((f: { field: string; kind: string; text: string }) => [f.field, f.kind, f.text])).toEqual([
      ["title", "name", "Dr Patel"], ["story", "name", "Mrs Smith"], ["story", "phone", "07700 900123"], ["story", "postcode", "PR1 8XJ"],
      ["story", "date", "1 March 2026"],
    ]);
  });

  it("the override needs a reason", async () => {
    const body = await refused("case_studies", { ...CASE_STUDY, story: "Dr Foster's surgery referred the family.", override: "yes", override_reason: "" });
    expect(body.errors).toEqual({ override_reason: "Explain why the text that was found is not personal data" });
  });

  it("a false positive is kept with the override and its reason", async () => {
    const story = "The family was referred by the Dr Foster Medical Centre, a large practice.";
    const response = await post("case_studies", returnId, {
      version: await v(returnId), ...CASE_STUDY, story, override: "yes", override_reason: "Dr Foster is the name of the surgery, not a person.",
    });
    expect(response.status).toBe(302);
    const cs = (await stored(returnId)).caseStudies.find((c) => c.story === story)!;
    expect(cs.personal_data_override).toBe("Dr Foster is the name of the surgery, not a person.");
    // Ticking the box when nothing was found stores no override.
    const clean = await post("case_studies", returnId, { version: await v(returnId), ...CASE_STUDY, title: "Clean", override: "yes", override_reason: "Just in case." });
    expect(clean.status).toBe(302);
    expect((await stored(returnId)).caseStudies.find((c) => c.title === "Clean")!.personal_data_override).toBeNull();
  });

  it("an evidence file over the upload limit, and a text file named .pdf", async () => {
    const db = getDb();
    await db.insertInto("settings").values({ key: "max_upload_bytes", value: "1024", updated_at: nowIso() })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: "1024" })).execute();
    try {
      expect((await refused("evidence", { intent: "upload", file: pdfFile("big.pdf", 4096) })).errors).toEqual({
        file: 'The selected file "big.pdf" must be smaller than 1 KB',
      });
    } finally {
      await db.deleteFrom("settings").where("key", "=", "max_upload_bytes").execute();
    }
    const fake = new File(["This is plain text, not a PDF at all."], "register.pdf", { type: "application/pdf" });
    expect((await refused("evidence", { intent: "upload", file: fake })).errors).toEqual({
      file: 'The selected file "register.pdf" must be a PDF, DOCX, XLSX or ODT: its content is not one of these',
    });
    expect((await refused("evidence", { intent: "upload" })).errors).toEqual({ file: "Select a file to upload" });
  });

  it("a form without its version", async () => {
    const before = await stored(returnId);
    const response = await post("narrative", returnId, { complete: "no", highlights: "x" });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).formError).toBe("This form is out of date. Reload the page and try again");
    expect(await stored(returnId)).toEqual(before);
  });
});

describe("a stale save: someone else in the organisation saved in between", () => {
  it("is refused with 409 and a clear message; what was typed comes back; nothing is written", async () => {
    const project = await createTestProject();
    const returnId = project.returns[Q1];
    const opened = await v(returnId); // Pat opens the outputs page…
    // …and Rita saves the narrative first.
    const rita = await post("narrative", returnId, { version: opened, complete: "no", highlights: "Rita's words." }, colleague);
    expect(rita.status).toBe(302);
    const before = await stored(returnId);

    const id = output(project).id;
    const response = await post("outputs", returnId, { version: opened, complete: "yes", [`actual.${id}`]: "11" });
    expect(response.status).toBe(409);
    const body = await jsonOf(response);
    expect(body.formError).toMatch(
      /^Rita Rose saved this return at \d{1,2}:\d{2}(am|pm)( on \d{1,2} \w+ \d{4})?, after you opened this page\. Your changes have not been saved: what you typed is still in the form below\./,
    );
    expect(body.values[`actual.${id}`]).toBe("11");
    expect(await stored(returnId)).toEqual(before);

    // The same for a file, a case study and marking a section complete.
    expect((await post("evidence", returnId, { version: opened, intent: "upload", file: pdfFile("late.pdf") })).status).toBe(409);
    expect((await post("case_studies", returnId, { version: opened, ...CASE_STUDY })).status).toBe(409);
    expect((await post("evidence", returnId, { version: opened, intent: "complete", complete: "yes" })).status).toBe(409);
    expect(await stored(returnId)).toEqual(before);
  });
});

describe("saving a section as it is typed (the form's background save)", () => {
  it("saves the narrative as typed, in progress while 'completed?' is unanswered, and answers with the new version", async () => {
    const project = await createTestProject();
    const returnId = project.returns[Q1];
    const version = Number(await v(returnId));
    const response = await post("narrative", returnId, { version: String(version), intent: "autosave", highlights: "Groups full every", challenges: "" });
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).autosaved.version).toBe(version + 1);
    expect(await row(returnId)).toMatchObject({ highlights: "Groups full every", challenges: null, narrative_complete: 0, version: version + 1, status: "draft" });
    expect((await states(returnId)).narrative).toBe("in_progress");
    expect((await auditActions(returnId)).at(-1)).toBe("return.section_saved");

    // A figure on the outputs page the same way, the section's own checks included.
    const id = output(project).id;
    const figures = await post("outputs", returnId, { version: String(version + 1), intent: "autosave", [`actual.${id}`]: "11" });
    expect(figures.status).toBe(200);
    expect((await jsonOf(figures)).autosaved.version).toBe(version + 2);
    const before = await stored(returnId);
    const bad = await post("outputs", returnId, { version: String(version + 2), intent: "autosave", [`actual.${id}`]: "-3" });
    expect(bad.status).toBe(400);
    expect(Object.keys((await jsonOf(bad)).errors)).toEqual([`actual.${id}`]);
    expect(await stored(returnId)).toEqual(before);
  });

  it("is refused from a stale page, and to another organisation, changing nothing", async () => {
    const project = await createTestProject();
    const returnId = project.returns[Q1];
    const opened = await v(returnId);
    expect((await post("narrative", returnId, { version: opened, complete: "no", highlights: "Rita's words." }, colleague)).status).toBe(302);
    const before = await stored(returnId);
    const stale = await post("narrative", returnId, { version: opened, intent: "autosave", highlights: "Pat's words." });
    expect(stale.status).toBe(409);
    expect((await jsonOf(stale)).formError).toMatch(/^Rita Rose saved this return at /);
    const other = await post("narrative", returnId, { version: await v(returnId), intent: "autosave", highlights: "Not ours." }, rival);
    expect(other.status).toBe(404);
    expect(await stored(returnId)).toEqual(before);
  });
});

// --- check your answers and submit ---------------------------------------------------------

describe("check your answers and submit", () => {
  it("refuses to submit with incomplete sections and lists them", async () => {
    const project = await createTestProject();
    const returnId = project.returns[Q1];
    await post("outputs", returnId, { version: await v(returnId), complete: "yes", [`actual.${output(project).id}`]: "10" });
    const page = await jsonOf(await run(checkLoader, await getRequest(`/returns/${returnId}/check`, PAT), { returnId }));
    expect(page.mode).toBe("check");
    expect(page.problems.map((p: { label: string }) => p.label)).toEqual(["Outcomes", "Spend", "Beneficiaries", "Narrative", "Case studies", "Evidence"]);

    const before = await stored(returnId);
    const response = await submit(returnId, { version: await v(returnId), declaration: "yes" });
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.formError).toBe("You cannot submit this return yet. Complete these sections first: Outcomes, Spend, Beneficiaries, Narrative, Case studies, Evidence.");
    expect(body.problems[0]).toEqual({ section: "outcomes", label: "Outcomes", href: `/returns/${returnId}/outcomes` });
    expect(await stored(returnId)).toEqual(before);
  });

  it("submits a complete return on time: version 1 is the snapshot, status submitted, not late", async () => {
    const project = await createTestProject({ ...ENDED_NOT_DUE, endDate: "2021-03-31" });
    const returnId = project.returns["2020-21 Q1"];
    await completeEverything(project, returnId);

    const undeclared = await submit(returnId, { version: await v(returnId) });
    expect(undeclared.status).toBe(400);
    expect((await jsonOf(undeclared)).errors).toEqual({ declaration: "Confirm that the information in this return is correct and complete" });
    expect((await row(returnId)).status).toBe("draft");

    const check = await jsonOf(await run(checkLoader, await getRequest(`/returns/${returnId}/check`, PAT), { returnId }));
    expect(check.problems).toEqual([]);
    expect(check.answers.spendTotal).toEqual({ profile: "£5,000.00", actual: "£4,950.00" });
    expect(check.answers.beneficiaryTotals).toEqual({ newCount: 7, continuingCount: 1, total: 8 });

    const expected = buildReturnSnapshot((await getReturnDetail(getDb(), returnId))!);
    const before = Date.now();
    const response = await submit(returnId, { version: await v(returnId), declaration: "yes" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/returns/${returnId}`);

    const after = await stored(returnId);
    expect(after.ret).toMatchObject({ status: "submitted", late: 0, submitted_by: PAT.id });
    expect(after.ret.first_submitted_at).toBe(after.ret.submitted_at);
    expect(new Date(after.ret.submitted_at!).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(after.versions).toHaveLength(1);
    expect(after.versions[0].number).toBe(1);
    const snapshot = parseReturnSnapshot(after.versions[0].content_json)!;
    expect(snapshot).toEqual(expected);
    expect(snapshot).toMatchObject({
      format: "return-snapshot-v1",
      quarter: "2020-21 Q1",
      outputs: [{ indicator_id: output(project).id, name: "Families supported", target: 10, actual: 11, comment: null }],
      outcomes: [{ indicator_id: outcome(project).id, target: 70, actual: 72.5 }],
      beneficiaries: { total_new: 7, total_continuing: 1, total: 8 },
      narrative: { highlights: "Groups full.", challenges: "Staff sickness.", risks: "Venue costs.", next_steps: "Summer programme." },
      case_studies: [{ title: CASE_STUDY.title, consent_confirmed: true, personal_data_override: null }],
      evidence: [{ filename: "register.pdf", content_type: "application/pdf" }],
    });
    expect(snapshot.spend).toEqual([
      { category: "staff", profile_pence: 375_000, amount_pence: 375_000, variance_reason: null },
      { category: "delivery", profile_pence: 125_000, amount_pence: 120_000, variance_reason: null },
      { category: "overheads", profile_pence: 0, amount_pence: null, variance_reason: null },
      { category: "other", profile_pence: 0, amount_pence: null, variance_reason: null },
    ]);
    // Canonical JSON: keys sorted, no spaces.
    expect(after.versions[0].content_json.startsWith('{"beneficiaries":{"bands":[{"age_band":"0-4"')).toBe(true);
    expect((await auditActions(returnId)).at(-1)).toBe("return.submitted");

    const page = await jsonOf(await taskList(returnId));
    expect(page.editable).toBe(false);
    expect(page.summary.statusLabel).toBe("Submitted");
    expect(page.versions).toEqual([{ number: 1, submitted: expect.any(String) }]);
  });

  it("accepts a submission after the due date and marks it late", async () => {
    const project = await createTestProject({ startDate: "2020-04-01", endDate: "2020-06-30" });
    const returnId = project.returns["2020-21 Q1"];
    const page = await jsonOf(await taskList(returnId));
    expect(page.summary.overdue).toBe(true);
    await completeEverything(project, returnId);
    const response = await submit(returnId, { version: await v(returnId), declaration: "yes" });
    expect(response.status).toBe(302);
    expect(await row(returnId)).toMatchObject({ status: "submitted", late: 1 });
    expect((await stored(returnId)).versions).toHaveLength(1);
    const after = await jsonOf(await taskList(returnId));
    expect(after.summary).toMatchObject({ late: true, overdue: false });
  });

  it("submits once when the button is pressed twice, and says so", async () => {
    const project = await createTestProject(ENDED_NOT_DUE);
    const returnId = project.returns["2020-21 Q1"];
    await completeEverything(project, returnId);
    const opened = await v(returnId);
    expect((await submit(returnId, { version: opened, declaration: "yes" })).status).toBe(302);
    const first = await stored(returnId);

    const again = await submit(returnId, { version: opened, declaration: "yes" });
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(`/returns/${returnId}`);
    expect((await flashedMessage(again))?.text).toMatch(/^You have already submitted this return, at .*It was submitted once/);
    expect(await stored(returnId)).toEqual(first);
    expect((await auditActions(returnId)).filter((a) => a === "return.submitted")).toHaveLength(1);
  });

  it("refuses a submission from a page opened before someone else changed the return", async () => {
    const project = await createTestProject(ENDED_NOT_DUE);
    const returnId = project.returns["2020-21 Q1"];
    await completeEverything(project, returnId);
    const opened = await v(returnId);
    await post("narrative", returnId, {
      version: opened, complete: "yes", highlights: "Changed by Rita.", challenges: "c", risks: "r", next_steps: "n",
    }, colleague);
    const response = await submit(returnId, { version: opened, declaration: "yes" });
    expect(response.status).toBe(409);
    expect((await jsonOf(response)).formError).toMatch(/^Rita Rose changed this return at .*Nothing has been submitted/);
    expect((await row(returnId)).status).toBe("draft");
    expect((await stored(returnId)).versions).toEqual([]);
  });
});

describe("a return is submitted once its quarter has ended", () => {
  afterAll(async () => {
    vi.useRealTimers();
    await getDb().deleteFrom("settings").where("key", "=", "return_early_days").execute();
  });

  it("refuses a complete return before its quarter ends, saying from when, and stores nothing", async () => {
    const project = await createTestProject({ startDate: "2060-04-01", endDate: "2060-06-30" });
    const returnId = project.returns["2060-61 Q1"];
    await completeEverything(project, returnId);
    const opens = "You can submit this return from 1 July 2060, once the quarter has ended on 30 June 2060. You can fill it in and save it before then.";
    expect((await jsonOf(await taskList(returnId))).notYet).toBe(opens);
    expect((await jsonOf(await run(checkLoader, await getRequest(`/returns/${returnId}/check`, PAT), { returnId }))).notYet).toBe(opens);
    const before = await stored(returnId);
    const response = await submit(returnId, { version: await v(returnId), declaration: "yes" });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).formError).toBe(opens);
    expect(await stored(returnId)).toEqual(before);
  });

  it("takes it in the quarter's last days when the council allows early submission", async () => {
    const project = await createTestProject({ startDate: "2060-04-01", endDate: "2060-06-30" });
    const returnId = project.returns["2060-61 Q1"];
    await completeEverything(project, returnId);
    // 20 June 2060: eleven days before the quarter ends.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2060-06-20T09:00:00.000Z"));
    await getDb().insertInto("settings").values({ key: "return_early_days", value: "10", updated_at: nowIso() })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: "10" })).execute();
    const tooSoon = await submit(returnId, { version: await v(returnId), declaration: "yes" });
    expect(tooSoon.status).toBe(400);
    expect((await jsonOf(tooSoon)).formError).toBe(
      "You can submit this return from 21 June 2060, in the last 10 days of the quarter. You can fill it in and save it before then.",
    );
    await getDb().updateTable("settings").set({ value: "11" }).where("key", "=", "return_early_days").execute();
    const response = await submit(returnId, { version: await v(returnId), declaration: "yes" });
    expect(response.status).toBe(302);
    expect(await row(returnId)).toMatchObject({ status: "submitted", late: 0 });
  });
});

describe("after a query: the provider changes the queried sections and resubmits", () => {
  let project: TestProject;
  let returnId: string;

  beforeAll(async () => {
    project = await createTestProject(ENDED_NOT_DUE);
    returnId = project.returns["2020-21 Q1"];
    await completeEverything(project, returnId);
    expect((await submit(returnId, { version: await v(returnId), declaration: "yes" })).status).toBe(302);
    // The officer queries version 1 (the review screens are built elsewhere: this is what they store).
    const db = getDb();
    const at = nowIso();
    await db.updateTable("returns").set({ status: "queried", version: (await row(returnId)).version + 1, updated_at: at }).where("id", "=", returnId).execute();
    await db.insertInto("return_queries").values([
      { id: newId(), return_id: returnId, version_number: 1, section: "spend", indicator_id: null, comment: "Delivery spend is low: was a session cancelled?", created_by: OFFICER.id, created_at: at },
      { id: newId(), return_id: returnId, version_number: 1, section: "outputs", indicator_id: output(project).id, comment: "Is 11 families the number with a plan agreed?", created_by: OFFICER.id, created_at: at },
      { id: newId(), return_id: returnId, version_number: 1, section: "general", indicator_id: null, comment: "Thanks for the detail.", created_by: OFFICER.id, created_at: at },
    ]).execute();
  });

  it("shows exactly what the council asked, per section and per figure, and the queried sections", async () => {
    const page = await jsonOf(await taskList(returnId));
    expect(page.editable).toBe(true);
    expect(page.queried).toBe(true);
    // In the order of the return's sections, the general comments last.
    expect(page.queries.map((q: { label: string; comment: string }) => [q.label, q.comment])).toEqual([
      ["Outputs: Families supported", "Is 11 families the number with a plan agreed?"],
      ["Spend", "Delivery spend is low: was a session cancelled?"],
      ["The return as a whole", "Thanks for the detail."],
    ]);
    expect(await states(returnId)).toMatchObject({ outputs: "queried", spend: "queried", outcomes: "completed", narrative: "completed" });
    expect(page.readyToSubmit).toBe(false);

    const outputs = await jsonOf(await load("outputs", returnId));
    expect(outputs.indicators[0].queries).toEqual(["Is 11 families the number with a plan agreed?"]);
    const spend = await jsonOf(await load("spend", returnId));
    expect(spend.queries.map((q: { comment: string }) => q.comment)).toEqual(["Delivery spend is low: was a session cancelled?"]);

    const refused = await submit(returnId, { version: await v(returnId), declaration: "yes" });
    expect(refused.status).toBe(400);
    expect((await jsonOf(refused)).formError).toBe("You cannot submit this return yet. Complete these sections first: Outputs, Spend.");
  });

  it("resubmits as version 2 once the queried sections are saved again, keeping the late flag as it was", async () => {
    const id = output(project).id;
    expect((await post("outputs", returnId, { version: await v(returnId), complete: "yes", [`actual.${id}`]: "11", [`comment.${id}`]: "Yes: 11 plans agreed." })).status).toBe(302);
    expect((await post("spend", returnId, {
      version: await v(returnId), complete: "yes", "spend.staff": "15000", "spend.delivery": "5000",
    })).status).toBe(302);
    expect((await row(returnId)).status).toBe("queried");
    expect(Object.values(await states(returnId))).toEqual(Array(7).fill("completed"));

    // Resubmitted after the due date: the first submission was on time, so it stays on time.
    await getDb().updateTable("returns").set({ due_date: "2020-01-01" }).where("id", "=", returnId).execute();
    const firstSubmittedAt = (await row(returnId)).first_submitted_at;
    const response = await submit(returnId, { version: await v(returnId), declaration: "yes" });
    expect(response.status).toBe(302);
    const after = await stored(returnId);
    expect(after.ret).toMatchObject({ status: "resubmitted", late: 0, first_submitted_at: firstSubmittedAt });
    expect(after.versions.map((x) => x.number)).toEqual([1, 2]);
    const [v1, v2] = after.versions.map((x) => parseReturnSnapshot(x.content_json)!);
    expect(changedSections(v1, v2)).toEqual(["outputs", "spend"]);
    expect(v1.spend.find((s) => s.category === "delivery")!.amount_pence).toBe(480_000);
    expect(v2.spend.find((s) => s.category === "delivery")!.amount_pence).toBe(500_000);
    expect((await auditActions(returnId)).at(-1)).toBe("return.resubmitted");
  });
});

// --- who may see and change a return -------------------------------------------------------

describe("who may see and change a return", () => {
  let project: TestProject;
  let returnId: string;
  let fileId: string;

  beforeAll(async () => {
    project = await createTestProject();
    returnId = project.returns[Q1];
    await post("evidence", returnId, { version: await v(returnId), intent: "upload", file: pdfFile("register.pdf") });
    fileId = (await stored(returnId)).files[0].id;
  });

  const everySection = Object.keys(SECTION_ROUTES) as Section[];

  it("another provider gets 404 on every page, action and file of the return", async () => {
    const before = await stored(returnId);
    const p = { returnId };
    expect((await taskList(returnId, rival)).status).toBe(404);
    for (const section of everySection) {
      expect((await load(section, returnId, rival)).status).toBe(404);
      expect((await post(section, returnId, { version: await v(returnId), complete: "yes", intent: "complete" }, rival)).status).toBe(404);
    }
    expect((await run(checkLoader, await getRequest(`/returns/${returnId}/check`, rival), p)).status).toBe(404);
    expect((await submit(returnId, { version: await v(returnId), declaration: "yes" }, rival)).status).toBe(404);
    expect((await run(evidenceFileLoader, await getRequest(`/returns/${returnId}/evidence/${fileId}`, rival), { returnId, fileId })).status).toBe(404);
    expect(await stored(returnId)).toEqual(before);
  });

  it("viewers, panel members and officers outside the district get 404", async () => {
    for (const user of [VIEWER, PANEL, burnleyOfficer]) {
      expect((await taskList(returnId, user)).status).toBe(404);
      expect((await post("outputs", returnId, { version: await v(returnId), complete: "no" }, user)).status).toBe(404);
      expect((await run(evidenceFileLoader, await getRequest(`/returns/${returnId}/evidence/${fileId}`, user), { returnId, fileId })).status).toBe(404);
    }
  });

  it("a file is only served through its own return", async () => {
    const other = await createTestProject();
    const otherReturn = other.returns[Q1];
    const response = await run(evidenceFileLoader, await getRequest(`/returns/${otherReturn}/evidence/${fileId}`, PAT), { returnId: otherReturn, fileId });
    expect(response.status).toBe(404);
    const deleted = await post("evidence", otherReturn, { version: await v(otherReturn), intent: "delete", fileId });
    expect(deleted.status).toBe(409);
    expect((await stored(returnId)).files).toHaveLength(1);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const page = await taskList(returnId, null);
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(`/returns/${returnId}`)}`);
    const save = await post("outputs", returnId, { version: "1", complete: "no" }, null);
    expect(save.status).toBe(302);
    expect(save.headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=/);
    expect((await run(listLoader, await getRequest("/returns"))).headers.get("Location")).toBe("/sign-in?redirectTo=%2Freturns");
  });

  it("officers covering the district read the task list and answers, never change them", async () => {
    for (const officer of [OFFICER, CHORLEY_OFFICER]) {
      const page = await taskList(returnId, officer);
      expect(page.status).toBe(200);
      const body = await jsonOf(page);
      expect(body).toMatchObject({ editable: false, own: false, canReview: false });
      expect(body.summary.organisationName).toBe("Red Rose Family Support");
      const check = await jsonOf(await run(checkLoader, await getRequest(`/returns/${returnId}/check`, officer), { returnId }));
      expect(check.mode).toBe("view");
      // A section page sends them back to the read-only task list.
      const section = await load("outputs", returnId, officer);
      expect(section.status).toBe(302);
      expect(section.headers.get("Location")).toBe(`/returns/${returnId}`);
      const before = await stored(returnId);
      const save = await post("outputs", returnId, { version: await v(returnId), complete: "no" }, officer);
      expect(save.status).toBe(403);
      expect((await jsonOf(save)).message).toBe("Only the provider can change its return. You can read it, but not change it.");
      expect((await submit(returnId, { version: await v(returnId), declaration: "yes" }, officer)).status).toBe(403);
      const download = await run(evidenceFileLoader, await getRequest(`/returns/${returnId}/evidence/${fileId}`, officer), { returnId, fileId });
      expect(download.status).toBe(200);
      expect(await stored(returnId)).toEqual(before);
    }
  });

  it("the provider cannot change a submitted or approved return", async () => {
    const p = await createTestProject(ENDED_NOT_DUE);
    const id = p.returns["2020-21 Q1"];
    await completeEverything(p, id);
    expect((await submit(id, { version: await v(id), declaration: "yes" })).status).toBe(302);
    const before = await stored(id);
    for (const section of everySection) {
      const response = await post(section, id, { version: await v(id), complete: "no", intent: "complete" });
      expect(response.status).toBe(403);
      expect((await jsonOf(response)).message).toBe(
        "This return has been submitted, so it cannot be changed. If the council queries it, you will be able to change it again.",
      );
      const page = await load(section, id);
      expect(page.status).toBe(302);
      expect(page.headers.get("Location")).toBe(`/returns/${id}`);
    }
    expect(await stored(id)).toEqual(before);
    // The officer now may review it, and the task list says so.
    expect((await jsonOf(await taskList(id, OFFICER))).canReview).toBe(true);

    await getDb().updateTable("returns").set({ status: "approved", approved_at: nowIso(), approved_by: OFFICER.id }).where("id", "=", id).execute();
    const approved = await post("narrative", id, { version: await v(id), complete: "no" });
    expect(approved.status).toBe(403);
    expect((await jsonOf(approved)).message).toBe("This return has been approved, so it can no longer be changed.");
    expect((await submit(id, { version: await v(id), declaration: "yes" })).status).toBe(403);
    expect((await jsonOf(await taskList(id))).editable).toBe(false);
  });

  it("a made-up return is not found", async () => {
    const id = newId();
    expect((await taskList(id)).status).toBe(404);
    expect((await post("outputs", id, { version: "1", complete: "no" })).status).toBe(404);
  });
});

// --- the provider's list -------------------------------------------------------------------

describe("the provider's list of returns", () => {
  let past: TestProject;
  let future: TestProject;

  beforeAll(async () => {
    past = await createTestProject({ startDate: "2019-04-01", endDate: "2019-09-30" }); // two returns, both overdue
    future = await createTestProject({ startDate: "2041-04-01", endDate: "2041-06-30" });
    await createTestProject({ organisationId: "org-pennine-youth", districtId: "district-burnley", startDate: "2019-04-01", endDate: "2019-06-30" });
    const db = getDb();
    await db.updateTable("returns").set({ status: "queried", submitted_at: nowIso(), first_submitted_at: nowIso() }).where("id", "=", past.returns["2019-20 Q2"]).execute();
  });

  const ids = (page: { returns: { id: string }[] }) => page.returns.map((r) => r.id);

  it("filters by due, overdue, queried, submitted and approved, for the organisation only", async () => {
    const overdue = await jsonOf(await run(listLoader, await getRequest(`/returns?show=overdue&q=${past.reference}`, PAT)));
    expect(ids(overdue)).toEqual([past.returns["2019-20 Q1"]]);
    expect(overdue.returns[0]).toMatchObject({ overdue: true, statusLabel: "Not started", quarter: "2019-20 Q1" });
    const queried = await jsonOf(await run(listLoader, await getRequest(`/returns?show=queried&q=${past.reference}`, colleague)));
    expect(ids(queried)).toEqual([past.returns["2019-20 Q2"]]);
    const due = await jsonOf(await run(listLoader, await getRequest(`/returns?show=due&q=${future.reference}`, PAT)));
    expect(ids(due)).toEqual([future.returns["2041-42 Q1"]]);
    const submitted = await jsonOf(await run(listLoader, await getRequest(`/returns?show=submitted&q=${past.reference}`, PAT)));
    expect(ids(submitted)).toEqual([]);
    const approved = await jsonOf(await run(listLoader, await getRequest("/returns?show=approved", PAT)));
    expect(approved.returns.every((r: { statusLabel: string }) => r.statusLabel === "Approved")).toBe(true);

    const all = await jsonOf(await run(listLoader, await getRequest("/returns?show=overdue", rival)));
    expect(all.returns.every((r: { projectReference: string }) => r.projectReference !== past.reference)).toBe(true);
    expect(all.page.total).toBe(1);
  });

  it("pages and sorts, and downloads the same list as CSV", async () => {
    const page = await jsonOf(await run(listLoader, await getRequest(`/returns?q=${past.reference}&sort=quarter&dir=desc`, PAT)));
    expect(page.returns.map((r: { quarter: string }) => r.quarter)).toEqual(["2019-20 Q2", "2019-20 Q1"]);
    expect(page.page).toEqual({ page: 1, pageCount: 1, total: 2 });
    const csv = await run(csvLoader, await getRequest(`/returns.csv?format=csv&q=${past.reference}`, PAT));
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await csv.text()).split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(past.reference);
    expect(lines[1]).toContain("2019-20 Q1");
  });

  it("is for providers only", async () => {
    expect((await run(listLoader, await getRequest("/returns", OFFICER))).status).toBe(403);
    expect((await run(listLoader, await getRequest("/returns", VIEWER))).status).toBe(403);
  });
});
