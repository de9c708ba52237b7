// The conflicts assessment (Procurement Act s83) on a light-touch tender: publication waits
// for an entry, the award for a review after closing; entries are dated revisions; only the
// tender's officers record them; bad input comes back beside its field.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { action as conflictsAction, loader as conflictsLoader } from "~/routes/tenders.$tenderId.conflicts";
import { publishTender } from "~/models/tenders/change.server";
import { recordDecisions } from "~/models/awards/intention.server";
import { createTestTender } from "../helpers/tenders";
import { createTestUser, getRequest, jsonOf, postRequest, run } from "../helpers/requests";

const officer = { id: "user-officer" };
const audit = { actorUserId: officer.id, ip: null };

beforeAll(async () => {
  await seedDemoData(getDb());
});

const entry = (tenderId: string, fields: Record<string, string>, user = officer) =>
  postRequest(`/tenders/${tenderId}/conflicts`, { intent: "record", role: "officer", person_user_id: "user-officer", mitigation: "Nothing to handle", based_on_entries: "0", ...fields }, user);

describe("a light-touch tender's conflicts assessment", () => {
  it("must have an entry before publication, and a review after closing before the award", async () => {
    const draft = await createTestTender({ state: "draft", procedure: "light_touch", maxBudgetPence: 70_000_000 });
    const version = (await getDb().selectFrom("tenders").select("version").where("id", "=", draft.id).executeTakeFirstOrThrow()).version;
    await expect(getDb().transaction().execute((trx) => publishTender(trx, audit, draft.id, version)))
      .rejects.toThrow("Record the conflicts assessment before you publish");

    const recorded = await run(conflictsAction, await entry(draft.id, { interest: "Was a trustee of Red Rose Family Support until 2024", mitigation: "Does not score Red Rose's bid" }), { tenderId: draft.id });
    expect(recorded.status).toBe(302);
    await getDb().transaction().execute((trx) => publishTender(trx, audit, draft.id, version));

    const closed = await createTestTender({ state: "closed", procedure: "light_touch", maxBudgetPence: 70_000_000 });
    const award = () => getDb().transaction().execute((trx) => recordDecisions(trx, audit, { tenderId: closed.id, input: { decisions: [], overrideReason: null } }));
    await expect(award()).rejects.toThrow("Review the conflicts assessment before you award");
    expect((await run(conflictsAction, await entry(closed.id, {}), { tenderId: closed.id })).status).toBe(302);
    expect((await run(conflictsAction, await postRequest(`/tenders/${closed.id}/conflicts`, { intent: "review" }, officer), { tenderId: closed.id })).status).toBe(302);
    // Past the assessment: what stops it now is that there are no bids.
    await expect(award()).rejects.toThrow("There are no submitted bids to decide on.");
  });

  it("keeps every revision, dated, and refuses an entry made from an out-of-date page", async () => {
    const t = await createTestTender({ state: "open", procedure: "light_touch", maxBudgetPence: 70_000_000 });
    expect((await run(conflictsAction, await entry(t.id, { interest: "" }), { tenderId: t.id })).status).toBe(302);
    expect((await run(conflictsAction, await entry(t.id, { interest: "Now a volunteer at Pennine Youth", mitigation: "Leaves the room for its bid", based_on_entries: "1" }), { tenderId: t.id })).status).toBe(302);
    const stale = await run(conflictsAction, await entry(t.id, { mitigation: "Typed on an old page", based_on_entries: "1" }), { tenderId: t.id });
    expect(stale.status).toBe(409);
    expect((await jsonOf(stale)).values.mitigation).toBe("Typed on an old page");

    const { assessment } = await jsonOf(await run(conflictsLoader, await getRequest(`/tenders/${t.id}/conflicts`, officer), { tenderId: t.id }));
    expect(assessment.required).toBe(true);
    expect(assessment.current).toEqual([expect.objectContaining({ personUserId: "user-officer", revision: 2, interest: "Now a volunteer at Pennine Youth", mitigation: "Leaves the room for its bid" })]);
    expect(assessment.history.map((e: { revision: number }) => e.revision)).toEqual([2, 1]);
    const audits = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", t.id).where("action", "=", "tender.conflicts.recorded").execute();
    expect(audits).toHaveLength(2);
  });

  it("cannot be reviewed before the tender closes", async () => {
    const t = await createTestTender({ state: "open", procedure: "light_touch", maxBudgetPence: 70_000_000 });
    await run(conflictsAction, await entry(t.id, {}), { tenderId: t.id });
    const early = await run(conflictsAction, await postRequest(`/tenders/${t.id}/conflicts`, { intent: "review" }, officer), { tenderId: t.id });
    expect(early.status).toBe(409);
    expect((await jsonOf(early)).formError).toMatch(/^Review the conflicts assessment once the tender has closed/);
  });

  it("is the tender's officers' alone: a provider and another district's officer are refused", async () => {
    const t = await createTestTender({ state: "open", procedure: "light_touch", maxBudgetPence: 70_000_000 });
    const provider = { id: "user-provider" };
    expect((await run(conflictsLoader, await getRequest(`/tenders/${t.id}/conflicts`, provider), { tenderId: t.id })).status).toBe(403);
    expect((await run(conflictsAction, await entry(t.id, {}, provider), { tenderId: t.id })).status).toBe(403);
    const prestonOfficer = await createTestUser({ roles: ["officer"], districtIds: ["district-preston"] });
    // A published tender they may read, but not manage: refused, not hidden.
    expect((await run(conflictsLoader, await getRequest(`/tenders/${t.id}/conflicts`, prestonOfficer), { tenderId: t.id })).status).toBe(403);
    expect((await run(conflictsAction, await entry(t.id, {}, prestonOfficer), { tenderId: t.id })).status).toBe(403);
    expect(await getDb().selectFrom("conflict_assessment_entries").select("id").where("tender_id", "=", t.id).execute()).toEqual([]);
  });

  it("refuses bad input beside its field, keeping what was typed", async () => {
    const t = await createTestTender({ state: "open", procedure: "light_touch", maxBudgetPence: 70_000_000 });
    const bad = await run(conflictsAction, await entry(t.id, { person_user_id: "user-provider", role: "judge", mitigation: "", interest: "x".repeat(2001) }), { tenderId: t.id });
    expect(bad.status).toBe(400);
    const body = await jsonOf(bad);
    expect(body.errors).toMatchObject({
      role: "Choose their part in the decision",
      interest: "What they declared must be 2,000 characters or fewer",
      mitigation: "Say how the conflict is handled, or that nothing needs handling",
    });
    const notInvolved = await run(conflictsAction, await entry(t.id, { person_user_id: "user-provider" }), { tenderId: t.id });
    expect(notInvolved.status).toBe(400);
    expect((await jsonOf(notInvolved)).errors).toEqual({ person_user_id: "Choose the person" });
  });
});
