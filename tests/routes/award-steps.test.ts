// A light-touch tender's award in the Procurement Act's steps, through the decisions page:
// the conflicts assessment reviewed, the decisions recorded (the intention to award), every
// assessment summary sent (one by hand, as its bidder has no e-mail address), the contract
// award notice, the 8-working-day standstill (refused on its last day, accepted the day
// after) and the contract entered. Then a waived standstill, the KPIs a contract over £5m
// needs, the wrong users and bad input.
//
// The clock: the notice is published today; the test then moves Date (only Date) to the
// standstill's last day and to the day after, as a person would wait for them.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { formatDate, ukToday } from "~/lib/dates";
import { newId, nowIso } from "~/lib/ids.server";
import { standstill } from "~/lib/working-days";
import { action as conflictsAction } from "~/routes/tenders.$tenderId.conflicts";
import { action as decisionsAction, loader as decisionsLoader } from "~/routes/tenders.$tenderId.decisions";
import { loader as outcomeLoader } from "~/routes/bids.$bidId.outcome";
import { loader as opportunityLoader } from "~/routes/opportunities.$tenderId._index";
import { loader as ocdsTender } from "~/routes/data.ocds.tenders.$tenderId";
import { createTestUser, flashedMessage, getRequest, jsonOf, postRequest, run } from "../helpers/requests";
import { createTestBid, createTestTender, type TestTender } from "../helpers/tenders";
import { ocdsValidator } from "../helpers/standards";
import { recordConsensus } from "~/models/panel/scores.server";
import { TENDER_FINISHED_MESSAGE } from "~/models/panel/read.server";

const OFFICER = { id: "user-officer" };
const PROVIDER = { id: "user-provider" };
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  await seedDemoData(getDb());
});

afterEach(() => {
  vi.useRealTimers();
});

/** A UK date's moment, in the clock the test moves to. */
function moveClockTo(isoDateTime: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(isoDateTime));
}

/** An organisation with no users and no contact address: its summary cannot be e-mailed. */
async function organisationWithoutEmail(): Promise<string> {
  const id = newId();
  const at = nowIso();
  await getDb().insertInto("organisations").values({
    id, name: "Quiet Lane Family Hub", type: "provider", status: "approved", charity_number: null, company_number: null, org_identifier: null,
    address: null, postcode: null, contact_name: null, contact_email: null, created_at: at, updated_at: at, version: 1,
  }).execute();
  return id;
}

/** Every criterion's consensus, as moderation would have recorded it. */
async function consensus(tender: TestTender, bidId: string, score: number) {
  await getDb().insertInto("consensus_scores").values(tender.criteria.map((c) => ({
    bid_id: bidId, criterion_id: c.id, score, rationale: "Agreed at moderation", recorded_by: OFFICER.id, recorded_at: nowIso(),
  }))).execute();
}

/** A closed light-touch tender with its conflicts assessment reviewed, ready for decisions. */
async function closedLightTouch(maxBudgetPence = 70_000_000): Promise<TestTender> {
  const tender = await createTestTender({ state: "closed", procedure: "light_touch", maxBudgetPence });
  const params = { tenderId: tender.id };
  const entry = await run(conflictsAction, await postRequest(`/tenders/${tender.id}/conflicts`, {
    intent: "record", role: "officer", person_user_id: OFFICER.id, interest: "", mitigation: "Nothing to handle", based_on_entries: "0",
  }, OFFICER), params);
  expect(entry.status).toBe(302);
  expect((await run(conflictsAction, await postRequest(`/tenders/${tender.id}/conflicts`, { intent: "review" }, OFFICER), params)).status).toBe(302);
  return tender;
}

const post = async (tender: TestTender, fields: Record<string, string>, user = OFFICER) =>
  run(decisionsAction, await postRequest(`/tenders/${tender.id}/decisions`, fields, user), { tenderId: tender.id });
const page = async (tender: TestTender) =>
  jsonOf(await run(decisionsLoader, await getRequest(`/tenders/${tender.id}/decisions`, OFFICER), { tenderId: tender.id }));
const stored = (tender: TestTender) =>
  getDb().selectFrom("tenders")
    .select(["status", "award_intended_at", "summaries_sent_at", "award_notice_at", "standstill_last_day", "standstill_waived_reason", "awarded_at"])
    .where("id", "=", tender.id).executeTakeFirstOrThrow();

describe("a light-touch award, step by step", () => {
  it("goes from the decisions through the notice and the standstill to the contract", async () => {
    const tender = await closedLightTouch();
    const redRose = await createTestBid({ tender, organisationId: "org-red-rose", amountPence: 2_000_000 });
    const quietLane = await createTestBid({ tender, organisationId: await organisationWithoutEmail(), amountPence: 1_500_000 });
    await consensus(tender, redRose.id, 4);
    await consensus(tender, quietLane.id, 3);

    // The decisions. Chorley has no 2027-28 Schools Forum money in the demo: the override is given here.
    const decided = await post(tender, {
      intent: "decide",
      [`decision.${redRose.id}`]: "successful", [`feedback.${redRose.id}`]: "Clear safeguarding and good value.",
      [`decision.${quietLane.id}`]: "unsuccessful", [`feedback.${quietLane.id}`]: "Outcomes were not measured.",
      override: "yes", overrideReason: "The 2027-28 allocation is agreed but not yet entered",
    });
    expect(decided.status).toBe(302);
    expect((await flashedMessage(decided))?.text).toBe(
      `The decisions on ${tender.reference} are recorded. The assessment summary could not be e-mailed to Quiet Lane Family Hub (no e-mail address): send it another way, then record that below.`,
    );
    expect(await stored(tender)).toMatchObject({ status: "published", summaries_sent_at: null, award_notice_at: null, awarded_at: null });
    expect((await page(tender)).stage).toEqual({ next: "send-summaries" });
    // The successful bidder reads its outcome and where the award has got to.
    const outcome = await jsonOf(await run(outcomeLoader, await getRequest(`/bids/${redRose.id}/outcome`, PROVIDER), { bidId: redRose.id }));
    expect(outcome.summary.outcome).toBe("successful");
    expect(outcome.awardSteps.map((s: { key: string; done: string | null }) => [s.key, s.done !== null])).toEqual([
      ["decisions", true], ["summaries", false], ["notice", false], ["standstill", false], ["contract", false],
    ]);
    // Nobody outside learns who won before the notice.
    const before = await jsonOf(await run(opportunityLoader, await getRequest(`/opportunities/${tender.id}`), { tenderId: tender.id }));
    expect(before.tender.awardedTo).toEqual([]);
    expect(before.tender.awardSteps).toBeNull();

    // The notice waits for every summary.
    const tooSoon = await post(tender, { intent: "notice" });
    expect(tooSoon.status).toBe(409);
    expect((await jsonOf(tooSoon)).formError).toMatch(/^Every bidder must have its assessment summary before the contract award notice is published/);
    expect((await post(tender, { intent: "summaries-sent" })).status).toBe(302);

    // The notice: the standstill is 8 working days from today, UK bank holidays skipped.
    const today = ukToday();
    const period = standstill(today);
    const noticed = await post(tender, { intent: "notice", waiverReason: "" });
    expect(noticed.status).toBe(302);
    expect((await flashedMessage(noticed))?.text).toBe(
      `The contract award notice is published. The standstill ends at the end of ${formatDate(period.lastDay)}: the contract can be entered from ${formatDate(period.contractFrom)}.`,
    );
    expect(await stored(tender)).toMatchObject({ standstill_last_day: period.lastDay, standstill_waived_reason: null, awarded_at: null });
    expect((await page(tender)).stage).toEqual({ next: "standstill", lastDay: formatDate(period.lastDay), contractFrom: formatDate(period.contractFrom) });

    // The award is public from the notice: the opportunity page and OCDS name the winner, pending.
    const during = await jsonOf(await run(opportunityLoader, await getRequest(`/opportunities/${tender.id}`), { tenderId: tender.id }));
    expect(during.tender.status).toBe("award_pending");
    expect(during.tender.awardedTo).toEqual(["Red Rose Family Support"]);
    const ocds = JSON.parse(await (await run(ocdsTender, await getRequest(`/data/ocds/tenders/${tender.id}`), { tenderId: tender.id })).text());
    const validate = ocdsValidator();
    expect(validate(ocds), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const award = ocds.releases.find((r: { tag: string[] }) => r.tag.includes("award"));
    expect(award.awards).toEqual([expect.objectContaining({ status: "pending", description: `Standstill ends at the end of ${period.lastDay}` })]);
    expect(ocds.releases.some((r: { tag: string[] }) => r.tag.includes("contract"))).toBe(false);

    // Today: refused. On the standstill's last day (one working day early): refused.
    expect((await post(tender, { intent: "enter" })).status).toBe(409);
    moveClockTo(`${period.lastDay}T15:00:00.000Z`);
    const early = await post(tender, { intent: "enter" });
    expect(early.status).toBe(409);
    expect((await jsonOf(early)).formError).toBe(
      `The standstill ends at the end of ${formatDate(period.lastDay)}: the contract can be entered from ${formatDate(period.contractFrom)}. Nothing has been changed.`,
    );
    expect(await getDb().selectFrom("projects").select("id").where("tender_id", "=", tender.id).execute()).toEqual([]);

    // The day after: the contract is entered and the project goes live.
    moveClockTo(`${period.contractFrom}T09:00:00.000Z`);
    const entered = await post(tender, { intent: "enter" });
    expect(entered.status).toBe(302);
    const projects = await getDb().selectFrom("projects").select(["bid_id", "amount_pence", "status", "created_at"]).where("tender_id", "=", tender.id).execute();
    expect(projects).toEqual([{ bid_id: redRose.id, amount_pence: 2_000_000, status: "active", created_at: `${period.contractFrom}T09:00:00.000Z` }]);
    expect(await stored(tender)).toMatchObject({ status: "awarded", awarded_at: `${period.contractFrom}T09:00:00.000Z` });
    const after = await page(tender);
    expect(after.stage).toEqual({ next: "done" });
    expect(after.contracts.contracts).toEqual([expect.objectContaining({ supplier: "Red Rose Family Support", value: "£20,000.00", kpis: [expect.objectContaining({ name: "Families supported" })] })]);

    // Each step is dated in the audit trail, in order.
    const audit = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", tender.id).where("action", "like", "tender.%").orderBy("created_at").execute();
    expect(audit.map((a) => a.action).filter((a) => !a.startsWith("tender.conflicts"))).toEqual([
      "tender.overcommitment_approved", "tender.award_intended", "tender.summaries_sent", "tender.award_notice_published",
      // Approved again as the money is committed, under the decisions' reason.
      "tender.overcommitment_approved", "tender.awarded",
    ]);
    // A second entry (a double submit) changes nothing.
    expect((await post(tender, { intent: "enter" })).status).toBe(409);
  });

  it("may waive a light-touch standstill with a reason, but not without one", async () => {
    const tender = await closedLightTouch();
    const bid = await createTestBid({ tender, organisationId: "org-red-rose", amountPence: 2_000_000 });
    await consensus(tender, bid.id, 4);
    expect((await post(tender, {
      intent: "decide", [`decision.${bid.id}`]: "successful", [`feedback.${bid.id}`]: "Good.", override: "yes", overrideReason: "Agreed money",
    })).status).toBe(302);

    const noReason = await post(tender, { intent: "notice", waive: "yes", waiverReason: "  " });
    expect(noReason.status).toBe(400);
    const body = await jsonOf(noReason);
    expect(body.errors).toEqual({ waiverReason: "Enter why the standstill is waived" });
    expect(body.values.waive).toBe("yes");
    expect((await stored(tender)).award_notice_at).toBeNull();

    const reason = "The only bid: no other bidder can be affected by the decision";
    expect((await post(tender, { intent: "notice", waive: "yes", waiverReason: reason })).status).toBe(302);
    expect(await stored(tender)).toMatchObject({ standstill_last_day: null, standstill_waived_reason: reason });
    expect((await page(tender)).steps.find((s: { key: string }) => s.key === "standstill").note).toBe(`Waived: ${reason}`);
    expect((await post(tender, { intent: "enter" })).status).toBe(302);
    expect((await stored(tender)).status).toBe("awarded");
  });

  it("refuses a contract over £5m with fewer than three KPIs", async () => {
    const tender = await closedLightTouch(700_000_000);
    const bid = await createTestBid({ tender, organisationId: "org-red-rose", amountPence: 600_000_000 });
    await consensus(tender, bid.id, 4);
    expect((await post(tender, {
      intent: "decide", [`decision.${bid.id}`]: "successful", [`feedback.${bid.id}`]: "Good.", override: "yes", overrideReason: "Agreed money",
    })).status).toBe(302);
    expect((await post(tender, { intent: "notice", waive: "yes", waiverReason: "Urgent safeguarding need" })).status).toBe(302);
    const refused = await post(tender, { intent: "enter" });
    expect(refused.status).toBe(409);
    expect((await jsonOf(refused)).formError).toBe(
      "A contract worth more than £5,000,000.00 needs at least 3 key performance indicators for its contract details notice: Red Rose Family Support has fewer. Nothing has been changed.",
    );
    expect((await stored(tender)).status).toBe("published");
  });

  it("is the tender's officers' alone", async () => {
    const tender = await closedLightTouch();
    const bid = await createTestBid({ tender, organisationId: "org-red-rose", amountPence: 2_000_000 });
    await consensus(tender, bid.id, 4);
    const fields = { intent: "decide", [`decision.${bid.id}`]: "successful", [`feedback.${bid.id}`]: "Good.", override: "yes", overrideReason: "Agreed" };
    expect((await post(tender, fields, PROVIDER)).status).toBe(403);
    const preston = await createTestUser({ roles: ["officer"], districtIds: ["district-preston"] });
    expect((await post(tender, fields, preston)).status).toBe(403);
    expect((await post(tender, { intent: "enter" }, preston)).status).toBe(403);
    expect((await stored(tender)).award_intended_at).toBeNull();
    // An unknown step is refused, not guessed.
    expect((await post(tender, { intent: "skip-the-standstill" })).status).toBe(400);
  });
});

describe("the steps a procedure skips", () => {
  it("a grant competition goes from the decisions to the agreement: no notice to publish", async () => {
    const tender = await createTestTender({ state: "closed" });
    const bid = await createTestBid({ tender, organisationId: "org-red-rose", amountPence: 2_000_000 });
    await consensus(tender, bid.id, 4);
    expect((await post(tender, {
      intent: "decide", [`decision.${bid.id}`]: "successful", [`feedback.${bid.id}`]: "Good.", override: "yes", overrideReason: "Agreed",
    })).status).toBe(302);
    const notice = await post(tender, { intent: "notice" });
    expect(notice.status).toBe(409);
    expect((await jsonOf(notice)).formError).toMatch(/^This tender's procedure has no contract award notice/);
    expect((await page(tender)).steps.map((s: { key: string }) => s.key)).toEqual(["decisions", "summaries", "contract"]);
    expect((await post(tender, { intent: "enter" })).status).toBe(302);
    expect(Date.now() - new Date((await stored(tender)).awarded_at!).getTime()).toBeLessThan(DAY);
  });
});

describe("the allocation override", () => {
  it("ticked with nothing to approve, does not approve an overcommitment that comes later", async () => {
    const db = getDb();
    const at = nowIso();
    // Chorley's 2027-28 Schools Forum money: £30,000, enough for this bid when it is decided.
    await db.insertInto("allocations").values({
      id: "alloc-award-steps-chorley-2027", funding_stream_id: "stream-schools-forum", district_id: "district-chorley",
      financial_year: 2027, amount_pence: 3_000_000, created_at: at, updated_at: at,
    }).execute();
    const used = await db.selectFrom("ledger_entries").select((eb) => eb.fn.sum<number>("amount_pence").as("total"))
      .where("district_id", "=", "district-chorley").where("funding_stream_id", "=", "stream-schools-forum").where("financial_year", "=", 2027)
      .where("kind", "=", "commitment").executeTakeFirst();
    // Earlier tests in this file may have committed 2027-28 money already: top the allocation up past it.
    await db.updateTable("allocations").set({ amount_pence: 3_000_000 + Number(used?.total ?? 0) }).where("id", "=", "alloc-award-steps-chorley-2027").execute();
    const tender = await createTestTender({ state: "closed" });
    const bid = await createTestBid({ tender, organisationId: "org-red-rose", amountPence: 2_000_000 });
    await consensus(tender, bid.id, 4);
    expect((await post(tender, {
      intent: "decide", [`decision.${bid.id}`]: "successful", [`feedback.${bid.id}`]: "Good.", override: "yes", overrideReason: "Just in case",
    })).status).toBe(302);
    expect((await db.selectFrom("tenders").select("award_override_reason").where("id", "=", tender.id).executeTakeFirstOrThrow()).award_override_reason).toBeNull();

    // Meanwhile what remains shrinks (the allocation is cut, as another award or project would take it).
    await db.updateTable("allocations").set((eb) => ({ amount_pence: eb("amount_pence", "-", 2_500_000) })).where("id", "=", "alloc-award-steps-chorley-2027").execute();
    const refused = await post(tender, { intent: "enter" });
    expect(refused.status).toBe(409);
    expect((await jsonOf(refused)).errors).toEqual({ override: "To enter the contract anyway, tick the box and give the reason" });
    expect((await stored(tender)).awarded_at).toBeNull();
    expect((await post(tender, { intent: "enter", override: "yes", overrideReason: "Agreed by the Schools Forum on 3 March" })).status).toBe(302);
    const approvals = await db.selectFrom("audit_events").select("after_json").where("record_id", "=", tender.id).where("action", "=", "tender.overcommitment_approved").execute();
    expect(approvals.map((a) => JSON.parse(a.after_json!).givenWith)).toEqual(["contract"]);
  });
});

describe("the scores behind the decisions", () => {
  it("cannot change once the decisions are recorded, even from a request that passed its checks before", async () => {
    const tender = await createTestTender({ state: "closed" });
    const bid = await createTestBid({ tender, organisationId: "org-red-rose", amountPence: 2_000_000 });
    await consensus(tender, bid.id, 4);
    expect((await post(tender, {
      intent: "decide", [`decision.${bid.id}`]: "successful", [`feedback.${bid.id}`]: "Good.", override: "yes", overrideReason: "Agreed",
    })).status).toBe(302);
    // A consensus save that read the tender before the decisions, arriving after them.
    const late = getDb().transaction().execute((trx) => recordConsensus(trx, { actorUserId: OFFICER.id, ip: null }, {
      tenderId: tender.id, bidId: bid.id, entries: tender.criteria.map((c) => ({ criterionId: c.id, score: 1, comment: "Changed after the decision" })),
    }));
    await expect(late).rejects.toThrow(TENDER_FINISHED_MESSAGE);
    const scores = await getDb().selectFrom("consensus_scores").select("score").where("bid_id", "=", bid.id).execute();
    expect(scores.map((s) => Number(s.score))).toEqual(tender.criteria.map(() => 4));
  });
});

