// Each role's home page lists what needs them, from the demo data with its tenders.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { loader as homeLoader } from "~/routes/_index";
import { getHomeData } from "~/models/home.server";
import { loadActor } from "~/models/accounts/users.server";
import { action as publishAction } from "~/routes/profiles.$districtId._index";
import { getRequest, jsonOf, postRequest, run } from "../helpers/requests";

beforeAll(async () => {
  await seedDemoData(getDb(), { withTenders: true });
});

const ON = new Date("2026-11-24T12:00:00Z");

/** The home page's data on a given day, so the figures do not drift with the calendar. */
async function homeOn(userId: string, day: Date) {
  const user = await loadActor(getDb(), userId);
  return getHomeData(getDb(), user!, day);
}

const homeOf = async (userId: string) => (await jsonOf(await run(homeLoader, await getRequest("/", { id: userId })))).home;

describe("home pages", () => {
  it("a county-wide officer sees drafts, closed tenders and unanswered questions across the county", async () => {
    const home = await homeOf("user-officer");
    const byRef = Object.fromEntries(home.officerTenders.map((t: { reference: string; todo: string }) => [t.reference, t.todo]));
    expect(byRef).toEqual({
      "ESI-2026-002": "Closed: the panel scores, then you moderate and award",
      "ESI-2026-003": "Closed: the panel scores, then you moderate and award",
      "ESI-2026-004": "1 clarification question to answer",
      "ESI-2026-006": "Draft: finish and publish it",
    });
    expect(home.pendingOrganisations.map((o: { name: string }) => o.name)).toEqual(["Ribble Valley Young Carers"]);
  });

  it("a Chorley officer sees only Chorley's tenders", async () => {
    const home = await homeOf("user-chorley-officer");
    expect(home.officerTenders.map((t: { reference: string }) => t.reference)).toEqual(["ESI-2026-003"]);
    expect(home.districtFunding.map((d: { name: string }) => d.name)).toEqual(["Chorley"]);
  });

  it("a provider sees open tenders and the bids that need them", async () => {
    const home = await homeOf("user-provider");
    expect(home.openTenders.map((t: { reference: string }) => t.reference)).toEqual(["ESI-2026-004"]);
    expect(home.providerBids).toEqual([
      { id: "bid-open-red-rose", title: "Preston Parents Together", tenderReference: "ESI-2026-004", todo: "Draft: finish and submit it before the tender closes" },
      { id: "bid-awarded-red-rose", title: "Chorley Family Links", tenderReference: "ESI-2026-001", todo: "Successful: read your assessment summary" },
    ]);
    expect(home.officerTenders).toBeNull();
  });

  it("a panel member sees the closed tenders they are to score", async () => {
    const home = await homeOf("user-panel");
    const todo = Object.fromEntries(home.panelAssignments.map((a: { reference: string; todo: string }) => [a.reference, a.todo]));
    expect(todo).toEqual({
      "ESI-2026-002": "Score the bids: 0 of 2 done",
      "ESI-2026-003": "Declare your interests in 1 bid",
    });
  });

  it("officers see the returns to review, overdue returns, visits due and open actions in their districts", async () => {
    // On 24 November 2026: the Chorley Q2 return waits for review; Preston's Q2 (due 21 October) is overdue.
    const county = await homeOn("user-officer", ON);
    // The demo: Chorley Family Links Q2 and three more districts' Q2 returns wait for review; the
    // Preston grant and two 2026-27 Q2 returns are overdue; two visit actions are open.
    expect(county.officerDelivery).toEqual({ toReview: 4, overdue: 3, visitsDue: expect.any(Number), openActions: 2 });
    const chorley = await homeOn("user-chorley-officer", ON);
    expect(chorley.officerDelivery).toMatchObject({ toReview: 1, overdue: 0, openActions: 1 });
  });

  it("a provider sees returns due, overdue or queried, and its projects", async () => {
    const home = await homeOn("user-provider", ON);
    expect(home.providerProjects!.map((p: { reference: string; title: string }) => [p.reference, p.title])).toEqual([
      ["PRJ-2025-007", "Preston Family Support"],
      ["PRJ-2025-008", "Clitheroe Ready for School"],
      ["PRJ-2026-001", "Chorley Family Links"],
      ["PRJ-2026-015", "South Ribble Family Links"],
    ]);
    // Every Q2 return of Red Rose's is in; Q3 is due on 21 January 2027, more than 30 days away.
    expect(home.providerReturns).toEqual([]);
    const january = await homeOn("user-provider", new Date("2027-01-05T12:00:00Z"));
    expect(january.providerReturns!.map((r: { quarter: string; todo: string }) => [r.quarter, r.todo])).toEqual([
      ["2026-27 Q3", "Due soon"], ["2026-27 Q3", "Due soon"], ["2026-27 Q3", "Due soon"], ["2026-27 Q3", "Due soon"],
    ]);
    const february = await homeOn("user-provider", new Date("2027-02-01T12:00:00Z"));
    expect(february.providerReturns!.map((r: { quarter: string; todo: string }) => [r.quarter, r.todo])).toEqual([
      ["2026-27 Q3", "Overdue"], ["2026-27 Q3", "Overdue"], ["2026-27 Q3", "Overdue"], ["2026-27 Q3", "Overdue"],
    ]);
  });

  it("a viewer sees no tender work", async () => {
    const home = await homeOf("user-viewer");
    expect(home.officerTenders).toBeNull();
    expect(home.openTenders).toBeNull();
    expect(home.panelAssignments).toBeNull();
    expect(home.districtFunding).toHaveLength(12);
  });

  it("a viewer (a board member) sees the latest published profiles, and others do not get the list", async () => {
    expect((await homeOf("user-viewer")).publishedProfiles).toEqual([]);
    const published = await run(publishAction, await postRequest("/profiles/district-chorley", { quarter: "2026-27 Q2", expected_edition: "0" }, { id: "user-chorley-officer" }), { districtId: "district-chorley" });
    expect(published.status).toBe(302);
    const home = await homeOf("user-viewer");
    expect(home.publishedProfiles).toEqual([{ id: expect.any(String), districtName: "Chorley", quarter: "2026-27 Q2", edition: 1, publishedAt: expect.any(String) }]);
    expect((await homeOf("user-provider")).publishedProfiles).toBeNull();
  });
});
