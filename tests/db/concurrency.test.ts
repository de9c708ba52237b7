// Many people saving the same thing at once, through the real route actions, on whichever
// engine this run uses. On PostgreSQL the requests really run side by side on the pool's
// connections; on SQLite the one connection takes them in turn. Either way, of N saves made
// from the same page (one version, basis or snapshot) exactly one is kept and the others are
// told someone else saved first, and numbers handed out at the same moment never clash.
import { beforeAll, describe, expect, it } from "vitest";
import { dialectName, getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { DEFAULT_CRITERIA } from "~/models/tenders/choices.server";
import { lastEndedQuarter } from "~/models/context/quarters";
import { allocationField } from "~/schemas/reference-data";
import { contextField } from "~/schemas/context";
import { ukToday } from "~/lib/dates";
import type { FormValues } from "~/lib/forms";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings";
import { action as gridAction, loader as gridLoader } from "~/routes/context.$districtId";
import { action as streamAction, loader as streamLoader } from "~/routes/admin.funding.$streamId";
import { action as narrativeAction } from "~/routes/returns.$returnId.narrative";
import { action as bidAction } from "~/routes/bids.$bidId._index";
import { action as editTenderAction, loader as editTenderLoader } from "~/routes/tenders.$tenderId.edit";
import { action as newTenderAction } from "~/routes/tenders.new";
import { action as newProjectAction } from "~/routes/projects.new";
import { getRequest, jsonOf, postRequest, run } from "../helpers/requests";
import { createTestProject } from "../helpers/projects";
import { createTestBid, createTestTender } from "../helpers/tenders";

const ENGINE = dialectName(process.env.TEST_DATABASE_URL);
const SAVES = 50;
const CREATIONS = 20;

const ADMIN = { id: "user-admin" };
const OFFICER = { id: "user-officer" }; // county-wide
const PAT = { id: "user-provider" }; // Red Rose Family Support
const db = () => getDb();

type Fields = Record<string, string | string[] | File>;
type Action = Parameters<typeof run>[0];

beforeAll(async () => {
  await seedDemoData(getDb());
});

/**
 * Posts every form at once and waits for every answer. The requests (and their sessions) are
 * made first, so only the actions themselves overlap. An action that throws is answered 500,
 * as Remix would, so a count of the answers shows every failure.
 */
async function race(action: Action, path: string, forms: Fields[], user: { id: string }, params: Record<string, string> = {}) {
  const requests = [];
  for (const fields of forms) requests.push(await postRequest(path, fields, user));
  return Promise.all(requests.map((request) =>
    run(action, request, params).catch((error: unknown) => new Response(String(error), { status: 500 }))));
}

/** How many answers had each status: { 302: 1, 409: 49 }. */
function tally(responses: Response[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const r of responses) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

/** One save kept, every other refused as stale with what was typed: the index of the one kept. */
async function oneWinner(responses: Response[], staleMessage: RegExp): Promise<number> {
  expect(tally(responses)).toEqual({ 302: 1, 409: responses.length - 1 });
  for (const response of responses.filter((r) => r.status === 409)) {
    expect((await jsonOf(response)).formError).toMatch(staleMessage);
  }
  return responses.findIndex((r) => r.status === 302);
}

async function auditCount(action: string, recordId?: string): Promise<number> {
  let query = db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", action);
  if (recordId) query = query.where("record_id", "=", recordId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

const numbered = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe(`${SAVES} saves from the same page at once, on ${ENGINE}`, () => {
  it("settings: one is kept, the rest are told someone else saved", async () => {
    const loaded = await jsonOf(await run(settingsLoader, await getRequest("/admin/settings", ADMIN)));
    const audits = await auditCount("settings.updated");
    const responses = await race(
      settingsAction, "/admin/settings",
      numbered(SAVES).map((i) => ({ ...loaded.form, basis: loaded.basis, council_name: `Council number ${i}` })),
      ADMIN,
    );
    const winner = await oneWinner(responses, /^Someone else changed this settings while you were editing it/);
    const stored = await db().selectFrom("settings").select("value").where("key", "=", "council_name").executeTakeFirstOrThrow();
    expect(stored.value).toBe(`Council number ${winner + 1}`);
    expect(await auditCount("settings.updated")).toBe(audits + 1);
  });

  it("a district's context figures: one is kept", async () => {
    const quarter = lastEndedQuarter(ukToday());
    const district = "district-chorley";
    const loaded = await jsonOf(await run(gridLoader, await getRequest(`/context/${district}?quarter=${encodeURIComponent(quarter)}`, ADMIN), { districtId: district }));
    const fields: Fields = { quarter, snapshot: loaded.grid.snapshot };
    for (const indicator of loaded.grid.indicators) {
      for (const q of loaded.grid.quarters) {
        const v = loaded.grid.values[indicator.id][q];
        fields[contextField(indicator.id, q)] = v === null ? "" : String(v);
      }
    }
    const indicator = loaded.grid.indicators[0].id as string;
    const cell = contextField(indicator, quarter);
    const audits = await auditCount("context-values.saved", district);
    const responses = await race(
      gridAction, `/context/${district}`,
      numbered(SAVES).map((i) => ({ ...fields, [cell]: String(1000 + i) })),
      ADMIN, { districtId: district },
    );
    const winner = await oneWinner(responses, /^Someone else changed this table of figures while you were editing it/);
    const stored = await db().selectFrom("context_values").select("value")
      .where("district_id", "=", district).where("indicator_id", "=", indicator).where("quarter", "=", quarter).executeTakeFirstOrThrow();
    expect(Number(stored.value)).toBe(1000 + winner + 1);
    expect(await auditCount("context-values.saved", district)).toBe(audits + 1);
  });

  it("a funding stream's allocations, for a year that had none and then again: one is kept each time", async () => {
    const stream = "stream-schools-forum";
    const year = 2031;
    const loadForm = async () => {
      const data = await jsonOf(await run(streamLoader, await getRequest(`/admin/funding/${stream}?year=${year}`, ADMIN), { streamId: stream }));
      const fields: Fields = { intent: "allocations", year: String(year), snapshot: data.grid.snapshot };
      for (const row of data.grid.rows) fields[allocationField(row.districtId)] = row.amountPence === null ? "" : (row.amountPence / 100).toFixed(2);
      return fields;
    };
    const amounts = async () => {
      const rows = await db().selectFrom("allocations").select(["district_id", "amount_pence"])
        .where("funding_stream_id", "=", stream).where("financial_year", "=", year).execute();
      return Object.fromEntries(rows.map((r) => [r.district_id, Number(r.amount_pence)]));
    };

    for (const round of [1, 2]) {
      const fields = await loadForm();
      const responses = await race(
        streamAction, `/admin/funding/${stream}`,
        numbered(SAVES).map((i) => ({ ...fields, [allocationField("district-chorley")]: String(round * 10_000 + i), [allocationField("district-wyre")]: String(round * 1_000 + i) })),
        ADMIN, { streamId: stream },
      );
      const winner = await oneWinner(responses, /^Someone else changed this table of allocations while you were editing it/);
      expect(await amounts()).toEqual({
        "district-chorley": (round * 10_000 + winner + 1) * 100,
        "district-wyre": (round * 1_000 + winner + 1) * 100,
      });
    }
  });

  it("a section of a return: one is kept", async () => {
    const project = await createTestProject();
    const returnId = project.returns[project.quarters[0]];
    const { version } = await db().selectFrom("returns").select("version").where("id", "=", returnId).executeTakeFirstOrThrow();
    const responses = await race(
      narrativeAction, `/returns/${returnId}/narrative`,
      numbered(SAVES).map((i) => ({ version: String(version), complete: "no", highlights: `Highlights from save ${i}` })),
      PAT, { returnId },
    );
    const winner = await oneWinner(responses, /saved this return at .*, after you opened this page\. Your changes have not been saved/);
    const stored = await db().selectFrom("returns").select(["highlights", "version"]).where("id", "=", returnId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ highlights: `Highlights from save ${winner + 1}`, version: version + 1 });
    expect(await auditCount("return.section_saved", returnId)).toBe(1);
  });

  it("a draft bid: one is kept", async () => {
    const tender = await createTestTender({ state: "open" });
    const bid = await createTestBid({ tender, organisationId: "org-red-rose", status: "draft" });
    const form = (i: number): Fields => ({
      intent: "save", version: "1", district_id: "district-chorley", title: `Bid title from save ${i}`, amount: "20,000.00",
      [`answer.${tender.questions[0].id}`]: `Answer from save ${i}`,
    });
    const responses = await race(bidAction, `/bids/${bid.id}`, numbered(SAVES).map(form), PAT, { bidId: bid.id });
    const winner = await oneWinner(responses, /^Someone else in your organisation saved this bid at .*\. Your changes have not been saved/);
    const stored = await db().selectFrom("bids").select(["title", "version"]).where("id", "=", bid.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: `Bid title from save ${winner + 1}`, version: 2 });
    const answers = await db().selectFrom("bid_answers").select("answer").where("bid_id", "=", bid.id).execute();
    expect(answers.map((a) => a.answer)).toEqual([`Answer from save ${winner + 1}`]);
    expect(await auditCount("bid.saved", bid.id)).toBe(1);
  });

  it("a draft tender: one is kept", async () => {
    const tender = await createTestTender({ state: "draft" });
    const data = await jsonOf(await run(editTenderLoader, await getRequest(`/tenders/${tender.id}/edit`, OFFICER), { tenderId: tender.id }));
    const fields: Fields = { intent: "save", version: String(data.tender.version) };
    for (const [key, value] of Object.entries(data.defaults as FormValues)) fields[Array.isArray(value) ? `${key}[]` : key] = value;
    const responses = await race(
      editTenderAction, `/tenders/${tender.id}/edit`,
      numbered(SAVES).map((i) => ({ ...fields, title: `Tender title from save ${i}` })),
      OFFICER, { tenderId: tender.id },
    );
    const winner = await oneWinner(responses, /^Someone else changed this tender while you were editing it/);
    const stored = await db().selectFrom("tenders").select(["title", "version"]).where("id", "=", tender.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: `Tender title from save ${winner + 1}`, version: 2 });
    expect(await auditCount("tender.updated", tender.id)).toBe(1);
  });
});

describe(`${CREATIONS} records numbered at once, on ${ENGINE}`, () => {
  it("projects created directly all succeed, with references that follow on without a gap", async () => {
    const before = await db().selectFrom("projects").select("reference").where("reference", "like", "PRJ-2026-%").execute();
    const highest = Math.max(0, ...before.map((p) => Number(p.reference.slice("PRJ-2026-".length))));
    const responses = await race(
      newProjectAction, "/projects/new",
      numbered(CREATIONS).map((i) => projectFields(`Parenting circle ${i}`)),
      OFFICER,
    );
    expect(tally(responses)).toEqual({ 302: CREATIONS });
    const ids = responses.map((r) => r.headers.get("Location")!.replace("/projects/", ""));
    const made = await db().selectFrom("projects").select("reference").where("id", "in", ids).execute();
    const numbers = made.map((p) => Number(p.reference.slice("PRJ-2026-".length))).sort((a, b) => a - b);
    expect(made.every((p) => /^PRJ-2026-\d{3}$/.test(p.reference))).toBe(true);
    expect(numbers).toEqual(numbered(CREATIONS).map((n) => highest + n));
  });

  it("tenders created at once all succeed, with references that follow on without a gap", async () => {
    const responses = await race(newTenderAction, "/tenders/new", numbered(CREATIONS).map((i) => tenderFields(`Family support ${i}`)), OFFICER);
    expect(tally(responses)).toEqual({ 302: CREATIONS });
    const ids = responses.map((r) => r.headers.get("Location")!.replace("/tenders/", ""));
    const made = await db().selectFrom("tenders").select("reference").where("id", "in", ids).execute();
    expect(new Set(made.map((t) => t.reference)).size).toBe(CREATIONS);
    const numbers = made.map((t) => Number(t.reference.split("-")[2])).sort((a, b) => a - b);
    expect(numbers).toEqual(numbered(CREATIONS).map((n) => numbers[0] + n - 1));
  });
});

/** A new project of £4,000 in Chorley for 2026-27 Q3 and Q4, with one indicator. */
function projectFields(title: string): Fields {
  return {
    intent: "create", organisation_id: "org-pennine-youth", district_id: "district-chorley", funding_stream_id: "stream-schools-forum",
    title, amount: "4,000", start_date: "2026-10-01", end_date: "2027-03-31",
    "budget.2026-27 Q3.staff": "2000", "budget.2026-27 Q4.staff": "2000",
    "indicators.0.kind": "output", "indicators.0.name": "Families attending", "indicators.0.definition": "Families at three sessions",
    "indicators.0.unit": "count", "indicators.0.measure": "per_quarter", "indicators.0.direction": "higher", "indicators.0.baseline": "",
    "indicators.0.target.2026-27 Q3": "5", "indicators.0.target.2026-27 Q4": "5",
  };
}

/** A complete new-tender form, opening and closing next year. */
function tenderFields(title: string): Fields {
  const year = new Date().getUTCFullYear() + 1;
  const fields: Fields = {
    intent: "save", title, specification: "Support for families with children aged 0–11.", "districts[]": ["district-chorley"],
    funding_stream_id: "stream-schools-forum", max_budget: "£25,000", procedure: "grant_competition", contract_start: `${year + 1}-04-01`, contract_end: `${year + 2}-03-31`,
    opens_at: `${year}-01-15T09:00`, closes_at: `${year}-07-01T12:00`,
    "questions.0.text": "How will you reach families who do not ask for help?", "questions.0.word_limit": "500", "questions.0.criterion": "0",
  };
  DEFAULT_CRITERIA.forEach((c, i) => {
    fields[`criteria.${i}.name`] = c.name;
    fields[`criteria.${i}.weight`] = String(c.weight_percent);
    fields[`criteria.${i}.guidance`] = c.guidance;
    fields[`criteria.${i}.max_score`] = String(c.max_score);
  });
  return fields;
}
