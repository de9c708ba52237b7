// Public district profiles: an edition is public only when its publisher ticks the box; the
// public page reads it through the policy's privacy pass, so no family's story, agreed action,
// provider's explanation or publisher's name reaches it. On the demo's Chorley profile, which
// has chosen case studies and agreed actions.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { action as publishAction } from "~/routes/profiles.$districtId._index";
import { loader as listLoader } from "~/routes/district-profiles._index";
import { loader as publicLoader } from "~/routes/district-profiles.$publicationId";
import { createTestUser, getRequest, jsonOf, postRequest, run, type TestUser } from "../helpers/requests";

const QUARTER = "2026-27 Q2";
let officer: TestUser;

beforeAll(async () => {
  await seedDemoData(getDb(), { withTenders: true });
  officer = await createTestUser({ roles: ["officer"], districtIds: ["district-chorley"], name: "Priya Officerson" });
});

async function publish(fields: Record<string, string>, user: { id: string } = officer) {
  return run(publishAction, await postRequest("/profiles/district-chorley", { quarter: QUARTER, ...fields }, user), { districtId: "district-chorley" });
}
const publicPage = async (id: string) => run(publicLoader, await getRequest(`/district-profiles/${id}`), { publicationId: id });
const listed = async () => (await jsonOf(await run(listLoader, await getRequest("/district-profiles")))).profiles as { id: string; district: string; quarter: string }[];

describe("public district profiles", () => {
  it("are not public unless the publisher chooses it", async () => {
    const response = await publish({ expected_edition: "0" });
    expect(response.status).toBe(302);
    const id = response.headers.get("Location")!.split("/").pop()!;
    expect((await getDb().selectFrom("published_profiles").select("is_public").where("id", "=", id).executeTakeFirstOrThrow()).is_public).toBe(0);
    expect((await publicPage(id)).status).toBe(404);
    expect((await listed()).map((p) => p.id)).not.toContain(id);
  });

  it("once chosen, show the figures to anyone, without stories, actions, explanations or who published", async () => {
    const response = await publish({ expected_edition: "1", public: "yes" });
    expect(response.status).toBe(302);
    const id = response.headers.get("Location")!.split("/").pop()!;
    expect((await listed())).toEqual([expect.objectContaining({ id, district: "Chorley", quarter: QUARTER })]);

    const page = await publicPage(id);
    expect(page.status).toBe(200);
    const { profile } = await jsonOf(page);
    expect(profile.district.name).toBe("Chorley");
    expect(profile.projects.length).toBeGreaterThan(0);
    expect(profile.caseStudies).toEqual([]);
    for (const r of profile.atRisk) expect(r).toMatchObject({ action: null, comment: null });

    // What the stored edition holds and the public one must not.
    const stored = JSON.parse((await getDb().selectFrom("published_profiles").select("figures_json").where("id", "=", id).executeTakeFirstOrThrow()).figures_json);
    const secrets: string[] = [
      ...stored.caseStudies.flatMap((c: { title: string; story: string }) => [c.title, c.story]),
      ...stored.atRisk.flatMap((r: { action: { action: string; owner: string } | null; comment: string | null }) => [r.action?.action, r.action?.owner, r.comment]).filter(Boolean),
      "Priya Officerson",
    ];
    expect(stored.caseStudies.length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThan(2);
    const text = JSON.stringify(await jsonOf(await publicPage(id)));
    for (const secret of secrets) expect(text).not.toContain(secret);
    const audit = await getDb().selectFrom("audit_events").select("after_json").where("record_id", "=", id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ is_public: 1 });

    // People by age: shown only where no age group holds 1 to 4; never a project's own split.
    const storedBands = stored.headline.reachByAgeBand as { band: string; people: number }[];
    expect(storedBands.length).toBe(6);
    const small = storedBands.some((b) => b.people > 0 && b.people < 5);
    expect(profile.headline.reachByAgeBand).toEqual(small ? undefined : storedBands);
    for (const p of profile.projects) expect(p).not.toHaveProperty("peopleReachedYearByBand");
  });

  it("are published only by the district's officers, from a page that is up to date", async () => {
    const provider = await createTestUser({ roles: ["provider"], organisationId: "org-red-rose" });
    expect((await publish({ expected_edition: "2", public: "yes" }, provider)).status).toBe(403);
    const bad = await publish({ expected_edition: "two", public: "yes" });
    expect(bad.status).toBe(400);
    const stale = await publish({ expected_edition: "1", public: "yes" });
    expect(stale.status).toBe(409);
    expect(await getDb().selectFrom("published_profiles").select("id").where("district_id", "=", "district-chorley").execute()).toHaveLength(2);
  });

  it("say an unknown edition is not found", async () => {
    expect((await publicPage("no-such-edition")).status).toBe(404);
  });
});
