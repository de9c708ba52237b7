// Who may not do what on the panel, moderation and outcome pages, and what a member is told
// when they submit twice or save after submitting.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { loader as outcomeLoader } from "~/routes/bids.$bidId.outcome";
import { action as panelBidAction, loader as panelBidLoader } from "~/routes/panel.$tenderId.bids.$bidId";
import { action as panelTenderAction, loader as panelTenderLoader } from "~/routes/panel.$tenderId._index";
import { loader as panelIndexLoader } from "~/routes/panel._index";
import { action as decisionsAction, loader as decisionsLoader } from "~/routes/tenders.$tenderId.decisions";
import { loader as matrixLoader } from "~/routes/tenders.$tenderId.matrix";
import { action as moderationAction, loader as moderationLoader } from "~/routes/tenders.$tenderId.moderation";
import { action as officerPanelAction, loader as officerPanelLoader } from "~/routes/tenders.$tenderId.panel";
import { createTestUser, getRequest, jsonOf, postRequest, run, type TestUser } from "../helpers/requests";
import { createTestBid, createTestTender, type TestTender } from "../helpers/tenders";
import { LOCKED_MESSAGE } from "~/models/panel/read.server";

const COUNTY_OFFICER = { id: "user-officer" };
const CHORLEY_OFFICER = { id: "user-chorley-officer" };
const RED_ROSE_USER = { id: "user-provider" };

let member: TestUser;
let outsider: TestUser;
let pennineUser: TestUser;
let closed: TestTender;
let open: TestTender;
let wyre: TestTender;
let bid: { id: string };
let draftBid: { id: string };
let openBid: { id: string };
let wyreBid: { id: string };

beforeAll(async () => {
  await seedDemoData(getDb());
  member = await createTestUser({ roles: ["panel"], name: "Mia Member" });
  outsider = await createTestUser({ roles: ["panel"], name: "Oscar Outsider" });
  pennineUser = await createTestUser({ roles: ["provider"], organisationId: "org-pennine-youth" });
  closed = await createTestTender({ state: "closed", panelUserIds: [member.id] });
  open = await createTestTender({ state: "open", panelUserIds: [member.id] });
  wyre = await createTestTender({ state: "closed", districtIds: ["district-wyre"], panelUserIds: [member.id] });
  bid = await createTestBid({ tender: closed, organisationId: "org-red-rose" });
  draftBid = await createTestBid({ tender: closed, organisationId: "org-fylde-parenting", status: "draft" });
  openBid = await createTestBid({ tender: open, organisationId: "org-red-rose" });
  wyreBid = await createTestBid({ tender: wyre, organisationId: "org-pennine-youth", districtId: "district-wyre", createdBy: pennineUser.id });
});

const fullScores = (t: TestTender, score = 3) =>
  Object.fromEntries(t.criteria.flatMap((c) => [[`score.${c.id}`, String(score)], [`comment.${c.id}`, `Comment on ${c.name}`]]));

describe("panel pages", () => {
  it("are not found for someone not on the tender's panel, and forbidden to non-panel roles on the list", async () => {
    for (const user of [outsider, RED_ROSE_USER, CHORLEY_OFFICER]) {
      expect((await run(panelTenderLoader, await getRequest(`/panel/${closed.id}`, user), { tenderId: closed.id })).status).toBe(404);
      expect((await run(panelBidLoader, await getRequest(`/panel/${closed.id}/bids/${bid.id}`, user), { tenderId: closed.id, bidId: bid.id })).status).toBe(404);
    }
    const declare = await run(
      panelTenderAction,
      await postRequest(`/panel/${closed.id}`, { intent: "declare", [`declaration.${bid.id}`]: "none" }, outsider),
      { tenderId: closed.id },
    );
    expect(declare.status).toBe(404);
    expect((await run(panelIndexLoader, await getRequest("/panel", RED_ROSE_USER))).status).toBe(403);
    const outsiderList = await jsonOf(await run(panelIndexLoader, await getRequest("/panel", outsider)));
    expect(outsiderList.assignments).toEqual([]);
  });

  it("refuse before the closing time: the bids are sealed", async () => {
    const page = await run(panelTenderLoader, await getRequest(`/panel/${open.id}`, member), { tenderId: open.id });
    expect(page.status).toBe(403);
    expect((await jsonOf(page)).message).toMatch(/^The bids for TEST-2026-\d+ are sealed until the tender closes on /);
    // A sealed bid is not even said to exist: the same answer as an address with no bid.
    expect((await run(panelBidLoader, await getRequest(`/panel/${open.id}/bids/${openBid.id}`, member), { tenderId: open.id, bidId: openBid.id })).status).toBe(404);
    expect((await run(panelBidLoader, await getRequest(`/panel/${open.id}/bids/no-such-bid`, member), { tenderId: open.id, bidId: "no-such-bid" })).status).toBe(404);
    const declare = await run(
      panelTenderAction,
      await postRequest(`/panel/${open.id}`, { intent: "declare", [`declaration.${openBid.id}`]: "none" }, member),
      { tenderId: open.id },
    );
    expect(declare.status).toBe(403);
    expect(await getDb().selectFrom("panel_declarations").select("bid_id").where("bid_id", "=", openBid.id).execute()).toEqual([]);
    const list = await jsonOf(await run(panelIndexLoader, await getRequest("/panel", member)));
    expect(list.assignments.find((a: { tenderId: string }) => a.tenderId === open.id)).toMatchObject({
      workable: false, todo: "Nothing yet: you can read the bids once the tender closes",
    });
  });

  it("never open a draft bid or a bid through another tender's address", async () => {
    expect((await run(panelBidLoader, await getRequest(`/panel/${closed.id}/bids/${draftBid.id}`, member), { tenderId: closed.id, bidId: draftBid.id })).status).toBe(404);
    expect((await run(panelBidLoader, await getRequest(`/panel/${closed.id}/bids/${wyreBid.id}`, member), { tenderId: closed.id, bidId: wyreBid.id })).status).toBe(404);
  });

  it("keep declarations on a double submit, and give a clear message on a stale or double submission of scores", async () => {
    const declare = async () =>
      run(panelTenderAction, await postRequest(`/panel/${closed.id}`, { intent: "declare", [`declaration.${bid.id}`]: "none" }, member), { tenderId: closed.id });
    expect((await declare()).status).toBe(302);
    expect((await declare()).status).toBe(302); // the second finds nothing left to declare
    expect(await getDb().selectFrom("panel_declarations").select("bid_id").where("user_id", "=", member.id).execute()).toHaveLength(1);

    const save = async (fields: Record<string, string>) =>
      run(panelBidAction, await postRequest(`/panel/${closed.id}/bids/${bid.id}`, { intent: "save", ...fields }, member), { tenderId: closed.id, bidId: bid.id });
    expect((await save(fullScores(closed))).status).toBe(302);

    const submit = async () => run(panelTenderAction, await postRequest(`/panel/${closed.id}`, { intent: "submit" }, member), { tenderId: closed.id });
    expect((await submit()).status).toBe(302);
    const again = await submit();
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).formError).toBe(LOCKED_MESSAGE);
    // A scoring page left open in another tab, saved after the submission.
    const stale = await save(fullScores(closed, 5));
    expect(stale.status).toBe(409);
    expect((await jsonOf(stale)).formError).toBe(LOCKED_MESSAGE);
    const scores = await getDb().selectFrom("panel_scores").select("score").where("user_id", "=", member.id).execute();
    expect(scores.map((s) => s.score)).toEqual([3, 3, 3, 3]);
    expect((await getDb().selectFrom("audit_events").select("action").where("action", "=", "panel.scores_submitted").where("record_id", "=", closed.id).execute())).toHaveLength(1);

    // The officer reopens them, with a reason; the member can then change a score.
    const noReason = await run(officerPanelAction, await postRequest(`/tenders/${closed.id}/panel`, { intent: "reopen", userId: member.id, reason: "" }, CHORLEY_OFFICER), { tenderId: closed.id });
    expect(noReason.status).toBe(400);
    expect((await jsonOf(noReason)).errors).toEqual({ reason: "Enter why you are reopening this member's scores" });
    const reopen = await run(
      officerPanelAction,
      await postRequest(`/tenders/${closed.id}/panel`, { intent: "reopen", userId: member.id, reason: "Scored Outcomes against the wrong guidance" }, CHORLEY_OFFICER),
      { tenderId: closed.id },
    );
    expect(reopen.status).toBe(302);
    const audit = await getDb().selectFrom("audit_events").select(["actor_user_id", "after_json"]).where("action", "=", "panel.scores_reopened").where("record_id", "=", closed.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_user_id).toBe(CHORLEY_OFFICER.id);
    expect(audit[0].after_json).toContain("Scored Outcomes against the wrong guidance");
    expect((await save(fullScores(closed, 4))).status).toBe(302);
    const reopenAgain = await run(officerPanelAction, await postRequest(`/tenders/${closed.id}/panel`, { intent: "reopen", userId: member.id, reason: "again" }, CHORLEY_OFFICER), { tenderId: closed.id });
    expect(reopenAgain.status).toBe(409);
    expect((await jsonOf(reopenAgain)).formError).toBe("This member's scores are not submitted, so there is nothing to reopen.");
  });
});

describe("the officer's panel page", () => {
  it("assigns and removes panel members, audited; only users with the panel role", async () => {
    const add = await run(officerPanelAction, await postRequest(`/tenders/${open.id}/panel`, { intent: "assign", userId: outsider.id }, CHORLEY_OFFICER), { tenderId: open.id });
    expect(add.status).toBe(302);
    const before = await jsonOf(await run(officerPanelLoader, await getRequest(`/tenders/${open.id}/panel`, CHORLEY_OFFICER), { tenderId: open.id }));
    expect(before.members.map((m: { userId: string }) => m.userId).sort()).toEqual([member.id, outsider.id].sort());
    expect(before.closed).toBe(false);
    expect(before.members.every((m: { declarations: unknown[] }) => m.declarations.length === 0)).toBe(true);

    const notPanel = await run(officerPanelAction, await postRequest(`/tenders/${open.id}/panel`, { intent: "assign", userId: "user-provider" }, CHORLEY_OFFICER), { tenderId: open.id });
    expect(notPanel.status).toBe(400);
    expect((await jsonOf(notPanel)).formError).toBe("Select an active user with the panel member role.");

    const remove = await run(officerPanelAction, await postRequest(`/tenders/${open.id}/panel`, { intent: "remove", userId: outsider.id }, CHORLEY_OFFICER), { tenderId: open.id });
    expect(remove.status).toBe(302);
    const actions = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", open.id).where("action", "like", "panel.%").execute();
    expect(actions.map((a) => a.action).sort()).toEqual(["panel.member_assigned", "panel.member_removed"]);
  });

  it("is forbidden to providers, panel members and officers outside the tender's districts", async () => {
    for (const user of [RED_ROSE_USER, member]) {
      expect((await run(officerPanelLoader, await getRequest(`/tenders/${closed.id}/panel`, user), { tenderId: closed.id })).status).toBe(403);
    }
    expect((await run(officerPanelLoader, await getRequest(`/tenders/${wyre.id}/panel`, CHORLEY_OFFICER), { tenderId: wyre.id })).status).toBe(403);
    const add = await run(officerPanelAction, await postRequest(`/tenders/${wyre.id}/panel`, { intent: "assign", userId: outsider.id }, CHORLEY_OFFICER), { tenderId: wyre.id });
    expect(add.status).toBe(403);
    expect((await run(officerPanelLoader, await getRequest(`/tenders/${wyre.id}/panel`, COUNTY_OFFICER), { tenderId: wyre.id })).status).toBe(200);
  });
});

describe("moderation, decisions and the matrix", () => {
  it("are forbidden to providers", async () => {
    expect((await run(moderationLoader, await getRequest(`/tenders/${closed.id}/moderation`, RED_ROSE_USER), { tenderId: closed.id })).status).toBe(403);
    const consensus = await run(moderationAction, await postRequest(`/tenders/${closed.id}/moderation`, { intent: "consensus", bidId: bid.id }, RED_ROSE_USER), { tenderId: closed.id });
    expect(consensus.status).toBe(403);
    expect((await run(decisionsLoader, await getRequest(`/tenders/${closed.id}/decisions`, RED_ROSE_USER), { tenderId: closed.id })).status).toBe(403);
    const award = await run(decisionsAction, await postRequest(`/tenders/${closed.id}/decisions`, { intent: "decide", [`decision.${bid.id}`]: "successful" }, RED_ROSE_USER), { tenderId: closed.id });
    expect(award.status).toBe(403);
    expect((await run(matrixLoader, await getRequest(`/tenders/${closed.id}/matrix?format=csv`, RED_ROSE_USER), { tenderId: closed.id })).status).toBe(403);
    expect((await run(moderationLoader, await getRequest(`/tenders/${closed.id}/moderation`, member), { tenderId: closed.id })).status).toBe(403);
  });

  it("are forbidden to a Chorley-only officer on a Wyre tender", async () => {
    expect((await run(moderationLoader, await getRequest(`/tenders/${wyre.id}/moderation`, CHORLEY_OFFICER), { tenderId: wyre.id })).status).toBe(403);
    const consensus = await run(
      moderationAction,
      await postRequest(`/tenders/${wyre.id}/moderation`, { intent: "consensus", bidId: wyreBid.id, [`${wyreBid.id}.score.${wyre.criteria[0].id}`]: "5", [`${wyreBid.id}.rationale.${wyre.criteria[0].id}`]: "Good" }, CHORLEY_OFFICER),
      { tenderId: wyre.id },
    );
    expect(consensus.status).toBe(403);
    expect(await getDb().selectFrom("consensus_scores").select("bid_id").where("bid_id", "=", wyreBid.id).execute()).toEqual([]);
    expect((await run(decisionsLoader, await getRequest(`/tenders/${wyre.id}/decisions`, CHORLEY_OFFICER), { tenderId: wyre.id })).status).toBe(403);
    expect((await run(matrixLoader, await getRequest(`/tenders/${wyre.id}/matrix?format=xlsx`, CHORLEY_OFFICER), { tenderId: wyre.id })).status).toBe(403);
    expect((await run(moderationLoader, await getRequest(`/tenders/${wyre.id}/moderation`, COUNTY_OFFICER), { tenderId: wyre.id })).status).toBe(200);
  });

  it("wait for the closing time, even for the tender's own officer", async () => {
    const early = await run(moderationLoader, await getRequest(`/tenders/${open.id}/moderation`, CHORLEY_OFFICER), { tenderId: open.id });
    expect(early.status).toBe(403);
    expect((await jsonOf(early)).message).toMatch(/^Moderation opens when the tender closes on /);
    expect((await run(matrixLoader, await getRequest(`/tenders/${open.id}/matrix?format=csv`, CHORLEY_OFFICER), { tenderId: open.id })).status).toBe(403);
  });

  it("refuses to award while a bid lacks a consensus score", async () => {
    const response = await run(decisionsAction, await postRequest(`/tenders/${closed.id}/decisions`, {
      intent: "decide", [`decision.${bid.id}`]: "successful", [`feedback.${bid.id}`]: "Good bid.",
    }, CHORLEY_OFFICER), { tenderId: closed.id });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).formError).toBe(
      "The tender cannot be awarded yet. Record a consensus score for Quality of service, Outputs, Outcomes, Value for money on Strong Families Chorley (Red Rose Family Support).",
    );
    const stored = await getDb().selectFrom("tenders").select("status").where("id", "=", closed.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe("evaluation");
    expect(await getDb().selectFrom("projects").select("id").where("tender_id", "=", closed.id).execute()).toEqual([]);
  });

  it("asks for a matrix format it knows", async () => {
    expect((await run(matrixLoader, await getRequest(`/tenders/${closed.id}/matrix?format=pdf`, CHORLEY_OFFICER), { tenderId: closed.id })).status).toBe(400);
    // The address on its own is no dead end: it goes to moderation, where the matrix is a page.
    const bare = await run(matrixLoader, await getRequest(`/tenders/${closed.id}/matrix`, CHORLEY_OFFICER), { tenderId: closed.id });
    expect(bare.status).toBe(302);
    expect(bare.headers.get("Location")).toBe(`/tenders/${closed.id}/moderation`);
  });
});

describe("the assessment summary", () => {
  it("is not found for another organisation's bid, and not ready before the decision", async () => {
    const other = await run(outcomeLoader, await getRequest(`/bids/${bid.id}/outcome`, pennineUser), { bidId: bid.id });
    expect(other.status).toBe(404);
    const own = await run(outcomeLoader, await getRequest(`/bids/${bid.id}/outcome`, RED_ROSE_USER), { bidId: bid.id });
    expect(own.status).toBe(403);
    const body = await jsonOf(own);
    expect(body.message).toBe("The assessment summary for this bid is not ready: you will be e-mailed when the council has made its decision.");
    expect(JSON.stringify(body)).not.toMatch(/score/i);
    expect((await run(outcomeLoader, await getRequest(`/bids/${bid.id}/outcome`, CHORLEY_OFFICER), { bidId: bid.id })).status).toBe(403);
    expect((await run(outcomeLoader, await getRequest(`/bids/no-such-bid/outcome`, RED_ROSE_USER), { bidId: "no-such-bid" })).status).toBe(404);
  });
});

describe("an unknown intent", () => {
  let tender: TestTender;
  let scored: { id: string };

  beforeAll(async () => {
    tender = await createTestTender({ state: "closed", panelUserIds: [member.id] });
    scored = await createTestBid({ tender, organisationId: "org-red-rose" });
    const declared = await run(panelTenderAction, await postRequest(`/panel/${tender.id}`, { intent: "declare", [`declaration.${scored.id}`]: "none" }, member), { tenderId: tender.id });
    expect(declared.status).toBe(302);
  });

  /** Everything the panel pages write, and the tender's status. */
  async function panelState() {
    const db = getDb();
    const [declarations, scores, consensus, members, audit, stored] = await Promise.all([
      db.selectFrom("panel_declarations").selectAll().where("bid_id", "=", scored.id).execute(),
      db.selectFrom("panel_scores").selectAll().where("bid_id", "=", scored.id).execute(),
      db.selectFrom("consensus_scores").selectAll().where("bid_id", "=", scored.id).execute(),
      db.selectFrom("tender_panel_members").selectAll().where("tender_id", "=", tender.id).execute(),
      db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      db.selectFrom("tenders").select(["status", "version"]).where("id", "=", tender.id).executeTakeFirstOrThrow(),
    ]);
    return { declarations, scores, consensus, members, audit: Number(audit.n), stored };
  }

  async function refusedWithNothingChanged(act: () => Promise<Response>) {
    const before = await panelState();
    const response = await act();
    expect(response.status).toBe(400);
    expect(await panelState()).toEqual(before);
  }

  it("is refused with 400 on a member's panel page", async () => {
    await refusedWithNothingChanged(async () =>
      run(panelTenderAction, await postRequest(`/panel/${tender.id}`, { intent: "withdraw-all" }, member), { tenderId: tender.id }));
  });

  it("is refused with 400 on a member's bid page", async () => {
    await refusedWithNothingChanged(async () =>
      run(panelBidAction, await postRequest(`/panel/${tender.id}/bids/${scored.id}`, { intent: "publish", ...fullScores(tender) }, member), { tenderId: tender.id, bidId: scored.id }));
  });

  it("is refused with 400 on the officer's panel page", async () => {
    await refusedWithNothingChanged(async () =>
      run(officerPanelAction, await postRequest(`/tenders/${tender.id}/panel`, { intent: "promote", userId: member.id }, CHORLEY_OFFICER), { tenderId: tender.id }));
  });

  it("is refused with 400 at moderation", async () => {
    await refusedWithNothingChanged(async () =>
      run(moderationAction, await postRequest(`/tenders/${tender.id}/moderation`, {
        intent: "award", bidId: scored.id, [`${scored.id}.score.${tender.criteria[0].id}`]: "5", [`${scored.id}.rationale.${tender.criteria[0].id}`]: "Good",
      }, CHORLEY_OFFICER), { tenderId: tender.id }));
  });
});
