// The officer's review of a quarterly return, from submission to approval:
// submitted (by the helper) → queried (the provider is e-mailed exactly what was asked) →
// resubmitted with a changed figure (version 2) → approved (locked, spend in the ledger).
//
// The project (createTestProject defaults): Chorley, Red Rose, 2026-27, £20,000 spread as
// £5,000 a quarter, staff £3,750 and delivery £1,250; "Families supported" 10 a quarter and
// "Plans closed with needs met" 70% a quarter, both per quarter and higher-is-better.
//
// Q1 (approved, for comparison): families 8, plans 72%, staff £3,750.00, delivery £1,250.00.
// Q2 as first submitted: families 12 of 10 → 120% Green; plans 60 of 70 → 85.7% Amber;
//   staff £4,000.00 of £3,750.00 → +6.7% Green; delivery £1,000.00 of £1,250.00 → -20% Amber
//   (exactly the amber edge); total £5,000.00 of £5,000.00 → 0% Green.
// Q2 as resubmitted: families 9 of 10 → 90% Amber; delivery £1,012.34, so the total spend
//   is 400,000 + 101,234 = 501,234 pence, which approval records in the ledger.
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { quarterDates, quarterOf, previousQuarter, quarterLabel } from "~/lib/financial-year";
import { REVIEW_MESSAGES } from "~/schemas/return-review";
import ReviewPage, { action as reviewAction, loader as reviewLoader } from "~/routes/returns.$returnId.review";
import VersionsPage, { loader as versionsLoader } from "~/routes/returns.$returnId.versions";
import { loader as taskListLoader } from "~/routes/returns.$returnId._index";
import { loader as checkLoader } from "~/routes/returns.$returnId.check";
import QueuePage, { loader as queueLoader } from "~/routes/reviews._index";
import { loader as queueCsvLoader } from "~/routes/reviews[.]csv";
import { createTestUser, getRequest, jsonOf, postRequest, run, type TestUser } from "../helpers/requests";
import { createTestProject, type TestProject } from "../helpers/projects";
import { approveTestReturn, DEFAULT_CONTENT, submitTestReturn } from "../helpers/returns";
import { startSmtpServer, type TestSmtp } from "../helpers/smtp";
import { daysBetween, ukToday as ukDate } from "~/lib/dates";
import { diffContents } from "~/models/returns/version-diffs.server";

// The pages are rendered on the server as a browser without JavaScript gets them: the
// Remix hooks hand the component what the loader returned.
const ui = vi.hoisted(() => ({ data: null as unknown, url: "/" }));
vi.mock("@remix-run/react", async (original) => {
  const actual = await original<typeof import("@remix-run/react")>();
  const { createElement: h } = await import("react");
  return {
    ...actual,
    useLoaderData: () => ui.data,
    // The root loader's data, as the portal's Form reads it for its forgery token.
    useRouteLoaderData: () => ({ formToken: "test-form-token" }),
    useActionData: () => undefined,
    useLocation: () => {
      const u = new URL(ui.url, "http://portal.test");
      return { pathname: u.pathname, search: u.search, hash: "", state: null, key: "default" };
    },
    Link: ({ to, children, reloadDocument: _r, ...rest }: { to: string; children?: ReactNode; reloadDocument?: boolean }) => h("a", { href: to, ...rest }, children),
    Form: ({ children, method }: { children?: ReactNode; method?: string }) => h("form", { method }, children),
  };
});

async function renderPage(Page: () => ReactNode, loader: Parameters<typeof run>[0], path: string, user: { id: string }, routeParams: Record<string, string> = {}) {
  const response = await run(loader, await getRequest(path, user), routeParams);
  expect(response.status).toBe(200);
  ui.data = await jsonOf(response);
  ui.url = path;
  return renderToString(createElement(Page));
}

const COUNTY_OFFICER = { id: "user-officer" };
const CHORLEY_OFFICER = { id: "user-chorley-officer" };
const RED_ROSE_PROVIDER = { id: "user-provider" };

let smtp: TestSmtp;
let pennineUser: TestUser;
let project: TestProject;
let preston: TestProject;
let q2: string;
let prestonQ1: string;

const params = (returnId: string) => ({ returnId });
const reviewPath = (returnId: string) => `/returns/${returnId}/review`;

async function review(user: { id: string }, returnId: string, fields: Record<string, string>) {
  return run(reviewAction, await postRequest(reviewPath(returnId), fields, user), params(returnId));
}

async function currentVersion(returnId: string): Promise<number> {
  const r = await getDb().selectFrom("returns").select("version").where("id", "=", returnId).executeTakeFirstOrThrow();
  return Number(r.version);
}

beforeAll(async () => {
  await seedDemoData(getDb());
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  pennineUser = await createTestUser({ roles: ["provider"], organisationId: "org-pennine-youth", email: "sam.b@pennine.test" });
  project = await createTestProject();
  const [families, plans] = project.indicators;
  const q1 = project.returns["2026-27 Q1"];
  q2 = project.returns["2026-27 Q2"];
  await submitTestReturn({
    returnId: q1,
    content: { actuals: { [families.id]: 8, [plans.id]: 72 }, spend: { staff: 375_000, delivery: 125_000 }, beneficiaries: { "5-10": { newCount: 6, continuingCount: 0 } } },
  });
  await approveTestReturn(q1);
  await submitTestReturn({ returnId: q2, content: DEFAULT_CONTENT(project) });

  preston = await createTestProject({ districtId: "district-preston", organisationId: "org-pennine-youth" });
  prestonQ1 = preston.returns["2026-27 Q1"];
  await submitTestReturn({ returnId: prestonQ1, content: DEFAULT_CONTENT(preston), submittedBy: pennineUser.id });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

describe("who may see and act on a review", () => {
  it("answers a Chorley-only officer 404 for a Preston return on every return page, and refuses its actions", async () => {
    // One rule (docs/architecture.md): someone who may not see a record may not learn it exists.
    const pages = [
      [taskListLoader, `/returns/${prestonQ1}`], [checkLoader, `/returns/${prestonQ1}/check`],
      [reviewLoader, reviewPath(prestonQ1)], [versionsLoader, `/returns/${prestonQ1}/versions`],
    ] as const;
    for (const [loader, path] of pages) {
      const response = await run(loader, await getRequest(path, CHORLEY_OFFICER), params(prestonQ1));
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    const approve = await review(CHORLEY_OFFICER, prestonQ1, { intent: "approve", version: String(await currentVersion(prestonQ1)) });
    expect(approve.status).toBe(404);
    const stored = await getDb().selectFrom("returns").select("status").where("id", "=", prestonQ1).executeTakeFirstOrThrow();
    expect(stored.status).not.toBe("approved");
  });

  it("lets the return's own provider read the figures but never the officer's part, nor act (403)", async () => {
    const response = await run(reviewLoader, await getRequest(reviewPath(q2), RED_ROSE_PROVIDER), params(q2));
    expect(response.status).toBe(200);
    const page = await jsonOf(response);
    expect(page.officer).toBeNull();
    expect(page.indicators).toHaveLength(2);
    expect(JSON.stringify(page)).not.toContain("queryFigures");

    const version = String(await currentVersion(q2));
    expect((await review(RED_ROSE_PROVIDER, q2, { intent: "approve", version })).status).toBe(403);
    expect((await review(RED_ROSE_PROVIDER, q2, { intent: "query", version, "section.spend": "Please explain" })).status).toBe(403);
    const stored = await getDb().selectFrom("returns").select("status").where("id", "=", q2).executeTakeFirstOrThrow();
    expect(stored.status).toBe("submitted");
  });

  it("does not let another provider learn the return exists (404)", async () => {
    expect((await run(reviewLoader, await getRequest(reviewPath(q2), pennineUser), params(q2))).status).toBe(404);
    expect((await run(versionsLoader, await getRequest(`/returns/${q2}/versions`, pennineUser), params(q2))).status).toBe(404);
    expect((await review(pennineUser, q2, { intent: "approve", version: "1" })).status).toBe(404);
    expect((await run(reviewLoader, await getRequest(reviewPath("no-such-return"), CHORLEY_OFFICER), params("no-such-return"))).status).toBe(404);
  });

  it("keeps the queue to officers, each seeing their own districts", async () => {
    expect((await run(queueLoader, await getRequest("/reviews", RED_ROSE_PROVIDER))).status).toBe(403);
    const chorley = await jsonOf(await run(queueLoader, await getRequest("/reviews", CHORLEY_OFFICER)));
    expect(chorley.tab).toBe("awaiting");
    expect(chorley.returns.map((r: { id: string }) => r.id)).toEqual([q2]);
    const county = await jsonOf(await run(queueLoader, await getRequest("/reviews?tab=awaiting", COUNTY_OFFICER)));
    expect(county.returns.map((r: { id: string }) => r.id).sort()).toEqual([q2, prestonQ1].sort());
    expect(county.returns.find((r: { id: string }) => r.id === prestonQ1)).toMatchObject({
      projectReference: preston.reference, providerName: "Pennine Youth Partnership CIC", districtName: "Preston", quarter: "2026-27 Q1", statusLabel: "Submitted",
    });
  });
});

describe("the review page", () => {
  it("shows every figure beside its target with its RAG in words, and last quarter's figures", async () => {
    const response = await run(reviewLoader, await getRequest(reviewPath(q2), CHORLEY_OFFICER), params(q2));
    expect(response.status).toBe(200);
    const page = await jsonOf(response);
    expect(page.return).toMatchObject({ quarter: "2026-27 Q2", status: "submitted", statusLabel: "Submitted", submittedBy: "Pat Provider" });
    expect(page.officer).toMatchObject({ canReview: true, version: await currentVersion(q2), blocked: null });
    expect(page.officer.figures.map((f: { label: string; section: string }) => [f.label, f.section])).toEqual([
      ["Families supported", "outputs"], ["Plans closed with needs met", "outcomes"],
    ]);

    const pick = (i: any) => [i.name, i.target, i.actual, i.achievement, i.rag?.label, i.rag?.tagClass, i.previous];
    expect(page.indicators.map(pick)).toEqual([
      ["Families supported", "10", "12", "120%", "Green", "govuk-tag govuk-tag--green", { actual: "8", target: "10" }],
      ["Plans closed with needs met", "70%", "60%", "85.7%", "Amber", "govuk-tag govuk-tag--yellow", { actual: "72%", target: "70%" }],
    ]);
    const line = (s: any) => [s.label, s.profile, s.actual, s.variance, s.rag?.label, s.previous];
    expect(page.spend.lines.map(line)).toEqual([
      ["Staff", "£3,750.00", "£4,000.00", "+6.7%", "Green", "£3,750.00"],
      ["Delivery", "£1,250.00", "£1,000.00", "-20%", "Amber", "£1,250.00"],
    ]);
    expect(line(page.spend.total)).toEqual(["Total", "£5,000.00", "£5,000.00", "0%", "Green", "£5,000.00"]);
    expect(page.spend.lines[1].varianceReason).toBe("A venue booking moved into next quarter");
    expect(page.thresholds.figures).toBe("Green at or above 95% of the target, amber from 80% up to 95%, red below 80%.");
    expect(page.thresholds.spend).toBe("Green within ±10% of the profile, amber within ±20%, red beyond.");

    expect(page.beneficiaries).toMatchObject({ totalNew: 12, totalContinuing: 6, total: 18, previousTotal: 6 });
    expect(page.narrative[0]).toEqual({ label: "Highlights", text: "Twelve families supported, more than planned." });
    expect(page.caseStudies.map((c: { title: string; consent: boolean }) => [c.title, c.consent])).toEqual([["Family A", true]]);
    expect(page.evidence.map((f: { filename: string }) => f.filename)).toEqual(["attendance-register.pdf"]);
    expect(page.previousQuarter).toEqual({ quarter: "2026-27 Q1", statusLabel: "Approved", approved: true });
    expect(page.queries).toEqual([]);
    expect(page.versions.map((v: { number: number }) => v.number)).toEqual([1]);
  });
});

describe("from submission to approval", () => {
  let versionAtSubmission: number;

  it("refuses a query with no comments (400), keeping what was typed and changing nothing", async () => {
    versionAtSubmission = await currentVersion(q2);
    const response = await review(CHORLEY_OFFICER, q2, { intent: "query", version: String(versionAtSubmission), "section.spend": "   ", "section.narrative": "" });
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({ "section.outputs": REVIEW_MESSAGES.noComments });
    expect(body.values.intent).toBe("query");
    const stored = await getDb().selectFrom("returns").select(["status", "version"]).where("id", "=", q2).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: "submitted", version: versionAtSubmission });
    expect(await getDb().selectFrom("return_queries").select("id").where("return_id", "=", q2).execute()).toEqual([]);
  });

  it("answers an unknown intent with 400 and changes nothing", async () => {
    const before = await getDb().selectFrom("returns").select(["status", "version"]).where("id", "=", q2).executeTakeFirstOrThrow();
    const response = await review(CHORLEY_OFFICER, q2, { intent: "reject", version: String(versionAtSubmission), "section.spend": "Why?" });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).values["section.spend"]).toBe("Why?");
    expect(await getDb().selectFrom("returns").select(["status", "version"]).where("id", "=", q2).executeTakeFirstOrThrow()).toEqual(before);
    expect(await getDb().selectFrom("return_queries").select("id").where("return_id", "=", q2).execute()).toEqual([]);
  });

  it("refuses a comment that is too long, beside its box", async () => {
    const [families] = project.indicators;
    const response = await review(CHORLEY_OFFICER, q2, { intent: "query", version: String(versionAtSubmission), [`figure.${families.id}`]: "x".repeat(2001) });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({ [`figure.${families.id}`]: "The comment on Families supported must be 2,000 characters or fewer" });
  });

  it("queries the return: stored with the version number, audited, and e-mailed to the provider word for word", async () => {
    const [families] = project.indicators;
    const spendComment = "Delivery is 20% under profile.\nWill the venue costs fall in Q3?";
    const familiesComment = "Twelve families against ten: were any carried over from Q1?";
    const response = await review(CHORLEY_OFFICER, q2, {
      intent: "query", version: String(versionAtSubmission), "section.spend": spendComment, [`figure.${families.id}`]: familiesComment,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(reviewPath(q2));

    const db = getDb();
    const stored = await db.selectFrom("returns").select(["status", "version"]).where("id", "=", q2).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: "queried", version: versionAtSubmission + 1 });
    const queries = await db.selectFrom("return_queries").select(["version_number", "section", "indicator_id", "comment", "created_by"])
      .where("return_id", "=", q2).orderBy("section").execute();
    expect(queries).toEqual([
      { version_number: 1, section: "outputs", indicator_id: families.id, comment: familiesComment, created_by: CHORLEY_OFFICER.id },
      { version_number: 1, section: "spend", indicator_id: null, comment: spendComment, created_by: CHORLEY_OFFICER.id },
    ]);
    const audit = await db.selectFrom("audit_events").select(["action", "actor_user_id", "after_json"]).where("record_id", "=", q2).where("action", "=", "return.queried").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_user_id).toBe(CHORLEY_OFFICER.id);
    expect(audit[0].after_json).toContain(familiesComment);

    const mail = await smtp.waitFor((m) => m.subject === `Your 2026-27 Q2 return for ${project.reference} has been queried`);
    expect(mail.to).toEqual(["provider@demo.example"]);
    expect(mail.text).toContain(`Chris Chorley has reviewed Red Rose Family Support's 2026-27 Q2 return for ${project.reference}`);
    expect(mail.text).toContain(`Outputs\n- Families supported: ${familiesComment}\n\nSpend\n- ${spendComment}`);
    expect(mail.text).toContain(`http://portal.test/returns/${q2}`);

    // The page now shows the query and no longer offers the officer's forms.
    const page = await jsonOf(await run(reviewLoader, await getRequest(reviewPath(q2), CHORLEY_OFFICER), params(q2)));
    expect(page.queries.map((q: any) => [q.versionNumber, q.sectionLabel, q.figure, q.comment, q.by])).toEqual([
      [1, "Outputs", "Families supported", familiesComment, "Chris Chorley"],
      [1, "Spend", null, spendComment, "Chris Chorley"],
    ]);
    expect(page.officer.canReview).toBe(false);
    expect(page.officer.blocked).toMatch(/^This return was queried on .+ by Chris Chorley and is back with the provider\. You can review it again when they resubmit it\.$/);
  });

  it("refuses to approve or query again while the return is with the provider (409)", async () => {
    const approve = await review(CHORLEY_OFFICER, q2, { intent: "approve", version: String(versionAtSubmission + 1) });
    expect(approve.status).toBe(409);
    expect((await jsonOf(approve)).formError).toMatch(/^This return was queried on .+ and is back with the provider\. Nothing has been changed: you can review it again when they resubmit it\.$/);
    expect(await getDb().selectFrom("ledger_entries").select("id").where("source_id", "=", q2).execute()).toEqual([]);
  });

  it("refuses an approval from a page opened before the provider resubmitted (409), then approves the new version", async () => {
    const [families] = project.indicators;
    const content = DEFAULT_CONTENT(project);
    content.actuals[families.id] = 9;
    content.spend.delivery = 101_234;
    const number = await submitTestReturn({ returnId: q2, content });
    expect(number).toBe(2);
    expect((await getDb().selectFrom("returns").select("status").where("id", "=", q2).executeTakeFirstOrThrow()).status).toBe("resubmitted");

    // The officer's page from before the query still carries the version it was opened at.
    const stale = await review(CHORLEY_OFFICER, q2, { intent: "approve", version: String(versionAtSubmission) });
    expect(stale.status).toBe(409);
    expect((await jsonOf(stale)).formError).toBe(
      "This return has changed since you opened it: the provider may have resubmitted it. Nothing has been changed: check the latest version on this page and review it again.",
    );

    const page = await jsonOf(await run(reviewLoader, await getRequest(reviewPath(q2), CHORLEY_OFFICER), params(q2)));
    expect(page.return.statusLabel).toBe("Resubmitted");
    expect(page.indicators[0]).toMatchObject({ actual: "9", achievement: "90%", rag: { label: "Amber" } });
    expect(page.spend.total.actual).toBe("£5,012.34");

    const approve = await review(CHORLEY_OFFICER, q2, { intent: "approve", version: String(page.officer.version) });
    expect(approve.status).toBe(302);

    const db = getDb();
    const stored = await db.selectFrom("returns").select(["status", "approved_by", "approved_at"]).where("id", "=", q2).executeTakeFirstOrThrow();
    expect(stored.status).toBe("approved");
    expect(stored.approved_by).toBe(CHORLEY_OFFICER.id);
    expect(stored.approved_at).not.toBeNull();
    const ledger = await db.selectFrom("ledger_entries")
      .select(["kind", "amount_pence", "financial_year", "district_id", "funding_stream_id", "project_id", "source_type"])
      .where("source_id", "=", q2).execute();
    expect(ledger).toEqual([{
      kind: "spend", amount_pence: 501_234, financial_year: 2026, district_id: "district-chorley", funding_stream_id: "stream-schools-forum",
      project_id: project.id, source_type: "return",
    }]);
    const actions = (await db.selectFrom("audit_events").select("action").where("actor_user_id", "=", CHORLEY_OFFICER.id).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["return.approved", "ledger.spend_recorded"]));

    const mail = await smtp.waitFor((m) => m.subject === `Your 2026-27 Q2 return for ${project.reference} has been approved`);
    expect(mail.text).toContain("£5,012.34");
  });

  it("refuses a second approval with a clear message, and records the spend once", async () => {
    const again = await review(CHORLEY_OFFICER, q2, { intent: "approve", version: String(await currentVersion(q2) - 1) });
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).formError).toMatch(/^This return was approved on .+ by Chris Chorley and is locked\. Nothing has been changed\.$/);
    // Even with the current version the lock holds.
    const current = await review(CHORLEY_OFFICER, q2, { intent: "approve", version: String(await currentVersion(q2)) });
    expect(current.status).toBe(409);
    expect(await getDb().selectFrom("ledger_entries").select("id").where("source_id", "=", q2).execute()).toHaveLength(1);
    expect(await getDb().selectFrom("audit_events").select("id").where("record_id", "=", q2).where("action", "=", "return.approved").execute()).toHaveLength(1);
  });

  it("keeps versions 1 and 2 and shows the figure that changed, field by field", async () => {
    const response = await run(versionsLoader, await getRequest(`/returns/${q2}/versions`, CHORLEY_OFFICER), params(q2));
    expect(response.status).toBe(200);
    const page = await jsonOf(response);
    expect(page.versions.map((v: { number: number; submittedBy: string }) => [v.number, v.submittedBy])).toEqual([[1, "Pat Provider"], [2, "Pat Provider"]]);
    expect(page.from).toBe(1);
    expect(page.to).toBe(2);
    expect(page.changes).toEqual([
      { section: "Outputs", field: "Families supported: Actual", before: "12", after: "9" },
      { section: "Spend", field: "Delivery: Amount", before: "£1,000.00", after: "£1,012.34" },
    ]);
    // The same two, the other way round, when asked.
    const reversed = await jsonOf(await run(versionsLoader, await getRequest(`/returns/${q2}/versions?from=2&to=1`, RED_ROSE_PROVIDER), params(q2)));
    expect(reversed.changes[0]).toEqual({ section: "Outputs", field: "Families supported: Actual", before: "9", after: "12" });
    const same = await jsonOf(await run(versionsLoader, await getRequest(`/returns/${q2}/versions?from=2&to=2`, CHORLEY_OFFICER), params(q2)));
    expect(same.changes).toBeNull();
  });
});

describe("two officers approving at once", () => {
  it("lets exactly one approval through and records the spend once", async () => {
    const version = String(await currentVersion(prestonQ1));
    const other = await createTestUser({ roles: ["officer"], districtIds: ["district-preston"] });
    const responses = await Promise.all([
      review(COUNTY_OFFICER, prestonQ1, { intent: "approve", version }),
      review(other, prestonQ1, { intent: "approve", version }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([302, 409]);
    const refused = responses.find((r) => r.status === 409)!;
    expect((await jsonOf(refused)).formError).toMatch(/^This return was approved on .+ and is locked\. Nothing has been changed\.$/);
    const ledger = await getDb().selectFrom("ledger_entries").select(["amount_pence", "district_id"]).where("source_id", "=", prestonQ1).execute();
    expect(ledger).toEqual([{ amount_pence: 500_000, district_id: "district-preston" }]);
  });
});

describe("the queue's tabs", () => {
  // Returns placed around today: one due in 5 days, one 3 days overdue, one queried.
  let dueSoon: string;
  let overdue: string;
  let queried: string;

  beforeAll(async () => {
    const today = ukDate();
    const last = previousQuarter(quarterOf(today));
    const lastEnd = quarterDates(last).end;
    // A one-quarter project for last quarter, due N days after it ended.
    const oneQuarter = async (daysFromToday: number) => {
      const p = await createTestProject({
        startDate: quarterDates(last).start, endDate: lastEnd, dueDays: daysBetween(lastEnd, today) + daysFromToday,
      });
      return p.returns[quarterLabel(last)];
    };
    dueSoon = await oneQuarter(5);
    overdue = await oneQuarter(-3);
    const twoBack = previousQuarter(last);
    const q = await createTestProject({ startDate: quarterDates(twoBack).start, endDate: quarterDates(twoBack).end, dueDays: 21 });
    queried = q.returns[quarterLabel(twoBack)];
    await submitTestReturn({ returnId: queried, content: DEFAULT_CONTENT(q) });
    await getDb().updateTable("returns").set({ status: "queried" }).where("id", "=", queried).execute();
  });

  it("lists the returns due in the next 14 days, the overdue ones and the queried ones", async () => {
    const ids = async (tab: string) =>
      (await jsonOf(await run(queueLoader, await getRequest(`/reviews?tab=${tab}`, CHORLEY_OFFICER)))).returns.map((r: { id: string }) => r.id);
    expect(await ids("due")).toContain(dueSoon);
    expect(await ids("due")).not.toContain(overdue);
    expect(await ids("overdue")).toContain(overdue);
    expect(await ids("overdue")).not.toContain(dueSoon);
    expect(await ids("queried")).toEqual([queried]);
    const page = await jsonOf(await run(queueLoader, await getRequest("/reviews?tab=overdue", CHORLEY_OFFICER)));
    expect(page.returns.find((r: { id: string }) => r.id === overdue).daysOverdue).toBe(3);
    expect(page.tabs.find((t: { key: string }) => t.key === "queried").count).toBe(1);
  });

  it("sorts by due date either way and downloads the same list as CSV", async () => {
    const dates = async (dir: string) =>
      (await jsonOf(await run(queueLoader, await getRequest(`/reviews?tab=overdue&sort=due_date&dir=${dir}`, COUNTY_OFFICER)))).returns.map((r: { dueDate: string }) => r.dueDate);
    const asc = await dates("asc");
    expect(asc.length).toBeGreaterThan(1);
    expect(asc).toEqual([...asc].sort());
    expect(await dates("desc")).toEqual([...asc].reverse());

    const csv = await run(queueCsvLoader, await getRequest("/reviews.csv?tab=queried&format=csv", CHORLEY_OFFICER));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Project reference,Project,Provider,District,Quarter,Due,Status,Submitted,Days overdue");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("Red Rose Family Support,Chorley");
    expect(lines[1]).toContain("Queried");
  });
});

describe("the pages as served without JavaScript", () => {
  it("render the queue, the review page with its forms for the officer only, and the versions", async () => {
    const queue = await renderPage(QueuePage, queueLoader, "/reviews?tab=queried", CHORLEY_OFFICER);
    expect(queue).toContain("Queried (1)");
    expect(queue).toContain('href="/reviews.csv?tab=queried&amp;format=csv"');

    const officerPage = await renderPage(ReviewPage, reviewLoader, reviewPath(prestonQ1), COUNTY_OFFICER, params(prestonQ1));
    expect(officerPage).toContain('<strong class="govuk-tag govuk-tag--green">Green</strong>');
    expect(officerPage).toContain("This return was approved on");

    const fresh = await createTestProject();
    const open = fresh.returns["2026-27 Q1"];
    await submitTestReturn({ returnId: open, content: DEFAULT_CONTENT(fresh) });
    const reviewing = await renderPage(ReviewPage, reviewLoader, reviewPath(open), CHORLEY_OFFICER, params(open));
    expect(reviewing).toContain('name="section.spend"');
    expect(reviewing).toContain(`name="figure.${fresh.indicators[0].id}"`);
    expect(reviewing).toContain('<input type="hidden" name="intent" value="approve"/>');
    expect(reviewing).toContain("Approve the return");
    const providers = await renderPage(ReviewPage, reviewLoader, reviewPath(open), RED_ROSE_PROVIDER, params(open));
    expect(providers).toContain("Families supported");
    expect(providers).not.toContain("Approve the return");
    expect(providers).not.toContain('name="section.spend"');

    const versions = await renderPage(VersionsPage, versionsLoader, `/returns/${q2}/versions`, CHORLEY_OFFICER, params(q2));
    expect(versions).toContain("Changes from version 1 to version 2");
    expect(versions).toContain("Families supported: Actual");
  });
});

describe("the differences between two snapshots", () => {
  it("name list items by their name or category, keep ids and checksums out, and report additions and removals", () => {
    const before = {
      format: "return-snapshot-v1", return_id: "r1",
      outputs: [{ indicator_id: "a", name: "Families", actual: 1, target: 10 }],
      spend: [{ category: "staff", amount_pence: 1000, profile_pence: 1000, variance_reason: null }],
      beneficiaries: { bands: [{ age_band: "5-10", new_count: 2, continuing_count: 0 }], total: 2 },
      narrative: { risks: "One", next_steps: "Recruit" },
      case_studies: [{ id: "c1", title: "Family A", story: "Before", themes: [{ id: "t1", name: "Parenting" }] }],
      evidence: [{ id: "f1", filename: "a.pdf", size_bytes: 2048, sha256: "aa", content_type: "application/pdf" }],
    };
    const after = {
      format: "return-snapshot-v1", return_id: "r1",
      outputs: [{ indicator_id: "a", name: "Families", actual: 2, target: 10 }],
      spend: [{ category: "staff", amount_pence: 1250, profile_pence: 1000, variance_reason: "Agency cover" }],
      beneficiaries: { bands: [{ age_band: "5-10", new_count: 3, continuing_count: 0 }], total: 3 },
      narrative: { risks: "One", next_steps: "Recruit two" },
      case_studies: [{ id: "c1", title: "Family A", story: "Before", themes: [{ id: "t1", name: "Parenting" }, { id: "t2", name: "School attendance" }] }],
      evidence: [{ id: "f2", filename: "b.pdf", size_bytes: 10, sha256: "bb", content_type: "application/pdf" }],
    };
    expect(diffContents(before, after)).toEqual([
      { section: "Outputs", field: "Families: Actual", before: "1", after: "2" },
      { section: "Spend", field: "Staff: Amount", before: "£10.00", after: "£12.50" },
      { section: "Spend", field: "Staff: Variance reason", before: "", after: "Agency cover" },
      { section: "Beneficiaries", field: "5-10: New count", before: "2", after: "3" },
      { section: "Beneficiaries", field: "Total", before: "2", after: "3" },
      { section: "Narrative", field: "Next steps", before: "Recruit", after: "Recruit two" },
      { section: "Case studies", field: "Family A: Themes", before: "Parenting", after: "Parenting, School attendance" },
      { section: "Evidence", field: "b.pdf: Size", before: "", after: "10 bytes" },
      { section: "Evidence", field: "a.pdf: Size", before: "2 KB", after: "" },
    ]);
    expect(diffContents(after, after)).toEqual([]);
  });
});
