// Unit costs, the uprating index and links from outcomes to unit costs, through the routes:
// who may, what is stored, what is audited, and what comes back when the input is wrong.
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { seedUnitCosts } from "../../demo/unit-costs";
import { financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { formatPence } from "~/lib/money";
import ListPage, { loader as listLoader } from "~/routes/admin.unit-costs._index";
import { loader as csvLoader } from "~/routes/admin.unit-costs[.]csv";
import NewPage, { action as newAction, loader as newLoader } from "~/routes/admin.unit-costs.new";
import EditPage, { action as editAction, loader as editLoader } from "~/routes/admin.unit-costs.$unitCostId";
import UpratingPage, { action as upratingAction, loader as upratingLoader } from "~/routes/admin.uprating";
import LinkPage, { action as linkAction, loader as linkLoader } from "~/routes/projects.$projectId.indicators.$indicatorId.value";
import ProjectPage, { loader as projectLoader } from "~/routes/projects.$projectId._index";
import { createTestUser, getRequest, jsonOf, postRequest, run, TEST_IP, type TestUser } from "../helpers/requests";
import { createTestProject, type TestProject } from "../helpers/projects";
import { StaleEditError } from "~/models/errors";
import { costAvoidedPence } from "~/models/unit-costs/uprating.server";
import { LINK_MESSAGES, UNIT_COST_MESSAGES, UPRATING_MESSAGES } from "~/schemas/unit-costs";
import { getIndicatorCostLinks } from "~/models/unit-costs/links.server";

// The pages are rendered as a browser without JavaScript gets them: the Remix hooks hand
// the component what the loader (and, after a post, the action) returned.
const ui = vi.hoisted(() => ({ data: null as unknown, action: undefined as unknown, url: "/" }));
vi.mock("@remix-run/react", async (original) => {
  const actual = await original<typeof import("@remix-run/react")>();
  const { createElement: h } = await import("react");
  return {
    ...actual,
    useLoaderData: () => ui.data,
    // The root loader's data, as the portal's Form reads it for its forgery token.
    useRouteLoaderData: () => ({ formToken: "test-form-token" }),
    useActionData: () => ui.action,
    useLocation: () => {
      const u = new URL(ui.url, "http://portal.test");
      return { pathname: u.pathname, search: u.search, hash: "", state: null, key: "default" };
    },
    Link: ({ to, children, reloadDocument: _r, ...rest }: { to: string; children?: ReactNode; reloadDocument?: boolean }) => h("a", { href: to, ...rest }, children),
    Form: ({ children, method }: { children?: ReactNode; method?: string }) => h("form", { method }, children),
  };
});

async function renderPage(
  Page: () => ReactNode, loader: Parameters<typeof run>[0], path: string, user: { id: string }, routeParams: Record<string, string> = {},
  actionData?: unknown,
): Promise<string> {
  const response = await run(loader, await getRequest(path, user), routeParams);
  expect(response.status).toBe(200);
  ui.data = await jsonOf(response);
  ui.action = actionData;
  ui.url = path;
  return renderToString(createElement(Page));
}

/** The page's text as a reader hears it: tags gone, entities decoded, spaces squeezed. */
const textOf = (html: string): string =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<\/?(?:a|span|strong|em|abbr)(?:\s[^>]*)?>/g, "")
    .replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

const admin = { id: "user-admin" };
const officer = { id: "user-officer" }; // county-wide
const chorleyOfficer = { id: "user-chorley-officer" }; // Chorley only
const provider = { id: "user-provider" }; // Red Rose Family Support
const db = () => getDb();

const YEAR = financialYearOf(new Date());
/** SS1.0, £51,080 at 2013-14 prices, at this year's prices with only the 2% default: 5,108,000p × 1.02 per year since. */
const ss1AtDefault = () => Math.round(5_108_000 * 1.02 ** (YEAR - 2013));

let burnleyOfficer: TestUser;
let project: TestProject;
const projectId = () => project.id;
let outcomeId: string;
let outputId: string;
let lowerId: string;

beforeAll(async () => {
  await seedDemoData(getDb());
  // The demo seed brings the reference unit costs; this file does not rely on it doing so.
  const { n } = await db().selectFrom("unit_costs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  if (Number(n) === 0) await db().transaction().execute((trx) => seedUnitCosts(trx));
  burnleyOfficer = await createTestUser({ roles: ["officer"], districtIds: ["district-burnley"] });
  project = await createTestProject({
    indicators: [
      { kind: "output", name: "Families supported", unit: "count", measure: "per_quarter", direction: "higher", targets: {} },
      { kind: "outcome", name: "Children kept out of care", unit: "count", measure: "per_quarter", direction: "higher", targets: {} },
      { kind: "outcome", name: "Repeat referrals", unit: "count", measure: "per_quarter", direction: "lower", targets: {} },
    ],
  });
  [outputId, outcomeId, lowerId] = project.indicators.map((i) => i.id);
});

async function auditFor(recordId: string) {
  return db()
    .selectFrom("audit_events")
    .select(["action", "actor_user_id", "ip", "before_json", "after_json"])
    .where("record_id", "=", recordId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

class Rollback extends Error {}

describe("the reference unit costs", () => {
  it("seedUnitCosts inserts all 23 rows of the reference file, priced in pence with price year and bearer", async () => {
    let rows: { id: string; code: string; value_pence: number; price_year: number; bearer: string; per: string; cost_type: string; agency: string }[] = [];
    let sources: [string, string][] = [];
    // Seeded afresh inside a transaction that is then undone, so the rest of the file is unaffected.
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom("indicator_unit_costs").execute();
        await trx.deleteFrom("unit_costs").execute();
        await seedUnitCosts(trx);
        rows = await trx.selectFrom("unit_costs").select(["id", "code", "value_pence", "price_year", "bearer", "per", "cost_type", "agency"]).execute();
        sources = (await trx.selectFrom("unit_costs").select(["code", "source"]).execute()).map((r) => [r.code, r.source]);
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(rows).toHaveLength(23);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get("SS1.0")).toEqual({
      id: "unit-cost-ss1-0", code: "SS1.0", value_pence: 5_108_000, price_year: 2013, bearer: "council", per: "year", cost_type: "fiscal",
      agency: "children's services",
    });
    expect(byCode.get("HO107")).toEqual({
      id: "unit-cost-ho107", code: "HO107", value_pence: 3_401_500, price_year: 2016, bearer: "partners", per: "victim", cost_type: "economic",
      agency: "multiple",
    });
    expect(byCode.get("E&S2.0")).toMatchObject({ id: "unit-cost-e-s2-0", bearer: "council", price_year: 2005 });
    expect(byCode.get("CR4.0")).toMatchObject({ bearer: "council", value_pence: 315_200 });
    expect(byCode.get("HE12.3")).toMatchObject({ bearer: "partners", value_pence: 501_500 });
    expect(rows.filter((r) => r.bearer === "council")).toHaveLength(11);
    // A source names a publication a reader can find, never a file of ours.
    expect(sources.filter(([, source]) => /\.(txt|csv|json|pdf)\b|seeds\//i.test(source))).toEqual([]);
    expect(new Map(sources).get("BR-CARE")).toBe("Bromley Care Services PDS Committee, 23 Sep 2015, Appendix 3");
  });
});

describe("the list of unit costs", () => {
  it("shows each cost's original value and price year, and its value at this year's prices", async () => {
    const response = await run(listLoader, await getRequest("/admin/unit-costs", admin));
    expect(response.status).toBe(200);
    const { page, yearLabel } = await jsonOf(response);
    expect(yearLabel).toBe(financialYearLabel(YEAR));
    expect(page.total).toBe(23);
    const ss1 = page.items.find((u: { code: string }) => u.code === "SS1.0");
    expect(ss1).toMatchObject({ valuePence: 5_108_000, priceYear: 2013, priceYearLabel: "2013-14", bearer: "council", upratedPence: ss1AtDefault() });
  });

  it("searches, filters by who the cost falls to, and sorts", async () => {
    const search = await jsonOf(await run(listLoader, await getRequest("/admin/unit-costs?q=domestic", admin)));
    expect(search.page.items.map((u: { code: string }) => u.code).sort()).toEqual(["CR2.0", "HO107"]);
    const council = await jsonOf(await run(listLoader, await getRequest("/admin/unit-costs?bearer=council", admin)));
    expect(council.page.total).toBe(11);
    const dearest = await jsonOf(await run(listLoader, await getRequest("/admin/unit-costs?sort=value&dir=desc", admin)));
    expect(dearest.page.items.slice(0, 2).map((u: { code: string }) => u.code)).toEqual(["BR-CARE", "SS1.0"]);
  });

  it("renders each cost with its original value, price year and uprated value", async () => {
    const text = textOf(await renderPage(ListPage, listLoader, "/admin/unit-costs?q=SS1.0", admin));
    expect(text).toContain("Looked-after child, average across all care settings");
    expect(text).toContain("£51,080.00 per year 2013-14");
    expect(text).toContain(`At ${financialYearLabel(YEAR)} prices`);
    expect(text).toContain(formatPence(ss1AtDefault()));
  });

  it("downloads as CSV with the uprated value", async () => {
    const response = await run(csvLoader, await getRequest("/admin/unit-costs.csv?q=SS1.0&format=csv", admin));
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const text = await response.text();
    expect(text).toContain(`Uprated to ${financialYearLabel(YEAR)} (£)`);
    expect(text).toContain(`SS1.0,"Looked-after child, average across all care settings",51080.00,year,2013-14,${(ss1AtDefault() / 100).toFixed(2)}`);
  });

  it("is for admins only", async () => {
    expect((await run(listLoader, await getRequest("/admin/unit-costs", officer))).status).toBe(403);
    expect((await run(newLoader, await getRequest("/admin/unit-costs/new", chorleyOfficer))).status).toBe(403);
    expect((await run(editLoader, await getRequest("/admin/unit-costs/unit-cost-ss1-0", provider), { unitCostId: "unit-cost-ss1-0" })).status).toBe(403);
    const post = await run(newAction, await postRequest("/admin/unit-costs/new", { code: "X1" }, officer));
    expect(post.status).toBe(403);
  });
});

describe("adding and changing a unit cost", () => {
  const fields = {
    code: "LA-EHC", item: "Education, health and care needs assessment", value: "£4,250.50", per: "each", price_year: "2022-23",
    cost_type: "fiscal", agency: "education", bearer: "council", source: "Council finance team, 2023", is_active: "yes",
  };
  let id: string;

  it("adds one, in pence and price year, with an audit event", async () => {
    const response = await run(newAction, await postRequest("/admin/unit-costs/new", fields, admin));
    expect(response.status).toBe(302);
    const row = await db().selectFrom("unit_costs").selectAll().where("code", "=", "LA-EHC").executeTakeFirstOrThrow();
    id = row.id;
    expect(response.headers.get("Location")).toBe(`/admin/unit-costs/${id}`);
    expect(row).toMatchObject({ value_pence: 425_050, price_year: 2022, per: "each", bearer: "council", is_active: 1, version: 1 });
    const audit = await auditFor(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "unit_cost.created", actor_user_id: "user-admin", ip: TEST_IP });
    expect(JSON.parse(audit[0].after_json ?? "{}")).toMatchObject({ code: "LA-EHC", value_pence: 425_050, price_year: "2022-23" });
  });

  it("refuses bad input beside each field and keeps what was typed", async () => {
    const bad = { ...fields, code: "NEW-1", value: "lots", price_year: "2022", bearer: "" };
    const response = await run(newAction, await postRequest("/admin/unit-costs/new", bad, admin));
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({
      value: UNIT_COST_MESSAGES.value,
      price_year: UNIT_COST_MESSAGES.priceYear,
      bearer: UNIT_COST_MESSAGES.bearer,
    });
    expect(body.values).toMatchObject({ code: "NEW-1", value: "lots", price_year: "2022", item: fields.item });
    expect(await db().selectFrom("unit_costs").select("id").where("code", "=", "NEW-1").executeTakeFirst()).toBeUndefined();
  });

  it("refuses a code already in use, whatever its case", async () => {
    const response = await run(newAction, await postRequest("/admin/unit-costs/new", { ...fields, code: "ss1.0" }, admin));
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({ code: UNIT_COST_MESSAGES.duplicateCode });
    expect(body.values.code).toBe("ss1.0");
  });

  it("shows the cost at this year's prices on its page", async () => {
    const response = await run(editLoader, await getRequest(`/admin/unit-costs/${id}`, admin), { unitCostId: id });
    const body = await jsonOf(response);
    expect(body.unitCost).toMatchObject({ code: "LA-EHC", valuePence: 425_050, version: 1 });
    expect(body.priceYearLabel).toBe("2022-23");
    expect(body.upratedPence).toBe(Math.round(425_050 * 1.02 ** Math.max(0, YEAR - 2022)));
    expect(body.linked).toBe(0);
  });

  it("renders the change form with the saved values, and the add form with what was typed and the errors", async () => {
    const edit = await renderPage(EditPage, editLoader, `/admin/unit-costs/${id}`, admin, { unitCostId: id });
    expect(edit).toContain('name="version" value="1"');
    expect(edit).toContain('value="4250.50"');
    expect(edit).toContain('value="2022-23"');
    expect(textOf(edit)).toContain("£4,250.50 each, at 2022-23 prices");

    const sent = await run(newAction, await postRequest("/admin/unit-costs/new", { ...fields, code: "NEW-2", value: "lots" }, admin));
    const page = await renderPage(NewPage, newLoader, "/admin/unit-costs/new", admin, {}, await jsonOf(sent));
    expect(page).toContain("There is a problem");
    expect(page).toContain(`href="#value">${UNIT_COST_MESSAGES.value}`);
    expect(page).toContain('value="lots"');
    expect(page).toContain('value="NEW-2"');
  });

  it("changes it with the version it was read at, and audits before and after", async () => {
    const response = await run(
      editAction,
      await postRequest(`/admin/unit-costs/${id}`, { ...fields, value: "4300", bearer: "partners", version: "1" }, admin),
      { unitCostId: id },
    );
    expect(response.status).toBe(302);
    const row = await db().selectFrom("unit_costs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ value_pence: 430_000, bearer: "partners", version: 2 });
    const audit = await auditFor(id);
    expect(audit.map((a) => a.action)).toEqual(["unit_cost.created", "unit_cost.updated"]);
    expect(JSON.parse(audit[1].before_json ?? "{}")).toMatchObject({ value_pence: 425_050, bearer: "council" });
    expect(JSON.parse(audit[1].after_json ?? "{}")).toMatchObject({ value_pence: 430_000, bearer: "partners" });
  });

  it("refuses a stale edit with a clear message and keeps what was typed", async () => {
    const response = await run(
      editAction,
      await postRequest(`/admin/unit-costs/${id}`, { ...fields, value: "9999", version: "1" }, admin),
      { unitCostId: id },
    );
    expect(response.status).toBe(409);
    const body = await jsonOf(response);
    expect(body.formError).toBe(new StaleEditError("unit cost").message);
    expect(body.values.value).toBe("9999");
    const row = await db().selectFrom("unit_costs").select(["value_pence", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ value_pence: 430_000, version: 2 });
  });

  it("refuses bad input on a change too", async () => {
    const response = await run(
      editAction,
      await postRequest(`/admin/unit-costs/${id}`, { ...fields, value: "0", version: "2" }, admin),
      { unitCostId: id },
    );
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({ value: UNIT_COST_MESSAGES.valuePositive });
  });

  it("is refused to anyone but an admin", async () => {
    const response = await run(
      editAction,
      await postRequest(`/admin/unit-costs/${id}`, { ...fields, version: "2" }, officer),
      { unitCostId: id },
    );
    expect(response.status).toBe(403);
    expect((await db().selectFrom("unit_costs").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version).toBe(2);
  });
});

describe("the uprating index", () => {
  it("lists every year from the oldest price year (2002-03) to this year, at the default rate", async () => {
    const response = await run(upratingLoader, await getRequest("/admin/uprating", admin));
    expect(response.status).toBe(200);
    const { years, defaultPercent } = await jsonOf(response);
    expect(defaultPercent).toBe(2);
    expect(years.map((y: { year: number }) => y.year)).toEqual(Array.from({ length: YEAR - 2002 + 1 }, (_, i) => YEAR - i));
    expect(years[years.length - 1]).toMatchObject({ label: "2002-03", ownRatePercent: null, ratePercent: 2 });
    expect(years[0].factorToReportingYear).toBe(1);
  });

  it("sets a year's rate, audited, and the unit costs are uprated with it", async () => {
    const response = await run(upratingAction, await postRequest("/admin/uprating", { intent: "set", financial_year: "2020-21", rate_percent: "3" }, admin));
    expect(response.status).toBe(302);
    expect(await db().selectFrom("uprating_rates").select(["financial_year", "rate_percent"]).execute()).toEqual([{ financial_year: 2020, rate_percent: 3 }]);
    const audit = await auditFor("2020");
    expect(audit[0]).toMatchObject({ action: "uprating_rate.set", actor_user_id: "user-admin" });
    expect(JSON.parse(audit[0].after_json ?? "{}")).toEqual({ financial_year: "2020-21", rate_percent: 3 });

    const { years } = await jsonOf(await run(upratingLoader, await getRequest("/admin/uprating", admin)));
    expect(years.find((y: { year: number }) => y.year === 2020)).toMatchObject({ ownRatePercent: 3, ratePercent: 3 });
    expect(years.find((y: { year: number }) => y.year === 2019)).toMatchObject({ ownRatePercent: null, ratePercent: 2 });

    // SS1.0 to this year: 2% for every year since 2013-14 but 2020-21, which is 3%.
    const expected = Math.round(5_108_000 * 1.02 ** (YEAR - 2013 - 1) * 1.03);
    const { page } = await jsonOf(await run(listLoader, await getRequest("/admin/unit-costs?q=SS1.0", admin)));
    expect(page.items[0].upratedPence).toBe(expected);
  });

  it("renders the rates in force, own and default, with a way to change or clear each", async () => {
    const html = await renderPage(UpratingPage, upratingLoader, "/admin/uprating?year=2020-21", admin);
    const text = textOf(html);
    expect(text).toContain("2020-21 3% Set for this year");
    expect(text).toContain("2019-20 2% The default");
    expect(text).toContain("Clear the rate for 2020-21");
    expect(text).not.toContain("Clear the rate for 2019-20");
    // "Change" on a row fills the form with that year and its rate.
    expect(html).toMatch(/name="financial_year"[^>]* value="2020-21"/);
    expect(html).toMatch(/name="rate_percent"[^>]* value="3"/);
  });

  it("refuses a year or rate it cannot read, keeping what was typed", async () => {
    const response = await run(upratingAction, await postRequest("/admin/uprating", { intent: "set", financial_year: "2020", rate_percent: "99" }, admin));
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({ financial_year: UPRATING_MESSAGES.year, rate_percent: UPRATING_MESSAGES.rateRange });
    expect(body.values).toMatchObject({ financial_year: "2020", rate_percent: "99" });
  });

  it("clears a year's rate, audited, so the default applies again", async () => {
    const response = await run(upratingAction, await postRequest("/admin/uprating", { intent: "clear", financial_year: "2020-21" }, admin));
    expect(response.status).toBe(302);
    expect(await db().selectFrom("uprating_rates").selectAll().execute()).toEqual([]);
    expect((await auditFor("2020")).map((a) => a.action)).toEqual(["uprating_rate.set", "uprating_rate.cleared"]);
  });

  it("is for admins only", async () => {
    expect((await run(upratingLoader, await getRequest("/admin/uprating", officer))).status).toBe(403);
    const post = await run(upratingAction, await postRequest("/admin/uprating", { intent: "set", financial_year: "2020-21", rate_percent: "3" }, officer));
    expect(post.status).toBe(403);
    expect(await db().selectFrom("uprating_rates").selectAll().execute()).toEqual([]);
  });
});

describe("linking an outcome to a unit cost", () => {
  const path = (indicatorId: string) => `/projects/${project.id}/indicators/${indicatorId}/value`;
  const params = (indicatorId: string) => ({ projectId: project.id, indicatorId });
  const linkFields = { intent: "link", unit_cost_id: "unit-cost-ss1-0", deadweight_percent: "20", attribution_percent: "10", optimism_bias_percent: "15", version: "" };

  it("shows the page to an officer covering the district, explaining the formula", async () => {
    const response = await run(linkLoader, await getRequest(path(outcomeId), chorleyOfficer), params(outcomeId));
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.indicator).toMatchObject({ id: outcomeId, kind: "outcome", direction: "higher", linkable: true });
    expect(body.link).toBeNull();
    // The 23 reference costs and LA-EHC, added by the admin above: every active one.
    expect(body.options).toHaveLength(24);
    expect(body.options.find((o: { value: string }) => o.value === "unit-cost-ss1-0").label).toContain("SS1.0: Looked-after child");
  });

  it("shows a worked example of the figures typed, without saving", async () => {
    const response = await run(linkAction, await postRequest(path(outcomeId), { ...linkFields, intent: "preview" }, chorleyOfficer), params(outcomeId));
    expect(response.status).toBe(200);
    const { example, errors } = await jsonOf(response);
    expect(errors).toEqual({});
    const uprated = ss1AtDefault();
    expect(example).toMatchObject({
      outcomes: 10, code: "SS1.0", upratedPence: uprated, grossPence: 10 * uprated,
      afterDeadweightPence: Math.round(10 * uprated * 0.8),
      totalPence: costAvoidedPence(10, uprated, { deadweightPercent: 20, attributionPercent: 10, optimismBiasPercent: 15 }),
      perOutcomePence: Math.round(uprated * 0.8 * 0.9 * 0.85),
    });
    expect((await getIndicatorCostLinks(db(), [outcomeId])).size).toBe(0);
  });

  it("answers an unknown intent with 400 and links nothing", async () => {
    const audits = await db().selectFrom("audit_events").select("id").execute();
    const response = await run(linkAction, await postRequest(path(outcomeId), { ...linkFields, intent: "save" }, chorleyOfficer), params(outcomeId));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).values.unit_cost_id).toBe("unit-cost-ss1-0");
    expect((await getIndicatorCostLinks(db(), [outcomeId])).size).toBe(0);
    expect(await db().selectFrom("audit_events").select("id").execute()).toHaveLength(audits.length);
  });

  it("links the outcome, audited, and the project page shows it", async () => {
    const response = await run(linkAction, await postRequest(path(outcomeId), linkFields, chorleyOfficer), params(outcomeId));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}#indicators`);
    const link = (await getIndicatorCostLinks(db(), [outcomeId, outputId])).get(outcomeId);
    expect(link).toMatchObject({
      indicatorId: outcomeId, version: 1, deadweightPercent: 20, attributionPercent: 10, optimismBiasPercent: 15,
      unitCost: { id: "unit-cost-ss1-0", code: "SS1.0", valuePence: 5_108_000, priceYear: 2013, bearer: "council", per: "year" },
    });
    const stored = await db().selectFrom("indicator_unit_costs").select("created_by").where("indicator_id", "=", outcomeId).executeTakeFirstOrThrow();
    expect(stored.created_by).toBe("user-chorley-officer");
    const audit = await auditFor(outcomeId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "indicator_unit_cost.linked", actor_user_id: "user-chorley-officer", ip: TEST_IP });
    expect(JSON.parse(audit[0].after_json ?? "{}")).toEqual({
      unit_cost_id: "unit-cost-ss1-0", unit_cost_code: "SS1.0", deadweight_percent: 20, attribution_percent: 10, optimism_bias_percent: 15,
    });

    const page = await jsonOf(await run(projectLoader, await getRequest(`/projects/${project.id}`, chorleyOfficer), { projectId: project.id }));
    expect(page.canLinkCosts).toBe(true);
    expect(page.costLinks).toEqual({
      [outcomeId]: {
        linkable: true,
        unitCost: { code: "SS1.0", item: "Looked-after child, average across all care settings", deadweightPercent: 20, attributionPercent: 10, optimismBiasPercent: 15 },
      },
      [outputId]: { linkable: false, unitCost: null },
      [lowerId]: { linkable: false, unitCost: null },
    });

    const providerPage = await jsonOf(await run(projectLoader, await getRequest(`/projects/${project.id}`, provider), { projectId: project.id }));
    expect(providerPage.canLinkCosts).toBe(false);
  });

  it("explains the formula in plain words and works the example through with the chosen figures", async () => {
    const html = await renderPage(LinkPage, linkLoader, path(outcomeId), chorleyOfficer, params(outcomeId));
    const text = textOf(html);
    expect(text).toContain(
      "Each outcome achieved counts the unit cost, uprated to this year's prices, less deadweight (would have happened anyway), attribution (down to others) and optimism bias.",
    );
    const uprated = ss1AtDefault();
    expect(text).toContain(`SS1.0 is £51,080.00 per year at 2013-14 prices, which is ${formatPence(uprated)} at ${financialYearLabel(YEAR)} prices`);
    expect(text).toContain(`10 outcomes × ${formatPence(uprated)} = ${formatPence(10 * uprated)}`);
    const total = costAvoidedPence(10, uprated, { deadweightPercent: 20, attributionPercent: 10, optimismBiasPercent: 15 });
    expect(text).toContain(`Less optimism bias of 15%: ${formatPence(total)} estimated costs avoided, falling to the council`);
    expect(text).not.toMatch(/saving/i);
    expect(html).toContain('name="version" value="1"');
    expect(html).toContain('value="unit-cost-ss1-0" selected=""');

    const project = textOf(await renderPage(ProjectPage, projectLoader, `/projects/${projectId()}`, chorleyOfficer, { projectId: projectId() }));
    expect(project).toContain("Counts towards estimated costs avoided against unit cost SS1.0");
    expect(project).toContain("Change for Children kept out of care");
    expect(project).not.toContain("for Families supported");
    expect(project).not.toContain("for Repeat referrals");
    const seenByProvider = textOf(await renderPage(ProjectPage, projectLoader, `/projects/${projectId()}`, provider, { projectId: projectId() }));
    expect(seenByProvider).toContain("Counts towards estimated costs avoided against unit cost SS1.0");
    expect(seenByProvider).not.toContain("Change for Children kept out of care");
  });

  it("shows the link with its worked example when the page is opened again", async () => {
    const body = await jsonOf(await run(linkLoader, await getRequest(path(outcomeId), chorleyOfficer), params(outcomeId)));
    expect(body.link).toMatchObject({ version: 1, deadweightPercent: 20, unitCost: { code: "SS1.0", priceYearLabel: "2013-14" } });
    expect(body.form).toMatchObject({ unit_cost_id: "unit-cost-ss1-0", deadweight_percent: "20", version: "1" });
    expect(body.example.totalPence).toBe(costAvoidedPence(10, ss1AtDefault(), { deadweightPercent: 20, attributionPercent: 10, optimismBiasPercent: 15 }));
  });

  it("changes the link with the version it was read at, and refuses a stale change", async () => {
    const changed = { ...linkFields, unit_cost_id: "unit-cost-ss3-0", deadweight_percent: "12.5", version: "1" };
    const response = await run(linkAction, await postRequest(path(outcomeId), changed, officer), params(outcomeId));
    expect(response.status).toBe(302);
    expect((await getIndicatorCostLinks(db(), [outcomeId])).get(outcomeId)).toMatchObject({
      version: 2, deadweightPercent: 12.5, unitCost: { code: "SS3.0" },
    });
    const audit = await auditFor(outcomeId);
    expect(audit[1].action).toBe("indicator_unit_cost.changed");
    expect(JSON.parse(audit[1].before_json ?? "{}")).toMatchObject({ unit_cost_code: "SS1.0", deadweight_percent: 20 });

    const stale = await run(linkAction, await postRequest(path(outcomeId), { ...linkFields, deadweight_percent: "50", version: "1" }, chorleyOfficer), params(outcomeId));
    expect(stale.status).toBe(409);
    const body = await jsonOf(stale);
    expect(body.formError).toBe(new StaleEditError("link to a unit cost").message);
    expect(body.values.deadweight_percent).toBe("50");
    expect((await getIndicatorCostLinks(db(), [outcomeId])).get(outcomeId)).toMatchObject({ version: 2, deadweightPercent: 12.5 });
  });

  it("refuses percentages out of range beside the fields, keeping what was typed", async () => {
    const bad = { ...linkFields, deadweight_percent: "120", attribution_percent: "ten", version: "2" };
    const response = await run(linkAction, await postRequest(path(outcomeId), bad, chorleyOfficer), params(outcomeId));
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({
      deadweight_percent: LINK_MESSAGES.percentRange("deadweight"),
      attribution_percent: LINK_MESSAGES.percentFormat("attribution"),
    });
    expect(body.values).toMatchObject({ deadweight_percent: "120", attribution_percent: "ten" });
    const html = await renderPage(LinkPage, linkLoader, path(outcomeId), chorleyOfficer, params(outcomeId), body);
    expect(html).toContain(`href="#deadweight_percent">${LINK_MESSAGES.percentRange("deadweight")}`);
    expect(html).toContain('value="120"');
    expect(html).toContain('value="ten"');
  });

  it("refuses an output, and an outcome where lower is better", async () => {
    for (const id of [outputId, lowerId]) {
      const response = await run(linkAction, await postRequest(path(id), linkFields, chorleyOfficer), params(id));
      expect(response.status).toBe(400);
      expect((await jsonOf(response)).formError).toBe("Only outcomes where higher is better can count as costs avoided");
      const page = await jsonOf(await run(linkLoader, await getRequest(path(id), chorleyOfficer), params(id)));
      expect(page.indicator.linkable).toBe(false);
      const html = await renderPage(LinkPage, linkLoader, path(id), chorleyOfficer, params(id));
      expect(textOf(html)).toContain("Only outcomes where higher is better can count as costs avoided.");
      expect(html).not.toContain('name="unit_cost_id"');
    }
    expect((await getIndicatorCostLinks(db(), [outputId, lowerId])).size).toBe(0);
  });

  it("does not let an inactive unit cost be newly chosen", async () => {
    await db().updateTable("unit_costs").set({ is_active: 0 }).where("id", "=", "unit-cost-ho107").execute();
    try {
      const other = project.indicators[1].id;
      const response = await run(
        linkAction,
        await postRequest(path(other), { ...linkFields, unit_cost_id: "unit-cost-ho107", version: "2" }, chorleyOfficer),
        params(other),
      );
      expect(response.status).toBe(400);
      expect((await jsonOf(response)).errors).toEqual({ unit_cost_id: LINK_MESSAGES.unitCostInactive });
      const page = await jsonOf(await run(linkLoader, await getRequest(path(other), chorleyOfficer), params(other)));
      expect(page.options.map((o: { value: string }) => o.value)).not.toContain("unit-cost-ho107");
    } finally {
      await db().updateTable("unit_costs").set({ is_active: 1 }).where("id", "=", "unit-cost-ho107").execute();
    }
  });

  it("is refused to an officer of another district (404: not theirs to see), and to the provider (403)", async () => {
    for (const [who, status] of [[burnleyOfficer, 404], [provider, 403]] as const) {
      expect((await run(linkLoader, await getRequest(path(outcomeId), who), params(outcomeId))).status).toBe(status);
      const post = await run(linkAction, await postRequest(path(outcomeId), { ...linkFields, version: "2" }, who), params(outcomeId));
      expect(post.status).toBe(status);
    }
    expect((await getIndicatorCostLinks(db(), [outcomeId])).get(outcomeId)).toMatchObject({ version: 2, unitCost: { code: "SS3.0" } });
  });

  it("gives 404 for an indicator of another project", async () => {
    const other = await createTestProject();
    const response = await run(linkLoader, await getRequest(path(other.indicators[1].id), chorleyOfficer), params(other.indicators[1].id));
    expect(response.status).toBe(404);
  });

  it("unlinks, audited, with the version it was read at", async () => {
    const stale = await run(linkAction, await postRequest(path(outcomeId), { intent: "unlink", version: "1" }, chorleyOfficer), params(outcomeId));
    expect(stale.status).toBe(409);
    const response = await run(linkAction, await postRequest(path(outcomeId), { intent: "unlink", version: "2" }, chorleyOfficer), params(outcomeId));
    expect(response.status).toBe(302);
    expect((await getIndicatorCostLinks(db(), [outcomeId])).size).toBe(0);
    const audit = await auditFor(outcomeId);
    expect(audit[audit.length - 1]).toMatchObject({ action: "indicator_unit_cost.unlinked", actor_user_id: "user-chorley-officer" });
    expect(JSON.parse(audit[audit.length - 1].before_json ?? "{}")).toMatchObject({ unit_cost_code: "SS3.0", deadweight_percent: 12.5 });
  });
});

describe("getIndicatorCostLinks", () => {
  it("answers for many indicators at once, and for none without asking the database", async () => {
    expect((await getIndicatorCostLinks(db(), [])).size).toBe(0);
    const a = await createTestProject();
    const b = await createTestProject();
    const now = new Date().toISOString();
    await db().insertInto("indicator_unit_costs").values([
      { indicator_id: a.indicators[1].id, unit_cost_id: "unit-cost-ho107", deadweight_percent: 30, attribution_percent: 0, optimism_bias_percent: 10, created_by: null, created_at: now, updated_at: now, version: 1 },
      { indicator_id: b.indicators[1].id, unit_cost_id: "unit-cost-cr4-0", deadweight_percent: 0, attribution_percent: 25, optimism_bias_percent: 0, created_by: null, created_at: now, updated_at: now, version: 3 },
    ]).execute();
    const links = await getIndicatorCostLinks(db(), [a.indicators[0].id, a.indicators[1].id, b.indicators[1].id, b.indicators[1].id]);
    expect([...links.keys()].sort()).toEqual([a.indicators[1].id, b.indicators[1].id].sort());
    expect(links.get(a.indicators[1].id)).toMatchObject({ deadweightPercent: 30, optimismBiasPercent: 10, unitCost: { code: "HO107", bearer: "partners", priceYear: 2016 } });
    expect(links.get(b.indicators[1].id)).toMatchObject({ version: 3, attributionPercent: 25, unitCost: { code: "CR4.0", bearer: "council", valuePence: 315_200 } });
  });
});
