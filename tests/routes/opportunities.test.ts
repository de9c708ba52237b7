// The public funding opportunities: anyone, signed in or not, finds and reads the tenders the
// policy makes public, and their documents; nothing else of the portal leaks into them.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { loader as listLoader } from "~/routes/opportunities._index";
import { loader as pageLoader } from "~/routes/opportunities.$tenderId._index";
import { loader as fileLoader } from "~/routes/opportunities.$tenderId.files.$fileId";
import { getRequest, jsonOf, run } from "../helpers/requests";

const visitor = null;
const SPECIFICATION = "file-tender-open-specification";

beforeAll(async () => {
  await seedDemoData(getDb(), { withTenders: true });
  // A tender cancelled while still a draft: never published, so never public.
  await getDb().insertInto("tenders").values({
    ...(await getDb().selectFrom("tenders").selectAll().where("id", "=", "tender-draft").executeTakeFirstOrThrow()),
    id: "tender-never-published", reference: "ESI-2026-099", title: "Withdrawn before publication", status: "cancelled",
    published_at: null, cancelled_at: "2026-11-01T10:00:00.000Z", cancel_reason: "Funding withdrawn",
  }).execute();
  await getDb().insertInto("tender_districts").values({ tender_id: "tender-never-published", district_id: "district-wyre" }).execute();
});

async function listed(query = ""): Promise<{ reference: string; status: string; awardedTo: string[] }[]> {
  const response = await run(listLoader, await getRequest(`/opportunities${query}`, visitor));
  expect(response.status).toBe(200);
  return (await jsonOf(response)).tenders;
}

describe("the demo's bids", () => {
  it("were all last saved in the past, a draft on an open tender too", async () => {
    const now = new Date().toISOString();
    const bids = await getDb().selectFrom("bids").select(["id", "status", "updated_at", "submitted_at"]).execute();
    expect(bids.length).toBeGreaterThan(0);
    expect(bids.filter((b) => b.updated_at > now || (b.submitted_at ?? "") > now)).toEqual([]);
  });
});

describe("the opportunities list", () => {
  it("shows every published tender to a visitor, with the outcome of awarded ones, and no draft", async () => {
    const tenders = await listed("?sort=reference&dir=asc");
    expect(tenders.map((t) => [t.reference, t.status])).toEqual([
      ["ESI-2026-001", "awarded"],
      ["ESI-2026-002", "evaluation"],
      ["ESI-2026-003", "closed"],
      ["ESI-2026-004", "open"],
      ["ESI-2026-005", "upcoming"],
      ["ESI-2026-007", "cancelled"],
    ]);
    expect(tenders[0].awardedTo.length).toBeGreaterThan(0);
    expect(tenders.slice(1).every((t) => t.awardedTo.length === 0)).toBe(true);
  });

  it("filters by status and district from the address, ignoring values it does not know", async () => {
    expect((await listed("?status=open")).map((t) => t.reference)).toEqual(["ESI-2026-004"]);
    expect((await listed("?district=district-lancaster")).map((t) => t.reference)).toEqual(["ESI-2026-005"]);
    // A draft cannot be asked for: the filter falls back to any status, still without drafts.
    expect((await listed("?status=draft")).map((t) => t.reference)).not.toContain("ESI-2026-006");
    expect((await listed("?q=ribble")).map((t) => t.reference)).toEqual([]);
  });
});

describe("an opportunity's page", () => {
  it("gives a visitor the notice, its documents and the published answers, never who asked or what waits", async () => {
    const response = await run(pageLoader, await getRequest("/opportunities/tender-open", visitor), { tenderId: "tender-open" });
    expect(response.status).toBe(200);
    const { tender, provider } = await jsonOf(response);
    expect(provider).toBe(false);
    expect(tender).toMatchObject({ reference: "ESI-2026-004", status: "open", districts: ["Preston"], maxBudget: "£20,000.00", procedure: "below_threshold" });
    expect(tender.attachments).toEqual([{ id: SPECIFICATION, filename: "Specification - Parenting support in Preston.pdf", size: expect.any(String) }]);
    expect(tender.clarifications).toEqual([
      { question: "Can the service cover families living just outside the Preston boundary?", answer: "Yes, where the children attend a Preston school.", answeredAt: expect.any(String) },
    ]);
    expect(JSON.stringify(tender)).not.toMatch(/Is match funding expected|org-fylde-parenting|org-red-rose|user-provider/);
  });

  it("is not found for a draft, a tender cancelled before publication, or no tender", async () => {
    for (const tenderId of ["tender-draft", "tender-never-published", "no-such-tender"]) {
      expect((await run(pageLoader, await getRequest(`/opportunities/${tenderId}`, visitor), { tenderId })).status).toBe(404);
    }
  });

  it("tells a signed-in provider to bid from the tender in their account", async () => {
    const response = await run(pageLoader, await getRequest("/opportunities/tender-open", { id: "user-provider" }), { tenderId: "tender-open" });
    expect((await jsonOf(response)).provider).toBe(true);
  });
});

describe("an opportunity's documents", () => {
  it("download for a visitor", async () => {
    const response = await run(fileLoader, await getRequest(`/opportunities/tender-open/files/${SPECIFICATION}`, visitor), { tenderId: "tender-open", fileId: SPECIFICATION });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment/);
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("are not found through a draft, another tender's address, or for a file that is not a tender's", async () => {
    await getDb().insertInto("files").values({
      id: "file-draft-note", owner_type: "tender", owner_id: "tender-draft", filename: "draft.pdf", content_type: "application/pdf",
      size_bytes: 5, sha256: "0".repeat(64), content: new Uint8Array(Buffer.from("%PDF-")), uploaded_by: null, created_at: "2026-11-01T10:00:00.000Z",
    }).execute();
    const bidFile = await getDb().selectFrom("files").select("id").where("owner_type", "!=", "tender").executeTakeFirst();
    const tries: [string, string][] = [["tender-draft", "file-draft-note"], ["tender-closed", SPECIFICATION], ["tender-open", "file-draft-note"]];
    if (bidFile) tries.push(["tender-open", bidFile.id]);
    for (const [tenderId, fileId] of tries) {
      expect((await run(fileLoader, await getRequest(`/opportunities/${tenderId}/files/${fileId}`, visitor), { tenderId, fileId })).status).toBe(404);
    }
  });
});

describe("nothing private reaches a public page", () => {
  it("no draft, bid, score, conflict reason or person's details, on the list or any opportunity", async () => {
    const db = getDb();
    const [drafts, bids, scores, declarations, users] = await Promise.all([
      db.selectFrom("tenders").select(["title", "reference"]).where((eb) => eb.or([eb("status", "=", "draft"), eb("published_at", "is", null)])).execute(),
      db.selectFrom("bids").innerJoin("tenders", "tenders.id", "bids.tender_id").select(["bids.id", "bids.title", "bids.status", "tenders.status as tender_status"]).execute(),
      db.selectFrom("panel_scores").select("comment").execute(),
      db.selectFrom("panel_declarations").select("reason").where("reason", "is not", null).execute(),
      db.selectFrom("users").select(["email", "name"]).execute(),
    ]);
    const secrets = [
      ...drafts.flatMap((t) => [t.title, t.reference]),
      // A winning bid's title is its contract's once the contract is entered: published then.
      ...bids.flatMap((b) => (b.status === "successful" && b.tender_status === "awarded" ? [b.id] : [b.id, b.title])),
      ...scores.map((s) => s.comment).filter((c) => c.length > 8),
      ...declarations.map((d) => d.reason!),
      ...users.flatMap((u) => [u.email, u.name]),
    ];
    expect(bids.length).toBeGreaterThan(0);
    expect(users.length).toBeGreaterThan(0);
    const pages = [JSON.stringify(await listed())];
    for (const t of await db.selectFrom("tenders").select("id").execute()) {
      const response = await run(pageLoader, await getRequest(`/opportunities/${t.id}`, visitor), { tenderId: t.id });
      if (response.status === 200) pages.push(JSON.stringify(await jsonOf(response)));
    }
    expect(pages.length).toBe(7); // the list and six public tenders
    for (const page of pages) {
      for (const secret of secrets) expect(page).not.toContain(secret);
    }
  });
});
