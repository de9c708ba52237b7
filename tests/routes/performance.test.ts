// The annual performance assessment (s71) on a demo project: the proposal from the year's
// approved figures and visits, the officer's confirmation (a different rating needs a
// reason), a stale confirmation refused, the provider reading but not confirming, another
// district's officer not finding it, and the rating in the district profile.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { action, loader } from "~/routes/projects.$projectId.performance";
import { computeProfile } from "~/models/profiles/compute.server";
import { createTestUser, getRequest, jsonOf, postRequest, run } from "../helpers/requests";

const OFFICER = { id: "user-officer" };
let project: { id: string; district_id: string; organisation_id: string };
let providerUser: { id: string };

beforeAll(async () => {
  await seedDemoData(getDb(), { withTenders: true });
  // A project that ran in 2025-26 and was assessed for it in the demo.
  project = await getDb().selectFrom("projects").innerJoin("performance_assessments", "performance_assessments.project_id", "projects.id")
    .select(["projects.id", "projects.district_id", "projects.organisation_id"]).where("performance_assessments.financial_year", "=", 2025)
    .orderBy("projects.reference").executeTakeFirstOrThrow();
  providerUser = await createTestUser({ roles: ["provider"], organisationId: project.organisation_id });
});

const params = () => ({ projectId: project.id });
const page = async (user: { id: string }) => run(loader, await getRequest(`/projects/${project.id}/performance`, user), params());
const confirm = async (fields: Record<string, string>, user: { id: string } = OFFICER) =>
  run(action, await postRequest(`/projects/${project.id}/performance`, fields, user), params());

describe("the annual performance assessment", () => {
  it("shows each year's proposal to the officer, with the 2025-26 rating the demo confirmed", async () => {
    const data = await jsonOf(await page(OFFICER));
    expect(data.manager).toBe(true);
    expect(data.years.map((y: { label: string }) => y.label)).toEqual(["2026-27", "2025-26"]);
    const last = data.years[1];
    expect(last.confirmed).toMatchObject({ rating: expect.any(String), version: 1 });
    expect(last.basis.upTo).toMatch(/^2025-26 Q[34]$/);
    expect(last.basis.indicators.length).toBeGreaterThan(0);
  });

  it("confirms a year: the proposal as it is, or another rating with a reason", async () => {
    const data = await jsonOf(await page(OFFICER));
    const year = data.years[0];
    const proposed: string | null = year.basis.proposedRating;
    const other = proposed === "inadequate" ? "good" : "inadequate";

    const noReason = await confirm({ year: "2026", version: "0", "rating.2026": other, "reason.2026": "" });
    expect(noReason.status).toBe(400);
    const body = await jsonOf(noReason);
    expect(body.errors["reason.2026"]).toMatch(proposed ? /^Say why the rating is not the proposed one/ : /^Say what the rating is based on/);
    expect(body.values["rating.2026"]).toBe(other);

    const ok = await confirm({ year: "2026", version: "0", "rating.2026": other, "reason.2026": "The visit found the service not yet reaching fathers." });
    expect(ok.status).toBe(302);
    const stored = await getDb().selectFrom("performance_assessments").selectAll().where("project_id", "=", project.id).where("financial_year", "=", 2026).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ rating: other, proposed_rating: proposed, reason: "The visit found the service not yet reaching fathers.", confirmed_by: OFFICER.id, version: 1 });
    const audit = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", project.id).where("action", "=", "project.performance_assessed").execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);

    // A second officer working from the same page (version 0) is told, and nothing changes.
    const stale = await confirm({ year: "2026", version: "0", "rating.2026": "good", "reason.2026": "Typed on an old page" });
    expect(stale.status).toBe(409);
    expect((await jsonOf(stale)).values["reason.2026"]).toBe("Typed on an old page");
    expect((await getDb().selectFrom("performance_assessments").select("rating").where("project_id", "=", project.id).where("financial_year", "=", 2026).executeTakeFirstOrThrow()).rating).toBe(other);
    // From the page as it is now (version 1): changed.
    expect((await confirm({ year: "2026", version: "1", "rating.2026": "requires_improvement", "reason.2026": "Agreed at the review meeting" })).status).toBe(302);
  });

  it("refuses a year that has not begun, and a rating off the scale", async () => {
    expect((await confirm({ year: "2031", version: "0", "rating.2031": "good" })).status).toBe(400);
    const off = await confirm({ year: "2025", version: "1", "rating.2025": "excellent", "reason.2025": "" });
    expect(off.status).toBe(400);
    expect((await jsonOf(off)).errors["rating.2025"]).toBe("Select the year's rating");
  });

  it("lets the provider read the ratings, not the working or the form", async () => {
    const data = await jsonOf(await page(providerUser));
    expect(data.manager).toBe(false);
    expect(data.years[1].confirmed).not.toBeNull();
    expect(data.years.every((y: { basis: unknown }) => y.basis === null)).toBe(true);
    expect((await confirm({ year: "2025", version: "1", "rating.2025": "good" }, providerUser)).status).toBe(403);
  });

  it("is not found by another district's officer", async () => {
    const other = await createTestUser({ roles: ["officer"], districtIds: [project.district_id === "district-preston" ? "district-wyre" : "district-preston"] });
    expect((await page(other)).status).toBe(404);
    expect((await confirm({ year: "2025", version: "1", "rating.2025": "good" }, other)).status).toBe(404);
  });

  it("appears in the district profile once confirmed", async () => {
    const profile = await computeProfile(getDb(), project.district_id, { quarter: "2026-27 Q2", asOf: "2026-11-30", now: "2026-11-30T10:00:00.000Z" });
    const row = profile!.projects.find((p) => p.id === project.id)!;
    expect(row.assessment).toMatchObject({ yearLabel: "2025-26" });
    // Before the 2025-26 rating was confirmed (20 April 2026 onwards in the demo), there was none.
    const earlier = await computeProfile(getDb(), project.district_id, { quarter: "2025-26 Q4", asOf: "2026-04-15", now: "2026-04-15T10:00:00.000Z" });
    expect(earlier!.projects.find((p) => p.id === project.id)!.assessment).toBeNull();
  });
});
