// The district performance profile against a district worked out by hand (see
// tests/helpers/profile-fixture.ts for the data). Every figure below was computed on paper
// from that data; the web loader, the CSV, the XLSX and the PDF must all give it.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { loader as profileLoader, action as publishAction } from "~/routes/profiles.$districtId._index";
import { loader as pdfLoader } from "~/routes/profiles.$districtId.profile[.]pdf";
import { loader as csvLoader } from "~/routes/profiles.$districtId.profile[.]csv";
import { loader as xlsxLoader } from "~/routes/profiles.$districtId.profile[.]xlsx";
import { loader as publishedLoader } from "~/routes/profiles.published.$publicationId._index";
import { loader as publishedPdfLoader } from "~/routes/profiles.published.$publicationId.profile[.]pdf";
import { loader as countyLoader } from "~/routes/profiles._index";
import { action as agreedActionAction } from "~/routes/profiles.$districtId.actions.$indicatorId";
import { action as recommendationAction, loader as recommendationLoader } from "~/routes/profiles.$districtId.recommendations.$projectId";
import { action as commentaryAction } from "~/routes/profiles.$districtId.commentary";
import { computeProfile } from "~/models/profiles/compute.server";
import type { DistrictProfile } from "~/profiles/types";
import { approvePendingFixtureReturn, FIXTURE_DISTRICT, FIXTURE_QUARTER, seedProfileFixture } from "../helpers/profile-fixture";
import { readPdf } from "../helpers/pdf-text";
import { createTestUser, getRequest, jsonOf, postRequest, run, type TestUser } from "../helpers/requests";
import { createTestProject } from "../helpers/projects";

const Q = encodeURIComponent(FIXTURE_QUARTER);
let chorleyOfficer: TestUser;
let prestonOfficer: TestUser;
let viewer: TestUser;
let provider: TestUser;

beforeAll(async () => {
  await seedDemoData(getDb());
  await seedProfileFixture();
  chorleyOfficer = await createTestUser({ roles: ["officer"], districtIds: [FIXTURE_DISTRICT] });
  prestonOfficer = await createTestUser({ roles: ["officer"], districtIds: ["district-preston"] });
  viewer = await createTestUser({ roles: ["viewer"] });
  provider = await createTestUser({ roles: ["provider"], organisationId: "org-red-rose" });
});

async function liveProfile(): Promise<DistrictProfile> {
  const response = await run(profileLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}?quarter=${Q}`, chorleyOfficer), { districtId: FIXTURE_DISTRICT });
  expect(response.status).toBe(200);
  return (await jsonOf<{ profile: DistrictProfile }>(response)).profile;
}

describe("the hand-computed district", () => {
  it("gives the headline worked out by hand", async () => {
    const p = await liveProfile();
    expect(p.district.name).toBe("Chorley");
    expect(p.quarter).toBe("2025-26 Q2");
    expect(p.quarterMonths).toBe("July–September 2025");
    expect(p.headline).toMatchObject({
      allocatedPence: 13_000_000, // £50,000 pump priming + £80,000 Schools Forum for 2025-26
      committedPence: 4_000_000, // £20,000 + £12,000 + £8,000
      spentPence: 1_790_000, // approved: 4,500 + 6,000 + 2,400 + 3,000 + 2,000
      spentPercentOfCommitted: 44.75,
      projectsLive: 3,
      peopleReachedQuarter: 54, // P1 10 + 25, P2 7 + 12; P3 pending
      peopleReachedYear: 68, // new people: P1 30 + 10, P2 12 + 7, P3 9
      returnsDue: 6,
      returnsOnTime: 5, // P2's Q2 was late
      returnsOutstanding: 0,
      returnsAwaitingApproval: 1, // P3's Q2
      rag: {
        outputs: { green: 1, amber: 1, red: 0 }, // I3 95% green, I1 80% amber; I5 pending
        outcomes: { green: 0, amber: 1, red: 1 }, // I4 80% amber (lower is better), I2 70% red
        spend: { green: 3, amber: 0, red: 0 }, // +5%, −10% (boundary), 0%
      },
    });
    expect(p.headline.onTimePercent).toBeCloseTo(83.333, 2);
    // Reach by age (new people this year): Family Links' 40 are 5 to 10, Youth Voice's 19 are 11 to 15, Dads Matter's 9 adults.
    expect(p.headline.reachByAgeBand).toEqual([
      { band: "0-4", people: 0 }, { band: "5-10", people: 40 }, { band: "11-15", people: 19 }, { band: "16-19", people: 0 },
      { band: "20-25", people: 0 }, { band: "adults", people: 9 },
    ]);
    // Children and young people (0 to 19) reached: 40 aged 5 to 10 + 19 aged 11 to 15 = 59, of the 20,000
    // entered for Q1 (the latest up to Q2): 59 ÷ 20,000 × 10,000 = 29.5 per 10,000, a share of 0.295%.
    expect(p.headline.populationReach).toEqual({ population: 20_000, asAt: "2025-26 Q1", childrenReached: 59, per10000: 29.5, sharePercent: 0.295 });
    // £17,900 spent ÷ 68 people = £263.235…, to the penny £263.24.
    expect(p.headline.costPerPersonPence).toBe(26_324);
    // Money by funding stream: the pump priming is allocated but none of it committed; every
    // project, and so all £40,000 committed and £17,900 spent, is Schools Forum money.
    expect(p.headline.byFundingStream).toEqual([
      { streamId: "stream-pump-priming", name: "Pump priming", allocatedPence: 5_000_000, committedPence: 0, spentPence: 0 },
      { streamId: "stream-schools-forum", name: "Schools Forum ESI", allocatedPence: 8_000_000, committedPence: 4_000_000, spentPence: 1_790_000 },
    ]);
    // Costs avoided by service: the one unit cost is children's services', borne by the council.
    expect(p.headline.costAvoidedByCategory).toEqual([{ category: "Children's services", totalPence: 826_200, councilPence: 826_200, partnersPence: 0 }]);
    // 15 outcomes × £1,020 (£1,000 uprated 2% into 2025-26) × 0.8 × 0.75 × 0.9 = £8,262.00. Only Family
    // Links has an outcome linked to a unit cost, so only its £10,500 spent is in the ratio: 8,262 ÷ 10,500
    // = 0.79 (not 8,262 ÷ 17,900 = 0.46, which would count Youth Voice's and Dads Matter's spend as avoiding nothing).
    expect(p.headline.costAvoided).toEqual({
      totalPence: 826_200, councilPence: 826_200, partnersPence: 0, perPound: 0.79, estimated: true, countedProjects: 1, countedSpentPence: 1_050_000,
    });
  });

  it("gives each project's figures, pending flagged and left out", async () => {
    const p = await liveProfile();
    // Providers in name order: Fylde Coast Parenting, Pennine Youth, Red Rose.
    expect(p.projects.map((x) => x.title)).toEqual(["Dads Matter", "Youth Voice", "Family Links"]);
    const [dads, youth, links] = p.projects;

    expect(links.spend).toEqual({ quarterActualPence: 600_000, quarterProfilePence: 500_000, ytdActualPence: 1_050_000, ytdProfilePence: 1_000_000, variancePercent: 5, rag: "green" });
    expect(links.outputs).toEqual({ indicatorCount: 1, quarterAchievementPercent: 80, quarterRag: "amber", ytdAchievementPercent: 87.5, ytdRag: "amber", trend: "down" });
    expect(links.outcomes).toEqual({ indicatorCount: 1, quarterAchievementPercent: 70, quarterRag: "red", ytdAchievementPercent: 75, ytdRag: "red", trend: "down" });
    expect(links.costAvoided).toEqual({
      totalPence: 826_200, councilPence: 826_200, partnersPence: 0, perPound: 0.79, estimated: true, countedProjects: 1, countedSpentPence: 1_050_000,
    }); // 8,262 ÷ 10,500
    // No outcome linked to a unit cost: not estimated, which is not £0 avoided.
    for (const project of [youth, dads]) {
      expect(project.costAvoided).toEqual({ totalPence: 0, councilPence: 0, partnersPence: 0, perPound: null, estimated: false, countedProjects: 0, countedSpentPence: 0 });
    }
    expect(links).toMatchObject({ peopleReachedQuarter: 35, peopleReachedYear: 40, returnStatus: "approved", pending: false, countedTo: "2025-26 Q2" });

    expect(youth.spend).toMatchObject({ ytdActualPence: 540_000, ytdProfilePence: 600_000, variancePercent: -10, rag: "green" });
    // Cumulative: the running total 19 against the target to date 20 is exactly 95%, green.
    expect(youth.outputs).toEqual({ indicatorCount: 1, quarterAchievementPercent: 95, quarterRag: "green", ytdAchievementPercent: 95, ytdRag: "green", trend: "down" });
    // Lower is better: target 4 ÷ actual 5 = exactly 80%, amber; year 8 ÷ 10 = 80%.
    expect(youth.outcomes).toEqual({ indicatorCount: 1, quarterAchievementPercent: 80, quarterRag: "amber", ytdAchievementPercent: 80, ytdRag: "amber", trend: "same" });

    expect(dads).toMatchObject({ pending: true, returnStatus: "submitted", countedTo: "2025-26 Q1", peopleReachedQuarter: null, peopleReachedYear: 9 });
    expect(dads.spend).toEqual({ quarterActualPence: null, quarterProfilePence: 200_000, ytdActualPence: 200_000, ytdProfilePence: 200_000, variancePercent: 0, rag: "green" });
    expect(dads.outputs).toEqual({ indicatorCount: 1, quarterAchievementPercent: null, quarterRag: null, ytdAchievementPercent: 100, ytdRag: "green", trend: null });
    expect(dads.outcomes.indicatorCount).toBe(0);
  });

  it("lists the indicators red or amber two quarters running, with the provider's comment", async () => {
    const p = await liveProfile();
    expect(p.atRisk.map((r) => [r.indicatorName, r.previousRag, r.quarterRag])).toEqual([
      ["Exclusions", "amber", "amber"],
      ["Families stepped down", "amber", "red"],
    ]);
    expect(p.atRisk[1].comment).toBe("Two families moved out of the area before their plans closed.");
    expect(p.atRisk[1].action).toBeNull();
  });

  it("gives spend by quarter, themes and the unit cost used", async () => {
    const p = await liveProfile();
    expect(p.spendByQuarter).toEqual([
      { quarter: "2025-26 Q1", profilePence: 1_000_000, actualPence: 890_000 },
      { quarter: "2025-26 Q2", profilePence: 1_000_000, actualPence: 900_000 },
      { quarter: "2025-26 Q3", profilePence: 0, actualPence: null },
      { quarter: "2025-26 Q4", profilePence: 0, actualPence: null },
    ]);
    expect(p.themes).toEqual([
      { themeId: "theme-offending", name: "Offending", projects: 1, spentPence: 540_000, peopleReached: 19 },
      { themeId: "theme-parenting", name: "Parenting", projects: 1, spentPence: 1_050_000, peopleReached: 40 },
      { themeId: null, name: "No theme recorded", projects: 1, spentPence: 200_000, peopleReached: 9 },
    ]);
    expect(p.unitCosts).toEqual([
      {
        code: "TEST-CIN", item: "Child in need case (test)", valuePence: 100_000, per: "case", priceYear: "2024-25", upratedValuePence: 102_000,
        agency: "children's services", bearer: "council", source: "Test unit cost database, table 1",
        links: [{ projectTitle: "Family Links", indicatorName: "Families stepped down", deadweightPercent: 20, attributionPercent: 25, optimismBiasPercent: 10, outcomes: 15, costAvoidedPence: 826_200 }],
      },
    ]);
  });

  it("gives the same figures in the CSV", async () => {
    const response = await run(csvLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}/profile.csv?quarter=${Q}`, chorleyOfficer), { districtId: FIXTURE_DISTRICT });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const csv = await response.text();
    for (const figure of ["130000.00", "40000.00", "17900.00", "8262.00", "Families stepped down", "Pending", "Spend per person reached", "263.24", "People reached aged 5 to 10",
      "Spent: Schools Forum ESI", "Estimated costs avoided: Children's services, council",
      "Children and young people reached per 10,000 aged 0 to 19", "29.5"]) {
      expect(csv).toContain(figure);
    }
    // Youth Voice and Dads Matter have no outcome linked: "Not estimated", never 0.00.
    const notEstimated = csv.split("\n").filter((line) => line.includes("Estimated costs avoided") && line.includes("Not estimated"));
    expect(notEstimated.filter((line) => !line.includes(",Trend,"))).toHaveLength(8);
    // …and so do the six quarters of the trend before any project began.
    expect(notEstimated.filter((line) => line.includes(",Trend,"))).toHaveLength(6);
  });

  it("gives the same figures in the XLSX", async () => {
    const response = await run(xlsxLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}/profile.xlsx?quarter=${Q}`, chorleyOfficer), { districtId: FIXTURE_DISTRICT });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const numbers: number[] = [];
    const texts: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => {
      if (typeof cell.value === "number") numbers.push(cell.value);
      else if (typeof cell.value === "string") texts.push(cell.value);
    })));
    for (const pounds of [130_000, 40_000, 17_900, 8_262, 10_500, 5_400, 263.24]) expect(numbers).toContain(pounds);
    expect(texts).toContain("Families stepped down");
  });

  it("gives the same figures in the PDF, marked draft", async () => {
    const response = await run(pdfLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}/profile.pdf?quarter=${Q}`, chorleyOfficer), { districtId: FIXTURE_DISTRICT });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
    expect(pdf.title).toContain("Chorley");
    expect(pdf.language).toBe("en-GB");
    const text = pdf.text.replace(/\s+/g, " ");
    for (const figure of [
      "Chorley", "2025-26 Q2", "DRAFT", "£130,000", "£40,000", "£17,900", "£8,262", "£0.79 for every £1 spent", "counted for 1 of 3 projects",
      "Families stepped down", "Test unit cost database, table 1", "Only projects with an outcome linked to a unit cost count",
      "£263.24 per person reached", "5 to 10: 40 (59%)", "11 to 15: 19 (28%)",
      "Schools Forum ESI: allocated £80,000, committed £40,000, spent £17,900",
      "Children and young people reached: 29.5 per 10,000 (59 of 20,000 aged 0 to 19 (0.30%), population as at 2025-26 Q1)", "By service: Children's services £8,262 (council £8,262, partners £0)",
    ]) {
      expect(text).toContain(figure);
    }
  });
});

describe("ratings, recommendations and commentary for the board", () => {
  const recommend = async (projectId: string, fields: Record<string, string>, user: { id: string } = chorleyOfficer) =>
    run(recommendationAction, await postRequest(`/profiles/${FIXTURE_DISTRICT}/recommendations/${projectId}?quarter=${Q}`, fields, user), { districtId: FIXTURE_DISTRICT, projectId });

  it("rates each project overall from its figures and visit, worked out by hand", async () => {
    const p = await liveProfile();
    // Family Links: outputs amber, outcomes red, spend green: one red in three is more than a quarter.
    // Youth Voice: green, amber, green: no red, but fewer than three quarters green. Dads Matter: all green.
    expect(p.projects.map((x) => [x.title, x.overallRating])).toEqual([
      ["Dads Matter", "good"], ["Youth Voice", "approaching_target"], ["Family Links", "requires_improvement"],
    ]);
    expect(p.projects.every((x) => x.recommendation === null)).toBe(true);
    expect(p.commentary).toBeNull();
  });

  it("records the officer's recommendation with why, audited, and refuses a stale or bad one keeping what was typed", async () => {
    const links = (await liveProfile()).projects.find((x) => x.title === "Family Links")!;
    const saved = await recommend(links.id, { version: "0", recommendation: "continue_with_conditions", commentary: "Keep funding if the step-down outcome recovers by Q4." });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/profiles/${FIXTURE_DISTRICT}?quarter=${Q}#recommendations-heading`);
    const p = await liveProfile();
    expect(p.projects.find((x) => x.id === links.id)!.recommendation).toEqual({
      recommendation: "continue_with_conditions", commentary: "Keep funding if the step-down outcome recovers by Q4.", version: 1,
    });
    const audit = await getDb().selectFrom("audit_events").select("action").where("record_type", "=", "profile_recommendation").execute();
    expect(audit.map((a) => a.action)).toEqual(["profile_recommendation.created"]);

    // A colleague's page still says version 0: refused, not overwritten.
    const stale = await recommend(links.id, { version: "0", recommendation: "decommission", commentary: "Stop." });
    expect(stale.status).toBe(409);
    expect((await jsonOf(stale)).values.commentary).toBe("Stop.");
    const bad = await recommend(links.id, { version: "1", recommendation: "maybe", commentary: " " });
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).errors).toEqual({ recommendation: "Choose what you recommend", commentary: "Say why: the board reads this beside the figures" });
    expect((await liveProfile()).projects.find((x) => x.id === links.id)!.recommendation!.recommendation).toBe("continue_with_conditions");

    const page = await jsonOf(await run(recommendationLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}/recommendations/${links.id}?quarter=${Q}`, chorleyOfficer), { districtId: FIXTURE_DISTRICT, projectId: links.id }));
    expect(page).toMatchObject({ version: 1, form: { recommendation: "continue_with_conditions" } });
  });

  it("lets only the district's officers recommend, and only on its own projects", async () => {
    const links = (await liveProfile()).projects.find((x) => x.title === "Family Links")!;
    for (const user of [prestonOfficer, viewer, provider]) {
      expect((await recommend(links.id, { version: "1", recommendation: "decommission", commentary: "No." }, user)).status).toBe(403);
    }
    const elsewhere = await createTestProject({ districtId: "district-preston" });
    expect((await recommend(elsewhere.id, { version: "0", recommendation: "continue", commentary: "Fine." })).status).toBe(404);
  });

  it("records the district's commentary, which opens the profile", async () => {
    const url = `/profiles/${FIXTURE_DISTRICT}/commentary?quarter=${Q}`;
    const saved = await run(commentaryAction, await postRequest(url, { version: "0", commentary: "Reach is up; outcomes lag in Family Links." }, chorleyOfficer), { districtId: FIXTURE_DISTRICT });
    expect(saved.status).toBe(302);
    expect((await liveProfile()).commentary).toEqual({ text: "Reach is up; outcomes lag in Family Links.", version: 1 });
    expect((await run(commentaryAction, await postRequest(url, { version: "1", commentary: "" }, chorleyOfficer), { districtId: FIXTURE_DISTRICT })).status).toBe(400);
    expect((await run(commentaryAction, await postRequest(url, { version: "1", commentary: "Mine." }, prestonOfficer), { districtId: FIXTURE_DISTRICT })).status).toBe(403);
  });
});

describe("profiles and who may see them", () => {
  it("keeps the live profile from viewers, providers and other districts' officers", async () => {
    for (const user of [viewer, provider, prestonOfficer]) {
      const response = await run(profileLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}?quarter=${Q}`, user), { districtId: FIXTURE_DISTRICT });
      expect(response.status).toBe(403);
    }
    const pdf = await run(pdfLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}/profile.pdf?quarter=${Q}`, viewer), { districtId: FIXTURE_DISTRICT });
    expect(pdf.status).toBe(403);
  });

  it("lets only the district's officer publish: a Chorley officer cannot publish Preston's", async () => {
    const response = await run(publishAction, await postRequest(`/profiles/district-preston`, { quarter: FIXTURE_QUARTER, expected_edition: "0" }, chorleyOfficer), { districtId: "district-preston" });
    expect(response.status).toBe(403);
    const rows = await getDb().selectFrom("published_profiles").select("id").where("district_id", "=", "district-preston").execute();
    expect(rows).toEqual([]);
  });

  it("refuses an agreed action with no text, keeping what was typed", async () => {
    const response = await run(
      agreedActionAction,
      await postRequest(`/profiles/${FIXTURE_DISTRICT}/actions/fx-i2?quarter=${Q}`, { version: "0", action: " ", owner: "Red Rose manager", due_date: "2026-02-30" }, chorleyOfficer),
      { districtId: FIXTURE_DISTRICT, indicatorId: "fx-i2" },
    );
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({ action: "Enter the agreed action", due_date: "Enter a real due date" });
    expect(body.values.owner).toBe("Red Rose manager");
  });
});

describe("publishing", () => {
  it("freezes the PDF: byte-identical after a late return changes the live profile; viewers read it", async () => {
    // The officer records the agreed action first; it is part of what is frozen.
    const saved = await run(
      agreedActionAction,
      await postRequest(`/profiles/${FIXTURE_DISTRICT}/actions/fx-i2?quarter=${Q}`, { version: "0", action: "Weekly case review with the provider", owner: "Red Rose manager", due_date: "2025-12-31" }, chorleyOfficer),
      { districtId: FIXTURE_DISTRICT, indicatorId: "fx-i2" },
    );
    expect(saved.status).toBe(302);

    const published = await run(publishAction, await postRequest(`/profiles/${FIXTURE_DISTRICT}`, { quarter: FIXTURE_QUARTER, expected_edition: "0" }, chorleyOfficer), { districtId: FIXTURE_DISTRICT });
    expect(published.status).toBe(302);
    const location = published.headers.get("Location")!;
    const publicationId = location.split("/").pop()!;

    // A second press of the button (the page still says edition 0) does not make edition 2.
    const again = await run(publishAction, await postRequest(`/profiles/${FIXTURE_DISTRICT}`, { quarter: FIXTURE_QUARTER, expected_edition: "0" }, chorleyOfficer), { districtId: FIXTURE_DISTRICT });
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).formError).toContain("edition 1");

    const first = new Uint8Array(await (await run(publishedPdfLoader, await getRequest(`${location}/profile.pdf`, viewer), { publicationId })).arrayBuffer());
    const stored = await getDb().selectFrom("published_profiles").select(["pdf", "pdf_sha256", "edition"]).where("id", "=", publicationId).executeTakeFirstOrThrow();
    expect(stored.edition).toBe(1);
    expect(Buffer.from(first).equals(Buffer.from(stored.pdf))).toBe(true);
    const firstText = (await readPdf(first)).text.replace(/\s+/g, " ");
    expect(firstText).toContain("Published");
    expect(firstText).not.toContain("DRAFT");
    expect(firstText).toContain("Weekly case review with the provider");

    // The late return is approved: the live profile moves on.
    await approvePendingFixtureReturn();
    const live = await computeProfile(getDb(), FIXTURE_DISTRICT, { quarter: FIXTURE_QUARTER, asOf: "2026-12-06", now: "2026-12-06T10:00:00.000Z" });
    expect(live!.headline.spentPence).toBe(1_940_000);
    expect(live!.headline.peopleReachedQuarter).toBe(59);

    // The published one does not.
    const later = new Uint8Array(await (await run(publishedPdfLoader, await getRequest(`${location}/profile.pdf`, viewer), { publicationId })).arrayBuffer());
    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(true);
    const page = await run(publishedLoader, await getRequest(location, viewer), { publicationId });
    expect(page.status).toBe(200);
    const frozen = (await jsonOf<{ profile: DistrictProfile }>(page)).profile;
    expect(frozen.headline.spentPence).toBe(1_790_000);
    expect(frozen.headline.peopleReachedQuarter).toBe(54);
    // The officer's advice is frozen with the figures.
    expect(frozen.commentary?.text).toBe("Reach is up; outcomes lag in Family Links.");
    expect(frozen.projects.find((x) => x.title === "Family Links")!.recommendation?.recommendation).toBe("continue_with_conditions");

    // The viewer finds it on the Profiles page, without live figures.
    const list = await jsonOf(await run(countyLoader, await getRequest("/profiles", viewer)));
    expect(list.county).toBeNull();
    expect(list.publications.map((x: { id: string }) => x.id)).toContain(publicationId);
    // …and the quarter's published profiles side by side: Chorley's frozen headline, totals over the districts published.
    const side = (await jsonOf(await run(countyLoader, await getRequest(`/profiles?quarter=${Q}`, viewer)))).publishedCounty;
    expect(side.rows).toHaveLength(1);
    expect(side.rows[0]).toMatchObject({
      districtName: "Chorley", publishedEdition: 1, publicationId, spentPence: 1_790_000, peopleReachedYear: 68, committedPence: 4_000_000,
      costAvoided: { totalPence: 826_200, perPound: 0.79 },
    });
    expect(side.totals).toMatchObject({ spentPence: 1_790_000, returnsDue: 6, returnsOnTime: 5, costAvoided: { totalPence: 826_200, perPound: 0.79, countedSpentPence: 1_050_000 } });
    // No quarter published yet: nothing side by side; officers keep their live view.
    expect((await jsonOf(await run(countyLoader, await getRequest("/profiles?quarter=2025-26%20Q1", viewer)))).publishedCounty).toBeNull();
    expect((await jsonOf(await run(countyLoader, await getRequest(`/profiles?quarter=${Q}`, chorleyOfficer)))).publishedCounty).toBeNull();

    // A provider may not read it.
    const refused = await run(publishedLoader, await getRequest(location, provider), { publicationId });
    expect(refused.status).toBe(403);

    const audit = await getDb().selectFrom("audit_events").select(["action", "actor_user_id"]).where("record_id", "=", publicationId).execute();
    expect(audit).toEqual([{ action: "profile.published", actor_user_id: chorleyOfficer.id }]);
  });
});
