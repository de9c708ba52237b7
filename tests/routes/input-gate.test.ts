// Text and numbers checked once, at the edge, the same on SQLite and PostgreSQL: a NUL (or
// any control character) in an address or a form field, a version of 1e27, a project a
// century long — each refused with an answer, never a 500.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { gateAction, gateLoader, CONTROL_CHARACTER_MESSAGE } from "~/http/gate.server";
import { loader as tendersLoader } from "~/routes/tenders._index";
import { loader as returnLoader } from "~/routes/returns.$returnId._index";
import { action as newProjectAction } from "~/routes/projects.new";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings";
import { action as bidAction } from "~/routes/bids.$bidId._index";
import { action as visitAction } from "~/routes/projects.$projectId.visits.$visitId";
import { getRequest, jsonOf, postRequest, run } from "../helpers/requests";

const officer = { id: "user-officer" };
const admin = { id: "user-admin" };

beforeAll(async () => {
  await seedDemoData(getDb(), { withTenders: true });
});

// The gate's forgery check is the running server's to test (tests/e2e/security.test.ts).
const gated = <A extends Parameters<typeof gateAction>[0]>(action: A) => gateAction(action, { checkForgery: false });

describe("a NUL", () => {
  it("in an address's query or path answers 404, not a database error", async () => {
    expect((await run(gateLoader(tendersLoader), await getRequest("/tenders?q=%00", officer))).status).toBe(404);
    expect((await run(gateLoader(returnLoader), await getRequest("/returns/%00", officer), { returnId: "\u0000" })).status).toBe(404);
  });

  it("in a form field comes back beside the field, with what was typed, and nothing is saved", async () => {
    const form = (await jsonOf(await run(settingsLoader, await getRequest("/admin/settings", admin)))).form as Record<string, string>;
    const response = await run(gated(settingsAction), await postRequest("/admin/settings", { ...form, council_name: "Lanca\u0000shire" }, admin));
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({ council_name: CONTROL_CHARACTER_MESSAGE });
    expect(body.values.rag_green_percent).toBe(form.rag_green_percent);
    const stored = await getDb().selectFrom("settings").select("value").where("key", "=", "council_name").executeTakeFirst();
    expect(stored?.value ?? "").not.toContain("\u0000");
  });

  it("leaves tabs and line breaks alone", async () => {
    const form = (await jsonOf(await run(settingsLoader, await getRequest("/admin/settings", admin)))).form as Record<string, string>;
    const response = await run(gated(settingsAction), await postRequest("/admin/settings", { ...form, council_name: "Lancashire\tCounty Council" }, admin));
    expect(response.status).not.toBe(500);
    expect((await jsonOf(response).catch(() => ({})))?.errors?.council_name).not.toBe(CONTROL_CHARACTER_MESSAGE);
  });
});

describe("numbers out of range", () => {
  it("a version of 1e27 is refused as a stale form, not an integer overflow", async () => {
    const bid = await getDb().selectFrom("bids").select("id").where("status", "=", "draft").executeTakeFirstOrThrow();
    const provider = { id: "user-provider" };
    const response = await run(gated(bidAction), await postRequest(`/bids/${bid.id}`, { version: "1e27", intent: "save" }, provider), { bidId: bid.id });
    expect([400, 403]).toContain(response.status);
  });
});

describe("a version of 1e27 on a visit's action", () => {
  it("is refused as an out-of-date form, not an integer overflow (found by the fuzz test on PostgreSQL)", async () => {
    const visit = await getDb().selectFrom("monitoring_visits as visits").innerJoin("visit_actions", "visit_actions.visit_id", "visits.id")
      .select(["visits.id", "visits.project_id", "visit_actions.id as action_id"]).executeTakeFirstOrThrow();
    for (const version of ["1e27", "99999999999999999999"]) {
      const response = await run(gated(visitAction), await postRequest(`/projects/${visit.project_id}/visits/${visit.id}`, {
        intent: "close-action", action_id: visit.action_id, version,
      }, officer), { projectId: visit.project_id, visitId: visit.id });
      expect(response.status).toBe(400);
      expect((await jsonOf(response)).formError).toBe("This form is out of date: reload the page and try again");
    }
  });
});

describe("dates", () => {
  it("a project a century long is refused beside the end date", async () => {
    const response = await run(gated(newProjectAction), await postRequest("/projects/new", {
      title: "Century", organisation_id: "org-red-rose", district_id: "district-chorley", funding_stream_id: "stream-schools-forum",
      amount: "1000", start_date: "2026-04-01", end_date: "2126-03-31", intent: "create",
    }, officer));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors.end_date).toBeDefined();
  });

  it("a date outside the years the portal deals in is refused", async () => {
    const response = await run(gated(newProjectAction), await postRequest("/projects/new", {
      title: "Ancient", organisation_id: "org-red-rose", district_id: "district-chorley", funding_stream_id: "stream-schools-forum",
      amount: "1000", start_date: "0001-04-01", end_date: "0002-03-31", intent: "create",
    }, officer));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors.start_date).toBeDefined();
  });
});
