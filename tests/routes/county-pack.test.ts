// The county pack: queued by a county-wide officer as a job, built by a worker's child process
// (so the server is never held up), its progress recorded, and the finished PDF downloadable.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { requestCountyPack } from "~/models/profiles/county-packs.server";
import { createWorker } from "~/jobs/worker.server";
import { JOB_HANDLERS } from "~/jobs/handlers.server";
import { action as packAction, loader as packLoader } from "~/routes/profiles.pack";
import { loader as packPdfLoader } from "~/routes/profiles.pack.$packId.county-pack[.]pdf";
import { FIXTURE_QUARTER, seedProfileFixture } from "../helpers/profile-fixture";
import { readPdf } from "../helpers/pdf-text";
import { createTestUser, getRequest, jsonOf, postRequest, run, type TestUser } from "../helpers/requests";

let countyOfficer: TestUser;
let chorleyOfficer: TestUser;

beforeAll(async () => {
  await seedDemoData(getDb());
  await seedProfileFixture();
  countyOfficer = await createTestUser({ roles: ["officer"], countyWide: true });
  chorleyOfficer = await createTestUser({ roles: ["officer"], districtIds: ["district-chorley"] });
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
  }, 90_000);

  it("builds one pack when asked twice for the same quarter", async () => {
    const audit = { actorUserId: countyOfficer.id, ip: null };
    const first = await requestCountyPack(getDb(), audit, "2025-26 Q1", "2026-12-07");
    const second = await requestCountyPack(getDb(), audit, "2025-26 Q1", "2026-12-07");
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
  });

  it("is only for county-wide officers and administrators", async () => {
    const refused = await run(packAction, await postRequest("/profiles/pack", { quarter: FIXTURE_QUARTER }, chorleyOfficer));
    expect(refused.status).toBe(403);
    const page = await run(packLoader, await getRequest("/profiles/pack", chorleyOfficer));
    expect(page.status).toBe(403);
  });
});
