import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { formatDate, ukToday } from "~/lib/dates";
import { currentFinancialYear } from "~/models/visits/read.server";
import { VISIT_AREAS } from "~/schemas/visits";
import { loader as dueLoader } from "~/routes/visits._index";
import { loader as dueCsvLoader } from "~/routes/visits[.]csv";
import { loader as projectVisitsLoader } from "~/routes/projects.$projectId.visits._index";
import { action as newAction, loader as newLoader } from "~/routes/projects.$projectId.visits.new";
import { action as visitAction, loader as visitLoader } from "~/routes/projects.$projectId.visits.$visitId";
import { createTestUser, getRequest, jsonOf, postRequest, run, TEST_IP, type TestUser } from "../helpers/requests";
import { createTestProject, type TestProject } from "../helpers/projects";

const officer = { id: "user-officer" }; // county-wide, Olivia Officer
const chorleyOfficer = { id: "user-chorley-officer" }; // Chorley only, Chris Chorley
const provider = { id: "user-provider" }; // Red Rose Family Support
const panel = { id: "user-panel" };
const viewer = { id: "user-viewer" };
const db = () => getDb();

const TODAY = ukToday();
const FY = currentFinancialYear(TODAY);
const LAST_FY = currentFinancialYear(`${FY.year - 1}-06-01`);
/** A day after today, whatever today is. */
const TOMORROW = new Date(Date.parse(`${TODAY}T12:00:00Z`) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

let pennine: TestUser; // a provider user of Pennine Youth Partnership

beforeAll(async () => {
  await seedDemoData(getDb());
  pennine = await createTestUser({ roles: ["provider"], organisationId: "org-pennine-youth", name: "Sam Okafor" });
});

type Fields = Record<string, string | string[]>;

/** A complete record-a-visit form: every area graded, two actions and a blank third row. */
function visitFields(changes: Fields = {}): Fields {
  const fields: Fields = {
    intent: "save",
    visit_date: TODAY,
    officer_id: "user-chorley-officer",
    areas_seen: "A parenting group session; six case files; the safeguarding log.",
    findings: "Well-run sessions with good attendance.\n\nCase files are up to date; two plans lacked review dates.",
    "grades.leadership_management": "2",
    "grades.safeguarding": "1",
    "grades.quality_of_delivery": "2",
    "grades.outcomes_impact": "3",
    "grades.financial_management": "2",
    overall_grade: "2",
    "actions.0.action": "Add review dates to every family plan",
    "actions.0.owner": "Project manager",
    "actions.0.due_date": FY.end,
    "actions.1.action": "Send the updated safeguarding policy",
    "actions.1.owner": "Designated safeguarding lead",
    "actions.1.due_date": FY.end,
    "actions.2.action": "",
    "actions.2.owner": "",
    "actions.2.due_date": "",
  };
  return { ...fields, ...changes };
}

function without(fields: Fields, ...names: string[]): Fields {
  const copy = { ...fields };
  for (const name of names) delete copy[name];
  return copy;
}

async function count(table: "monitoring_visits" | "visit_grades" | "visit_actions" | "audit_events"): Promise<number> {
  const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function counts() {
  return {
    visits: await count("monitoring_visits"),
    grades: await count("visit_grades"),
    actions: await count("visit_actions"),
    audit: await count("audit_events"),
  };
}

async function recordVisit(projectId: string, fields: Fields = visitFields(), user: { id: string } | null = officer): Promise<Response> {
  return run(newAction, await postRequest(`/projects/${projectId}/visits/new`, fields, user), { projectId });
}

/** Records a visit and returns its id. */
async function recorded(projectId: string, fields: Fields = visitFields(), user: { id: string } = officer): Promise<string> {
  const response = await recordVisit(projectId, fields, user);
  expect(response.status).toBe(302);
  const location = response.headers.get("Location")!;
  expect(location).toMatch(new RegExp(`^/projects/${projectId}/visits/[0-9a-f-]{36}$`));
  return location.split("/").pop()!;
}

async function dueList(user: { id: string }, query = ""): Promise<{ references: string[]; count: number; body: any }> {
  const body = await jsonOf(await run(dueLoader, await getRequest(`/visits${query}`, user)));
  return { references: body.due.map((p: { reference: string }) => p.reference), count: body.dueCount, body };
}

/** A project running through the current financial year. */
function thisYearsProject(options: Parameters<typeof createTestProject>[0] = {}): Promise<TestProject> {
  return createTestProject({ startDate: FY.start, endDate: FY.end, ...options });
}

describe("visits due", () => {
  it("lists active projects over the threshold with no visit this financial year, in the officer's districts", async () => {
    const big = await thisYearsProject(); // £20,000 in Chorley: visit_required
    const small = await thisYearsProject({ amountPence: 500_000 }); // £5,000: never due
    const preston = await thisYearsProject({ districtId: "district-preston", organisationId: "org-pennine-youth" });
    // Over the threshold by amount even though the flag was not set at award.
    const unflagged = await thisYearsProject({ amountPence: 1_500_000 });
    await db().updateTable("projects").set({ visit_required: 0 }).where("id", "=", unflagged.id).execute();
    // Visited last year only: due, with the date of that visit.
    const lastYear = await createTestProject({ startDate: LAST_FY.start, endDate: FY.end });
    await recorded(lastYear.id, visitFields({
      visit_date: `${LAST_FY.year}-09-15`,
      "actions.0.due_date": `${LAST_FY.year}-10-31`,
      "actions.1.due_date": `${LAST_FY.year}-12-31`,
    }));
    // Suspended projects are not visited.
    const suspended = await thisYearsProject();
    await db().updateTable("projects").set({ status: "suspended" }).where("id", "=", suspended.id).execute();

    const county = await dueList(officer);
    expect(county.references).toEqual(expect.arrayContaining([big.reference, preston.reference, unflagged.reference, lastYear.reference]));
    expect(county.references).not.toContain(small.reference);
    expect(county.references).not.toContain(suspended.reference);
    expect(county.count).toBe(county.references.length);
    expect(county.body.financialYear).toBe(FY.label);
    const row = (ref: string) => county.body.due.find((p: { reference: string }) => p.reference === ref);
    expect(row(lastYear.reference).lastVisit).toBe(formatDate(`${LAST_FY.year}-09-15`));
    expect(row(big.reference)).toMatchObject({ lastVisit: "Never visited", amount: "£20,000.00", districtName: "Chorley", organisationName: "Red Rose Family Support" });

    // The Chorley officer does not see Preston.
    const chorley = await dueList(chorleyOfficer);
    expect(chorley.references).toContain(big.reference);
    expect(chorley.references).not.toContain(preston.reference);
    expect(chorley.count).toBe(county.count - 1);

    // Every order gives the same projects.
    for (const sort of ["last_visit", "reference", "provider", "district", "amount"]) {
      for (const dir of ["asc", "desc"]) {
        const sorted = await dueList(officer, `?sort=${sort}&dir=${dir}`);
        expect([...sorted.references].sort()).toEqual([...county.references].sort());
      }
    }
    const byAmount = await dueList(officer, "?sort=amount&dir=desc");
    expect(byAmount.references.indexOf(big.reference)).toBeLessThan(byAmount.references.indexOf(unflagged.reference));
    // Never visited first, then the longest ago.
    expect(county.references.at(-1)).toBe(lastYear.reference);

    // Searching and the district filter.
    expect((await dueList(officer, `?q=${encodeURIComponent(big.reference)}`)).references).toEqual([big.reference]);
    const prestonOnly = await dueList(officer, "?district=district-preston");
    expect(prestonOnly.references).toEqual([preston.reference]);

    // A visit dated in this financial year takes the project off the list.
    await recorded(big.id, visitFields({ findings: "A visit this year." }));
    const after = await dueList(officer);
    expect(after.references).not.toContain(big.reference);
    expect(after.count).toBe(county.count - 1);
    expect((await dueList(chorleyOfficer)).count).toBe(chorley.count - 1);

    // The same list as CSV.
    const csv = await run(dueCsvLoader, await getRequest("/visits.csv?format=csv", officer));
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await csv.text();
    expect(text).toContain(preston.reference);
    expect(text).not.toContain(big.reference);
    expect(text).toContain(`${lastYear.reference},`);
    expect(text).toContain(`${LAST_FY.year}-09-15`);
  });

  it("lists open actions with overdue ones flagged", async () => {
    const project = await createTestProject({ startDate: LAST_FY.start, endDate: FY.end });
    await recorded(project.id, visitFields({
      visit_date: `${LAST_FY.year}-05-01`,
      "actions.0.action": "Overdue thing",
      "actions.0.due_date": `${LAST_FY.year}-06-30`,
      "actions.1.action": "Not yet due thing",
      "actions.1.due_date": `${FY.year + 2}-03-31`,
    }));
    const { body } = await dueList(officer, `?q=${encodeURIComponent(project.reference)}`);
    const mine = body.actions.filter((a: { reference: string }) => a.reference === project.reference);
    expect(mine.map((a: { action: string; overdue: boolean }) => [a.action, a.overdue])).toEqual([
      ["Overdue thing", true],
      ["Not yet due thing", false],
    ]);
    expect(body.actionsOverdue).toBeGreaterThanOrEqual(1);

    const csv = await (await run(dueCsvLoader, await getRequest(`/visits.csv?format=csv&list=actions&q=${project.reference}`, officer))).text();
    expect(csv).toContain("Overdue thing");
    expect(csv).toContain("Not yet due thing");

    // Not the Chorley officer's business if it were in Preston; here it is Chorley, so they see it.
    expect((await dueList(chorleyOfficer, `?q=${project.reference}`)).body.actions).toHaveLength(2);
  });
});

describe("recording a visit", () => {
  it("offers the form with the recording officer chosen and the officers covering the district", async () => {
    const project = await thisYearsProject();
    const page = await jsonOf(await run(newLoader, await getRequest(`/projects/${project.id}/visits/new`, chorleyOfficer), { projectId: project.id }));
    expect(page.defaults.officer_id).toBe("user-chorley-officer");
    const names = page.officers.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(["Chris Chorley", "Olivia Officer"]));
    // Preston's project: the Chorley-only officer is not offered.
    const preston = await thisYearsProject({ districtId: "district-preston" });
    const prestonPage = await jsonOf(await run(newLoader, await getRequest(`/projects/${preston.id}/visits/new`, officer), { projectId: preston.id }));
    expect(prestonPage.officers.map((o: { name: string }) => o.name)).toEqual(["Olivia Officer"]);
  });

  it("stores the visit, a grade per area, the overall grade and two actions, with one audit event", async () => {
    const project = await thisYearsProject();
    const before = await counts();
    const visitId = await recorded(project.id);

    const visit = await db().selectFrom("monitoring_visits").selectAll().where("id", "=", visitId).executeTakeFirstOrThrow();
    expect(visit).toMatchObject({
      project_id: project.id,
      visit_date: TODAY,
      officer_id: "user-chorley-officer",
      areas_seen: "A parenting group session; six case files; the safeguarding log.",
      findings: "Well-run sessions with good attendance.\n\nCase files are up to date; two plans lacked review dates.",
      overall_grade: 2,
      created_by: "user-officer",
      version: 1,
    });
    const grades = await db().selectFrom("visit_grades").select(["area", "grade"]).where("visit_id", "=", visitId).orderBy("area").execute();
    expect(Object.fromEntries(grades.map((g) => [g.area, Number(g.grade)]))).toEqual({
      leadership_management: 2, safeguarding: 1, quality_of_delivery: 2, outcomes_impact: 3, financial_management: 2,
    });
    const actions = await db().selectFrom("visit_actions").selectAll().where("visit_id", "=", visitId).orderBy("action").execute();
    expect(actions.map((a) => [a.action, a.owner, a.due_date, a.status, a.version, a.closed_at])).toEqual([
      ["Add review dates to every family plan", "Project manager", FY.end, "open", 1, null],
      ["Send the updated safeguarding policy", "Designated safeguarding lead", FY.end, "open", 1, null],
    ]);
    expect(await counts()).toEqual({ visits: before.visits + 1, grades: before.grades + 5, actions: before.actions + 2, audit: before.audit + 1 });

    const audit = await db().selectFrom("audit_events").selectAll().where("record_id", "=", visitId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "visit.recorded", record_type: "monitoring_visit", actor_user_id: "user-officer", ip: TEST_IP });
    const after = JSON.parse(audit[0].after_json!);
    expect(after).toMatchObject({
      project_id: project.id, visit_date: TODAY, officer_id: "user-chorley-officer", overall_grade: 2,
      grades: { safeguarding: 1, outcomes_impact: 3 },
    });
    expect(after.actions.map((a: { action: string }) => a.action).sort()).toEqual([
      "Add review dates to every family plan", "Send the updated safeguarding policy",
    ]);

    // The visit page shows it back.
    const page = await jsonOf(await run(visitLoader, await getRequest(`/projects/${project.id}/visits/${visitId}`, officer), { projectId: project.id, visitId }));
    expect(page.visit).toMatchObject({ date: formatDate(TODAY), officerName: "Chris Chorley", overallGrade: 2, recordedBy: "Olivia Officer" });
    expect(page.visit.grades.map((g: { label: string; grade: number }) => [g.label, g.grade])).toEqual([
      ["Leadership and management", 2], ["Safeguarding", 1], ["Quality of delivery", 2], ["Outcomes and impact", 3], ["Financial management", 2],
    ]);
    expect(page.visit.actions).toHaveLength(2);
    expect(page.canClose).toBe(true);

    // And the project's list of visits.
    const list = await jsonOf(await run(projectVisitsLoader, await getRequest(`/projects/${project.id}/visits`, chorleyOfficer), { projectId: project.id }));
    expect(list.visits).toEqual([
      { id: visitId, date: formatDate(TODAY), officerName: "Chris Chorley", overallGrade: 2, actions: 2, openActions: 2 },
    ]);
    expect(list).toMatchObject({ canRecord: true, visitedThisYear: true, financialYear: FY.label });
  });

  it("stores a double submit once", async () => {
    const project = await thisYearsProject();
    const first = await recorded(project.id);
    const before = await counts();
    const second = await recordVisit(project.id);
    expect(second.status).toBe(302);
    expect(second.headers.get("Location")).toBe(`/projects/${project.id}/visits/${first}`);
    expect(await counts()).toEqual(before);
  });

  it("adds another action row without saving, keeping what was typed", async () => {
    const project = await thisYearsProject();
    const before = await counts();
    const response = await recordVisit(project.id, visitFields({ intent: "add-action", findings: "Half written" }));
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.actionSlots).toBe(4);
    expect(body.errors).toEqual({});
    expect(body.values).toMatchObject({ findings: "Half written", "actions.1.owner": "Designated safeguarding lead", "grades.safeguarding": "1" });
    expect(await counts()).toEqual(before);
  });

  it("answers an unknown intent with 400 and records nothing", async () => {
    const project = await thisYearsProject();
    const before = await counts();
    const response = await recordVisit(project.id, visitFields({ intent: "publish" }));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).values.areas_seen).toBe(visitFields().areas_seen);
    expect(await counts()).toEqual(before);
  });

  describe("refuses bad input with its message beside the field, keeping what was typed and writing nothing", () => {
    const cases: [string, () => Fields, Record<string, string>][] = [
      ["a missing grade", () => without(visitFields(), "grades.safeguarding"), { "grades.safeguarding": "Choose a grade for safeguarding" }],
      [
        "a grade of 5",
        () => visitFields({ "grades.quality_of_delivery": "5" }),
        { "grades.quality_of_delivery": "The grade for quality of delivery must be 1 Outstanding, 2 Good, 3 Adequate or 4 Inadequate" },
      ],
      [
        "an overall grade of 5",
        () => visitFields({ overall_grade: "5" }),
        { overall_grade: "The overall grade must be 1 Outstanding, 2 Good, 3 Adequate or 4 Inadequate" },
      ],
      ["a future date", () => visitFields({ visit_date: TOMORROW }), { visit_date: "The date of the visit must be today or in the past" }],
      ["a date that is not real", () => visitFields({ visit_date: `${FY.year}-02-30` }), { visit_date: "The date of the visit must be a real date, like 2026-11-03" }],
      [
        "a date before the project started",
        () => visitFields({ visit_date: `${LAST_FY.year}-12-01` }),
        { visit_date: `The date of the visit must be on or after the project started on ${formatDate(FY.start)}` },
      ],
      ["an action without a due date", () => visitFields({ "actions.1.due_date": "" }), { "actions.1.due_date": "Enter the date the action is due" }],
      ["an action without an owner", () => visitFields({ "actions.0.owner": " " }), { "actions.0.owner": "Enter who owns the action" }],
      [
        "an action due before the visit",
        () => visitFields({ visit_date: FY.start, "actions.0.due_date": `${LAST_FY.year}-12-01` }),
        { "actions.0.due_date": "The due date must be on or after the date of the visit" },
      ],
      ["an officer not offered", () => visitFields({ officer_id: "user-panel" }), { officer_id: "Choose an officer from the list" }],
      [
        "nothing at all",
        () => ({ intent: "save" }),
        {
          visit_date: "Enter the date of the visit",
          officer_id: "Choose the officer who made the visit",
          areas_seen: "Enter the areas of the service seen on the visit",
          findings: "Enter the findings of the visit",
          ...Object.fromEntries(VISIT_AREAS.map((a) => [`grades.${a.key}`, `Choose a grade for ${a.label.charAt(0).toLowerCase()}${a.label.slice(1)}`])),
          overall_grade: "Choose an overall grade",
        },
      ],
    ];
    let project: TestProject;
    beforeAll(async () => {
      project = await thisYearsProject();
    });
    it.each(cases)("%s", async (_name, fields, expected) => {
      const before = await counts();
      const response = await recordVisit(project.id, fields());
      expect(response.status).toBe(400);
      const body = await jsonOf(response);
      expect(body.errors).toEqual(expected);
      const sent = fields();
      // A form post sends line breaks as CRLF, as browsers do.
      if (sent.findings) expect(body.values.findings.replace(/\r\n/g, "\n")).toBe(sent.findings);
      if (sent["actions.0.action"]) expect(body.values["actions.0.action"]).toBe(sent["actions.0.action"]);
      expect(await counts()).toEqual(before);
    });
  });
});

describe("closing actions", () => {
  it("closes an action with a note and audit; a second close gets a clear message", async () => {
    const project = await thisYearsProject();
    const visitId = await recorded(project.id);
    const page = await jsonOf(await run(visitLoader, await getRequest(`/projects/${project.id}/visits/${visitId}`, officer), { projectId: project.id, visitId }));
    const target = page.visit.actions.find((a: { action: string }) => a.action === "Add review dates to every family plan");
    expect(target).toMatchObject({ status: "open", version: 1, overdue: false });
    const close = async (user: { id: string }, fields: Fields = {}) =>
      run(
        visitAction,
        await postRequest(`/projects/${project.id}/visits/${visitId}`, {
          intent: "close-action", action_id: target.id, version: "1", [`closing_note.${target.id}`]: "All plans now have review dates.", ...fields,
        }, user),
        { projectId: project.id, visitId },
      );

    // A note too long is refused beside its field.
    const long = await close(officer, { [`closing_note.${target.id}`]: "x".repeat(2001) });
    expect(long.status).toBe(400);
    expect((await jsonOf(long)).errors).toEqual({ [`closing_note.${target.id}`]: "The closing note must be 2,000 characters or fewer" });

    const before = await counts();
    const response = await close(chorleyOfficer);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}/visits/${visitId}`);
    const row = await db().selectFrom("visit_actions").selectAll().where("id", "=", target.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "closed", closed_by: "user-chorley-officer", closing_note: "All plans now have review dates.", version: 2 });
    expect(row.closed_at).toBeTruthy();
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    const audit = await db().selectFrom("audit_events").selectAll().where("record_id", "=", target.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "visit_action.closed", record_type: "visit_action", actor_user_id: "user-chorley-officer", ip: TEST_IP });
    expect(JSON.parse(audit.after_json!)).toMatchObject({ status: "closed", closing_note: "All plans now have review dates.", version: 2 });

    // The second press (or another officer at the same time) changes nothing and says why.
    const again = await close(officer);
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).formError).toBe(
      `This action was already closed by Chris Chorley on ${formatDate(row.closed_at)}. Nothing has been changed.`,
    );
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    const unchanged = await db().selectFrom("visit_actions").selectAll().where("id", "=", target.id).executeTakeFirstOrThrow();
    expect(unchanged).toEqual(row);

    // The page and the project list show one open, one closed.
    const after = await jsonOf(await run(visitLoader, await getRequest(`/projects/${project.id}/visits/${visitId}`, officer), { projectId: project.id, visitId }));
    expect(after.visit.actions.map((a: { status: string }) => a.status).sort()).toEqual(["closed", "open"]);
    const list = await jsonOf(await run(projectVisitsLoader, await getRequest(`/projects/${project.id}/visits`, officer), { projectId: project.id }));
    expect(list.visits[0]).toMatchObject({ actions: 2, openActions: 1 });
    // It has left the open-actions list.
    const { body } = await dueList(officer, `?q=${project.reference}`);
    expect(body.actions.map((a: { id: string }) => a.id)).not.toContain(target.id);

    // Nobody but an officer covering the district closes actions: the provider sees the
    // visit but may not close (403); panel members and viewers may not see it at all (404).
    const other = after.visit.actions.find((a: { status: string }) => a.status === "open");
    for (const [user, status] of [[provider, 403], [panel, 404], [viewer, 404]] as const) {
      const refused = await run(
        visitAction,
        await postRequest(`/projects/${project.id}/visits/${visitId}`, { intent: "close-action", action_id: other.id, version: "1" }, user),
        { projectId: project.id, visitId },
      );
      expect({ user: user.id, status: refused.status }).toEqual({ user: user.id, status });
    }
    expect((await db().selectFrom("visit_actions").select("status").where("id", "=", other.id).executeTakeFirstOrThrow()).status).toBe("open");
  });
});

describe("who sees and records visits", () => {
  let redRose: TestProject; // Chorley, Red Rose
  let preston: TestProject; // Preston, Pennine Youth
  let redRoseVisit: string;
  let prestonVisit: string;
  beforeAll(async () => {
    redRose = await thisYearsProject();
    preston = await thisYearsProject({ districtId: "district-preston", organisationId: "org-pennine-youth" });
    redRoseVisit = await recorded(redRose.id);
    prestonVisit = await recorded(preston.id, visitFields({ officer_id: "user-officer" }));
  });

  const visitPage = async (user: { id: string } | null, project: TestProject, visitId: string) =>
    run(visitLoader, await getRequest(`/projects/${project.id}/visits/${visitId}`, user), { projectId: project.id, visitId });
  const visitsPage = async (user: { id: string } | null, project: TestProject) =>
    run(projectVisitsLoader, await getRequest(`/projects/${project.id}/visits`, user), { projectId: project.id });

  it("lets the provider read its own project's visits and actions, read-only", async () => {
    const response = await visitPage(provider, redRose, redRoseVisit);
    expect(response.status).toBe(200);
    const page = await jsonOf(response);
    expect(page.canClose).toBe(false);
    expect(page.visit.actions).toHaveLength(2);
    const list = await visitsPage(provider, redRose);
    expect(list.status).toBe(200);
    expect((await jsonOf(list)).canRecord).toBe(false);
  });

  it("gives a provider 404 for another organisation's project and visit", async () => {
    expect((await visitPage(provider, preston, prestonVisit)).status).toBe(404);
    expect((await visitsPage(provider, preston)).status).toBe(404);
    expect((await visitPage(pennine, redRose, redRoseVisit)).status).toBe(404);
    // Its own project, with another project's visit id in the address: not found either.
    expect((await visitPage(provider, redRose, prestonVisit)).status).toBe(404);
    expect((await visitPage(provider, redRose, "no-such-visit")).status).toBe(404);
    expect((await run(newLoader, await getRequest(`/projects/${preston.id}/visits/new`, provider), { projectId: preston.id })).status).toBe(404);
  });

  it("refuses recording to providers, viewers, panel members and officers outside the district", async () => {
    const before = await counts();
    // The provider sees its own project but may not record (403); viewers and panel members
    // may not see it at all (404).
    for (const [user, status] of [[provider, 403], [viewer, 404], [panel, 404]] as const) {
      expect((await run(newLoader, await getRequest(`/projects/${redRose.id}/visits/new`, user), { projectId: redRose.id })).status).toBe(status);
      expect((await recordVisit(redRose.id, visitFields({ findings: `By ${user.id}` }), user)).status).toBe(status);
    }
    // The Chorley-only officer on a Preston project: not theirs to see, so not found.
    expect((await run(newLoader, await getRequest(`/projects/${preston.id}/visits/new`, chorleyOfficer), { projectId: preston.id })).status).toBe(404);
    expect((await recordVisit(preston.id, visitFields({ officer_id: "user-chorley-officer", findings: "Out of scope" }), chorleyOfficer)).status).toBe(404);
    expect((await visitPage(chorleyOfficer, preston, prestonVisit)).status).toBe(404);
    expect((await visitsPage(chorleyOfficer, preston)).status).toBe(404);
    expect(await counts()).toEqual(before);

    // Viewers and panel members do not see visit records at all.
    expect((await visitPage(viewer, redRose, redRoseVisit)).status).toBe(404);
    expect((await visitPage(panel, redRose, redRoseVisit)).status).toBe(404);
    // The officer's visits page is for officers.
    for (const user of [provider, viewer, panel]) expect((await run(dueLoader, await getRequest("/visits", user))).status).toBe(403);
  });

  it("sends the signed-out to sign in", async () => {
    const checks: [Response, string][] = [
      [await run(dueLoader, await getRequest("/visits")), "/visits"],
      [await visitsPage(null, redRose), `/projects/${redRose.id}/visits`],
      [await visitPage(null, redRose, redRoseVisit), `/projects/${redRose.id}/visits/${redRoseVisit}`],
      [await run(newLoader, await getRequest(`/projects/${redRose.id}/visits/new`), { projectId: redRose.id }), `/projects/${redRose.id}/visits/new`],
      [await recordVisit(redRose.id, visitFields(), null), `/projects/${redRose.id}/visits/new`],
    ];
    for (const [response, path] of checks) {
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
    }
  });
});
