// The county pack: queued by a county-wide officer as a job, built by a worker's child process
// (so the server is never held up), its progress recorded, and the finished PDF downloadable.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { requestCountyPack, startCountyPackBuild } from "~/models/profiles/county-packs.server";
import { buildCountyPackJob } from "~/jobs/county-pack.server";
import { claimJob } from "~/models/jobs/queue.server";
import { createWorker, RetryLater } from "~/jobs/worker.server";
import { JOB_HANDLERS } from "~/jobs/handlers.server";
import { action as packAction, loader as packLoader } from "~/routes/profiles.pack";
import { loader as packPdfLoader } from "~/routes/profiles.pack.$packId.county-pack[.]pdf";
import { loader as profilesLoader } from "~/routes/profiles._index";
import { loader as homeLoader } from "~/routes/_index";
import { FIXTURE_QUARTER, seedProfileFixture } from "../helpers/profile-fixture";
import { readPdf } from "../helpers/pdf-text";
import { createTestUser, getRequest, jsonOf, postRequest, run, type TestUser } from "../helpers/requests";

let countyOfficer: TestUser;
let chorleyOfficer: TestUser;
let viewer: TestUser;
let provider: TestUser;

beforeAll(async () => {
  await seedDemoData(getDb());
  await seedProfileFixture();
  countyOfficer = await createTestUser({ roles: ["officer"], countyWide: true });
  chorleyOfficer = await createTestUser({ roles: ["officer"], districtIds: ["district-chorley"] });
  viewer = await createTestUser({ roles: ["viewer"] });
  provider = await createTestUser({ roles: ["provider"], organisationId: "org-red-rose" });
});

// Runs every queued job to its end, as a server's worker would: no clock in the test.
async function buildQueuedPack(id: string) {
  await createWorker(getDb(), { handlers: JOB_HANDLERS }).drain();
  return getDb().selectFrom("county_packs").select(["status", "districts_done", "districts_total"]).where("id", "=", id).executeTakeFirstOrThrow();
}

describe("the county pack", () => {
  it("is built in the background and downloads as one PDF with every district", async () => {
    const response = await run(packAction, await postRequest("/profiles/pack", { quarter: FIXTURE_QUARTER }, countyOfficer));
    expect(response.status).toBe(302);
    const queued = await getDb().selectFrom("county_packs").select(["id", "quarter", "requested_by"]).execute();
    expect(queued).toEqual([{ id: queued[0].id, quarter: FIXTURE_QUARTER, requested_by: countyOfficer.id }]);

    const built = await buildQueuedPack(queued[0].id);
    expect(built).toEqual({ status: "done", districts_done: 12, districts_total: 12 });

    const page = await jsonOf(await run(packLoader, await getRequest("/profiles/pack", countyOfficer)));
    expect(page.packs[0]).toMatchObject({ id: queued[0].id, status: "done", districtsDone: 12 });

    const pdf = await run(packPdfLoader, await getRequest(`/profiles/pack/${queued[0].id}/county-pack.pdf`, countyOfficer), { packId: queued[0].id });
    expect(pdf.status).toBe(200);
    const text = (await readPdf(new Uint8Array(await pdf.arrayBuffer()))).text;
    for (const district of ["Burnley", "Chorley", "Preston", "Wyre"]) expect(text).toContain(`${district} district performance profile`);
    expect(text).toContain("£8,262"); // Chorley's estimated costs avoided, as in its own profile
    // A document: titled by its quarter, a contents page first, then the county summary and trend.
    const pages = (await readPdf(new Uint8Array(await (await run(packPdfLoader, await getRequest(`/profiles/pack/${queued[0].id}/county-pack.pdf`, countyOfficer), { packId: queued[0].id })).arrayBuffer()))).pageTexts;
    expect(pages[0]).toContain("County performance pack, 2025-26 Q2");
    expect(pages[0]).toContain("Contents");
    expect(pages[0]).toMatch(/County summary: the districts side by side\s*page 2/);
    expect(pages[0]).toContain("DRAFT");
    expect(pages[1]).toContain("Districts side by side: 2025-26 year to date, to the end of 2025-26 Q2");
    expect(pages.some((p) => p.includes("County trend over eight quarters"))).toBe(true);
    // The contents give the page each district's profile starts on.
    const chorleyPage = Number(/Chorley district profile\s*page (\d+)/.exec(pages[0])![1]);
    expect(pages[chorleyPage - 1]).toContain("Chorley: 2025-26 Q2");
  }, 90_000);

  it("publishes an edition the board can read, stamped and kept as built; a draft stays with officers", async () => {
    // A draft: officers only, and a viewer is told it is not there.
    expect((await run(packAction, await postRequest("/profiles/pack", { quarter: "2025-26 Q1", kind: "draft" }, countyOfficer))).status).toBe(302);
    const draft = await getDb().selectFrom("county_packs").select("id").where("quarter", "=", "2025-26 Q1").executeTakeFirstOrThrow();
    await buildQueuedPack(draft.id);
    expect((await run(packPdfLoader, await getRequest(`/profiles/pack/${draft.id}/county-pack.pdf`, viewer), { packId: draft.id })).status).toBe(404);

    // To publish: edition 1, then edition 2.
    const editions: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      expect((await run(packAction, await postRequest("/profiles/pack", { quarter: "2025-26 Q1", kind: "publish" }, countyOfficer))).status).toBe(302);
      const pack = await getDb().selectFrom("county_packs").select("id").where("quarter", "=", "2025-26 Q1").where("status", "=", "queued").executeTakeFirstOrThrow();
      await buildQueuedPack(pack.id);
      editions.push(pack.id);
    }
    const stored = await getDb().selectFrom("county_packs").select(["id", "edition", "published_at", "pdf", "pdf_sha256"]).where("id", "in", editions).orderBy("edition").execute();
    expect(stored.map((p) => p.edition)).toEqual([1, 2]);

    const response = await run(packPdfLoader, await getRequest(`/profiles/pack/${editions[0]}/county-pack.pdf`, viewer), { packId: editions[0] });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain("county-pack-2025-26-q1-edition-1.pdf");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(Buffer.from(stored[0].pdf!))).toBe(true);
    const first = (await readPdf(new Uint8Array(bytes))).pageTexts[0];
    expect(first).toContain("edition 1");
    expect(first).not.toContain("DRAFT");
    // Each district's pages carry the pack's edition, not a claim that the district published them.
    const chorley = (await readPdf(new Uint8Array(bytes))).pageTexts.find((t) => t.includes("Chorley: 2025-26 Q1"))!;
    expect(chorley).toMatch(/County pack published \d+ \w+ \d{4} · edition 1/);

    // The board finds the newest on its home page and on Profiles; providers do not.
    const profiles = await jsonOf(await run(profilesLoader, await getRequest("/profiles", viewer)));
    expect(profiles.packs.map((p: { id: string }) => p.id)).toEqual([editions[1], editions[0]]);
    const home = await jsonOf(await run(homeLoader, await getRequest("/", viewer)));
    expect(home.home.publishedPacks[0]).toMatchObject({ id: editions[1], quarter: "2025-26 Q1", edition: 2 });
    expect((await run(packPdfLoader, await getRequest(`/profiles/pack/${editions[0]}/county-pack.pdf`, provider), { packId: editions[0] })).status).toBe(403);
    expect((await run(packPdfLoader, await getRequest(`/profiles/pack/${editions[0]}/county-pack.pdf`, chorleyOfficer), { packId: editions[0] })).status).toBe(404);

    const audit = await getDb().selectFrom("audit_events").select(["action", "actor_user_id", "after_json"]).where("record_id", "=", editions[0]).orderBy("seq").execute();
    expect(audit.map((a) => a.action)).toEqual(["county_pack.requested", "county_pack.published"]);
    expect(audit[1].actor_user_id).toBe(countyOfficer.id);
    expect(JSON.parse(audit[1].after_json!)).toEqual({ quarter: "2025-26 Q1", edition: 1, pdfSha256: stored[0].pdf_sha256 });
  }, 120_000);

  it("refuses a quarter not yet ended or a choice not offered, building nothing", async () => {
    const before = await getDb().selectFrom("county_packs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const future = await run(packAction, await postRequest("/profiles/pack", { quarter: "2040-41 Q1", kind: "publish" }, countyOfficer));
    expect(future.status).toBe(400);
    expect((await jsonOf(future)).errors.quarter).toBe("Choose a quarter from the list");
    const odd = await run(packAction, await postRequest("/profiles/pack", { quarter: "2025-26 Q1", kind: "final" }, countyOfficer));
    expect(odd.status).toBe(400);
    expect((await jsonOf(odd)).errors.kind).toBe("Choose whether to build a draft or publish");
    const after = await getDb().selectFrom("county_packs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("builds one pack when asked twice for the same quarter", async () => {
    const audit = { actorUserId: countyOfficer.id, ip: null };
    const first = await requestCountyPack(getDb(), audit, "2025-26 Q1", "2026-12-07");
    const second = await requestCountyPack(getDb(), audit, "2025-26 Q1", "2026-12-07");
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
  });

  it("builds one pack at a time across the county, whatever the quarter: the next waits its turn", async () => {
    const db = getDb();
    const audit = { actorUserId: countyOfficer.id, ip: null };
    // Packs left in flight by earlier tests are done with.
    await db.updateTable("county_packs").set({ status: "failed" }).where("status", "in", ["queued", "building"]).execute();
    const first = await requestCountyPack(db, audit, "2025-26 Q1", "2026-12-07");
    const second = await requestCountyPack(db, audit, "2025-26 Q2", "2026-12-07");
    expect(await startCountyPackBuild(db, first.id)).toBe("started");
    // A build is alive while its job runs under a lease: claim the first pack's job as its worker would.
    let building = await claimJob(db, "builder", ["county-pack"]);
    while (building && building.job.id !== first.id) building = await claimJob(db, "builder", ["county-pack"]);
    expect(building?.job.id).toBe(first.id);
    // The second pack's job, claimed while the first builds, is told to wait; nothing is built.
    let waiting = await claimJob(db, "test-worker", ["county-pack"]);
    while (waiting && waiting.job.id !== second.id) waiting = await claimJob(db, "test-worker", ["county-pack"]);
    expect(waiting?.job.id).toBe(second.id);
    const tried = buildCountyPackJob(waiting!.job, { lease: waiting!.lease, signal: new AbortController().signal, progress: async () => undefined });
    await expect(tried).rejects.toBeInstanceOf(RetryLater);
    expect(await db.selectFrom("county_packs").select("status").where("id", "=", second.id).executeTakeFirstOrThrow()).toEqual({ status: "queued" });
    // The same pack asked again (a worker taking over a dead one's build) may carry on.
    expect(await startCountyPackBuild(db, first.id)).toBe("started");
    // A pack left "building" whose job is no longer running (failed, waiting to be tried
    // again) holds nothing up.
    await db.updateTable("jobs").set({ status: "queued", lease_owner: null, lease_expires_at: null }).where("id", "=", first.id).execute();
    expect(await startCountyPackBuild(db, second.id)).toBe("started");
    await db.updateTable("county_packs").set({ status: "queued" }).where("id", "=", second.id).execute();
    // Once the first is done, the second's turn comes; a pack no longer wanted is not built.
    await db.updateTable("county_packs").set({ status: "done" }).where("id", "=", first.id).execute();
    expect(await startCountyPackBuild(db, second.id)).toBe("started");
    expect(await startCountyPackBuild(db, first.id)).toBe("gone");
  });

  it("is only for county-wide officers and administrators", async () => {
    const refused = await run(packAction, await postRequest("/profiles/pack", { quarter: FIXTURE_QUARTER }, chorleyOfficer));
    expect(refused.status).toBe(403);
    const page = await run(packLoader, await getRequest("/profiles/pack", chorleyOfficer));
    expect(page.status).toBe(403);
  });
});
