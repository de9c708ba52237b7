// A profile on the web a page at a time (app/models/profiles/project-pages.ts).
import { describe, expect, test } from "vitest";
import { pageOfProfile, PROFILE_PAGE_SIZE } from "~/models/profiles/project-pages";
import { costAvoidedMethodNote } from "~/profiles/labels";
import { sampleProfile } from "../helpers/sample-profile";

describe("pageOfProfile", () => {
  const big = sampleProfile({ projectCount: 23 });
  // Every project marked as counted towards costs avoided, so the method note names them all.
  for (const p of big.projects) p.costAvoided = { ...p.costAvoided, estimated: true };
  big.atRisk = Array.from({ length: 12 }, (_, i) => ({ ...big.atRisk[0], indicatorId: `risk-${i + 1}` }));

  test("shows a page of projects and one of indicators at risk, and says where they fall", () => {
    const { profile, pages } = pageOfProfile(big, { projects: 2, atRisk: 1 });
    expect(PROFILE_PAGE_SIZE).toBe(10);
    expect(profile.projects.map((p) => p.reference)).toEqual(big.projects.slice(10, 20).map((p) => p.reference));
    expect(pages.projects).toEqual({ page: 2, pageCount: 3, total: 23, from: 11, to: 20 });
    expect(profile.atRisk.map((r) => r.indicatorId)).toEqual(Array.from({ length: 10 }, (_, i) => `risk-${i + 1}`));
    expect(pages.atRisk).toEqual({ page: 1, pageCount: 2, total: 12, from: 1, to: 10 });
    // The last page holds what is left.
    const last = pageOfProfile(big, { projects: 3, atRisk: 2 });
    expect(last.pages.projects).toEqual({ page: 3, pageCount: 3, total: 23, from: 21, to: 23 });
    expect(last.profile.atRisk.map((r) => r.indicatorId)).toEqual(["risk-11", "risk-12"]);
  });

  test("what is said of every project is worked out from every project, not the page", () => {
    const { profile, pages } = pageOfProfile(big, { projects: 1, atRisk: 1 });
    expect(pages.costAvoidedMethodNote).toBe(costAvoidedMethodNote(big));
    expect(pages.costAvoidedMethodNote).toBe("Every project here has an outcome linked to a unit cost, so every one counts.");
    // The unit costs' links: for the projects on the page only (those of the other pages are on theirs).
    const titles = new Set(profile.projects.map((p) => p.title));
    expect(profile.unitCosts.flatMap((u) => u.links).every((l) => titles.has(l.projectTitle))).toBe(true);
    expect(profile.unitCosts.map((u) => u.code)).toEqual(big.unitCosts.map((u) => u.code));
    expect(big.projects).toHaveLength(23);
  });

  test("a page past the end, below one or not a number shows the nearest page there is", () => {
    expect(pageOfProfile(big, { projects: 99, atRisk: 99 }).pages.projects.page).toBe(3);
    expect(pageOfProfile(big, { projects: 0, atRisk: -4 }).pages.atRisk.page).toBe(1);
    expect(pageOfProfile(big, { projects: Number.NaN, atRisk: 1.5 }).pages.projects.page).toBe(1);
  });

  test("a profile that fits on one page is shown whole, unit-cost links and all", () => {
    const small = sampleProfile();
    const { profile, pages } = pageOfProfile(small, { projects: 1, atRisk: 1 });
    expect(profile.projects).toEqual(small.projects);
    expect(profile.unitCosts).toEqual(small.unitCosts);
    expect(pages.projects).toEqual({ page: 1, pageCount: 1, total: 3, from: 1, to: 3 });
    const none = pageOfProfile({ ...small, projects: [], atRisk: [] }, { projects: 1, atRisk: 1 });
    expect(none.pages.projects).toEqual({ page: 1, pageCount: 1, total: 0, from: 0, to: 0 });
  });
});
