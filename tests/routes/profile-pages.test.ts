// A district's profile on the web a page at a time: the live page, a published edition and
// the public page each show ten projects and ten indicators at risk, chosen from the URL.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { BENCH_QUARTER, generateCountyData } from "../../bench/county-data";
import { publishProfile } from "~/models/profiles/publishing.server";
import type { ProfilePages } from "~/models/profiles/project-pages";
import { ukToday } from "~/lib/dates";
import { loader as profileLoader } from "~/routes/profiles.$districtId._index";
import { loader as publishedLoader } from "~/routes/profiles.published.$publicationId._index";
import { loader as publicLoader } from "~/routes/district-profiles.$publicationId";
import type { DistrictProfile } from "~/profiles/types";
import { createTestUser, getRequest, jsonOf, run, type TestUser } from "../helpers/requests";

const DISTRICT = "district-chorley";
const Q = encodeURIComponent(BENCH_QUARTER);
let officer: TestUser;
let provider: TestUser;
let all: DistrictProfile;

type Paged = { profile: DistrictProfile; pages: ProfilePages };

async function livePage(query: string, user = officer): Promise<Response> {
  return run(profileLoader, await getRequest(`/profiles/${DISTRICT}?quarter=${Q}${query}`, user), { districtId: DISTRICT });
}

beforeAll(async () => {
  const db = getDb();
  await seedDemoData(db);
  // The demo's Chorley projects and 32 more, with two years of returns.
  await generateCountyData(db, { districtIds: [DISTRICT], projectsPerDistrict: 32 });
  officer = await createTestUser({ roles: ["officer"], districtIds: [DISTRICT] });
  provider = await createTestUser({ roles: ["provider"], organisationId: "org-red-rose" });
  const first = await jsonOf<Paged>(await livePage(""));
  // The whole list, page by page.
  const rest = await Promise.all([2, 3].map(async (n) => (await jsonOf<Paged>(await livePage(`&page=${n}`))).profile.projects));
  all = { ...first.profile, projects: [...first.profile.projects, ...rest.flat()] };
});

describe("the live profile, a page at a time", () => {
  it("shows ten projects a page, in the profile's order, and says how many there are", async () => {
    const first = await jsonOf<Paged>(await livePage(""));
    expect(first.pages.projects).toMatchObject({ page: 1, pageCount: 3, from: 1, to: 10 });
    const total = first.pages.projects.total;
    expect(total).toBeGreaterThan(22);
    expect(first.profile.projects).toHaveLength(10);
    const second = await jsonOf<Paged>(await livePage("&page=2"));
    expect(second.pages.projects).toMatchObject({ page: 2, from: 11, to: 20 });
    expect(second.profile.projects.map((p) => p.id)).not.toContain(first.profile.projects[0].id);
    // Every project once, across the pages.
    expect(new Set(all.projects.map((p) => p.id)).size).toBe(total);
    // The headline counts every project, not the page's.
    expect(second.profile.headline).toEqual(first.profile.headline);
  });

  it("pages the indicators at risk on their own (?risks=)", async () => {
    const first = await jsonOf<Paged>(await livePage("&page=2"));
    const total = first.pages.atRisk.total;
    expect(total).toBeGreaterThan(10);
    expect(first.profile.atRisk).toHaveLength(10);
    const second = await jsonOf<Paged>(await livePage("&page=2&risks=2"));
    expect(second.pages.projects.page).toBe(2);
    expect(second.pages.atRisk).toMatchObject({ page: 2, from: 11, to: Math.min(20, total) });
    expect(second.profile.atRisk[0].indicatorId).not.toBe(first.profile.atRisk[0].indicatorId);
  });

  it("takes a page number that is not one as the first page, and one past the end as the last", async () => {
    for (const query of ["&page=abc", "&page=-3", "&page=1e9", "&page=%00"]) {
      const response = await livePage(query);
      expect(response.status, query).toBe(200);
      expect((await jsonOf<Paged>(response)).pages.projects.page, query).toBe(1);
    }
    expect((await jsonOf<Paged>(await livePage("&page=99"))).pages.projects).toMatchObject({ page: 3, pageCount: 3 });
  });

  it("is still refused to a provider, whatever the page", async () => {
    expect((await livePage("&page=2", provider)).status).toBe(403);
  });
});

describe("published and public editions, a page at a time", () => {
  it("page the frozen figures the same way", async () => {
    const { id } = await publishProfile(getDb(), { actorUserId: officer.id, ip: null }, {
      districtId: DISTRICT, quarter: BENCH_QUARTER, expectedEdition: 0, asOf: ukToday(), now: "2026-12-07T10:00:00.000Z", isPublic: true,
    });
    const published = await jsonOf<Paged>(await run(publishedLoader, await getRequest(`/profiles/published/${id}?page=3`, officer), { publicationId: id }));
    expect(published.pages.projects).toMatchObject({ page: 3, from: 21, to: all.projects.length });
    expect(published.profile.projects.map((p) => p.id)).toEqual(all.projects.slice(20).map((p) => p.id));
    const publicPage = await jsonOf<Paged>(await run(publicLoader, new Request(`http://localhost/district-profiles/${id}?page=2`), { publicationId: id }));
    expect(publicPage.pages.projects).toMatchObject({ page: 2, from: 11, to: 20 });
    expect(publicPage.profile.projects).toHaveLength(10);
  });
});
