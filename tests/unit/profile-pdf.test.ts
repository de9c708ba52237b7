import { beforeAll, describe, expect, it } from "vitest";
import { renderCountyPackPdf, renderProfilePdf } from "~/profiles/pdf.server";
import type { DistrictProfile } from "~/profiles/types";
import { readPdf, type PdfText } from "../helpers/pdf-text";
import { sampleCountySummary, sampleProfile } from "../helpers/sample-profile";

// Laying out PDFs takes a second or two each on a shared CI core.
const SLOW = 60_000;

describe("renderProfilePdf, draft", () => {
  let bytes: Uint8Array;
  let pdf: PdfText;

  beforeAll(async () => {
    bytes = await renderProfilePdf(sampleProfile(), { status: { kind: "draft" } });
    pdf = await readPdf(bytes);
  }, SLOW);

  it("is a PDF with its title, language and document information set", () => {
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe("%PDF-");
    expect(pdf.title).toBe("Chorley district performance profile, 2026-27 Q2");
    expect(pdf.language).toBe("en-GB");
    expect(pdf.info.Author).toBe("Lancashire County Council");
    expect(pdf.info.Subject).toBe("Early Support and Intervention: Chorley, 2026-27 Q2 (July–September 2026)");
    expect(pdf.info.Creator).toBe("Early help portal");
  });

  it("is A4", async () => {
    const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const page = await doc.getPage(1);
    const [, , width, height] = page.view;
    expect(Math.round(width)).toBe(595);
    expect(Math.round(height)).toBe(842);
    await doc.destroy();
  });

  it("carries the council, district, quarter, generation time, DRAFT and its page number on every page", () => {
    expect(pdf.pages).toBeGreaterThanOrEqual(3);
    pdf.pageTexts.forEach((text, i) => {
      expect(text).toContain("Lancashire County Council");
      expect(text).toContain("Chorley district performance profile · 2026-27 Q2");
      expect(text).toContain("Generated 6 December 2026 13:40");
      expect(text).toContain("DRAFT");
      expect(text).toContain(`Page ${i + 1} of ${pdf.pages}`);
    });
    expect(pdf.text).not.toContain("Published");
  });

  it("shows the headline figures formatted as on the web page", () => {
    const first = pdf.pageTexts[0];
    for (const figure of [
      "Allocated this year £130,000",
      "Committed £118,500",
      "Spent to date £52,310 44.1% of committed",
      "Projects live 3",
      "People reached this year 1,204 318 this quarter",
      "5 of 6 returns on time · 0 outstanding · 1 awaiting approval",
      "Estimated costs avoided £186,000 · £3.56 for every £1 spent",
      "Council £120,000 · partners £66,000",
      "Outputs 2 Green 0 Amber 0 Red",
      "Outcomes 0 Green 1 Amber 1 Red",
      "2026-27 Q1 £24,800.00 £26,000.00",
      "2026-27 Q3 Not yet reported £30,000.00",
    ]) {
      expect(first).toContain(figure);
    }
  });

  it("lists every project with spend, RAG words, trend words, visit grade and pending returns", () => {
    expect(pdf.text).toContain("Example Trust · Family Support ESI-CHO-001 £48,000 £21,000.00 of £22,000.00 (-4.5%) G Green Qtr 104% G Green Up YTD 98% G Green Qtr 88% A Amber Same YTD 91% A Amber 2 Good Approved");
    expect(pdf.text).toContain("Qtr 70% R Red Down YTD 77.5% R Red 3 Adequate Approved");
    expect(pdf.text).toContain("£8,000.00 of £9,000.00 (-11.1%) A Amber Qtr Pending – YTD 100% G Green");
    expect(pdf.text).toContain("Not visited Pending: Submitted");
  });

  it("shows the indicator at risk with the provider's explanation and the agreed action", () => {
    expect(pdf.text).toContain("Young Carers Hub · Young carers with a support plan 2026-27 Q1: 85% A Amber 2026-27 Q2: 70% R Red");
    expect(pdf.text).toContain("Our family worker left in July and the post was vacant for six weeks.");
    expect(pdf.text).toContain("Fortnightly catch-up with the hub manager until the backlog of support plans is cleared Sam Patel, commissioning officer, by 30 November 2026");
  });

  it("draws the context trends with their figures, gaps shown as a dash", () => {
    expect(pdf.text).toContain("Referrals to children's social care");
    expect(pdf.text).toContain("412 398 405 431 420 – 389 377");
    expect(pdf.text).toContain("21 19 23 20 – – 17 15");
  });

  it("has the themes, the case study and the notes on RAG, costs avoided and unit costs", () => {
    expect(pdf.text).toContain("School ready 2 £29,000.00 720");
    expect(pdf.text).toContain("Family relationships 2 £44,310.00 1,004");
    expect(pdf.text).toContain("Getting back to school");
    expect(pdf.text).toContain("Figures from approved returns only; pending returns are marked. Data as at 6 December 2026.");
    expect(pdf.text).toContain("Green at or above 95% of target, Amber at or above 80%, Red below");
    expect(pdf.text).toContain("Spend is Green within ±10% of its profile, Amber within ±20%, Red beyond.");
    expect(pdf.text).toContain("Estimated costs avoided are not savings");
    expect(pdf.text).toContain("Child in need episode (CSC-CIN) £4,530.00 per episode, 2022-23 prices £5,000.00 Council (Children's social care)");
    expect(pdf.text).toContain("Family Support: Families with a stable home routine, 25 outcomes, deadweight 20%, attribution 0%, optimism bias 20%: £40,000.00");
    expect(pdf.text).toContain("Greater Manchester Combined Authority Unit Cost Database, version 2.3");
    expect(pdf.text).toContain("NHS England National Cost Collection 2023-24");
    expect(pdf.text).toContain("Questions about this profile: early.help@lancashire.example.gov.uk");
  });

  it("uses words, never the arrows or bullets Helvetica cannot draw", () => {
    expect(pdf.text).not.toMatch(/[↑↓→●]/u);
  });

  it("gives the same bytes for the same profile, so a published PDF's hash can be checked again", async () => {
    const again = await renderProfilePdf(sampleProfile(), { status: { kind: "draft" } });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  }, SLOW);
});

describe("renderProfilePdf, published", () => {
  it("says when it was published and which edition, and never DRAFT", async () => {
    const pdf = await readPdf(await renderProfilePdf(sampleProfile(), { status: { kind: "published", publishedAt: "2026-11-14T09:30:00.000Z", edition: 2 } }));
    pdf.pageTexts.forEach((text) => expect(text).toContain("Published 14 November 2026 · edition 2"));
    expect(pdf.text).not.toContain("DRAFT");
  }, SLOW);
});

describe("renderProfilePdf, a sparse profile", () => {
  it("says what is missing instead of leaving gaps or dividing by zero", async () => {
    const empty: DistrictProfile = {
      ...sampleProfile(),
      projects: [],
      atRisk: [],
      context: [],
      caseStudies: [],
      themes: [],
      unitCosts: [],
      spendByQuarter: [{ quarter: "2026-27 Q1", profilePence: 0, actualPence: null }],
    };
    empty.headline = {
      ...empty.headline,
      spentPence: 0,
      spentPercentOfCommitted: null,
      costAvoided: { totalPence: 0, councilPence: 0, partnersPence: 0, perPound: null },
      rag: { outputs: { green: 0, amber: 0, red: 0 }, outcomes: { green: 0, amber: 0, red: 0 }, spend: { green: 0, amber: 0, red: 0 } },
    };
    const pdf = await readPdf(await renderProfilePdf(empty, { status: { kind: "draft" } }));
    expect(pdf.text).toContain("Estimated costs avoided £0 · –");
    expect(pdf.text).not.toContain("of committed");
    expect(pdf.text).toContain("No indicator has been red or amber two quarters running.");
    expect(pdf.text).toContain("No context indicators are recorded.");
    expect(pdf.text).toContain("No case study has been chosen for this quarter.");
    expect(pdf.text).not.toContain("NaN");
    expect(pdf.text).not.toContain("Infinity");
  }, SLOW);
});

describe("renderProfilePdf, a long projects table", () => {
  it("repeats the table's header row on every page the table runs onto", async () => {
    const profile = sampleProfile({ projectCount: 60 });
    const pdf = await readPdf(await renderProfilePdf(profile, { status: { kind: "draft" } }));
    const header = "Provider · project Award Spend vs profile (year to date) Outputs vs target Outcomes vs target Latest visit, annual assessment This quarter's return";
    const withHeader = pdf.pageTexts.filter((t) => t.includes(header));
    expect(withHeader.length).toBeGreaterThanOrEqual(2);
    // Each page holding project rows starts its table with the header.
    const withRows = pdf.pageTexts.filter((t) => /ESI-CHO-\d{3}/.test(t));
    expect(withRows.length).toBe(withHeader.length);
    for (const p of profile.projects) expect(pdf.text).toContain(p.reference);
    expect(pdf.pageTexts[0]).toContain(`Page 1 of ${pdf.pages}`);
  }, SLOW);
});

describe("renderCountyPackPdf", () => {
  const profiles = [
    sampleProfile(),
    sampleProfile({ districtId: "dist-preston", districtName: "Preston" }),
    sampleProfile({ districtId: "dist-south-ribble", districtName: "South Ribble", projectCount: 30 }),
  ];
  let pdf: PdfText;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    const bytes = await renderCountyPackPdf(sampleCountySummary(), profiles, async (done, total) => {
      await Promise.resolve();
      progress.push([done, total]);
    });
    pdf = await readPdf(bytes);
  }, SLOW);

  it("is laid out once, and reports every district done when it is", () => {
    // One pass: the contents and the summary's page column are drawn from the pages' own
    // marks, so no district is laid out a second time just to count its pages.
    expect(progress).toEqual([[3, 3]]);
  });

  it("has a title and language, a contents page, and the county summary first", () => {
    expect(pdf.title).toBe("County performance pack, 2026-27 Q2");
    expect(pdf.language).toBe("en-GB");
    expect(pdf.pageTexts[0]).toContain("County performance pack, 2026-27 Q2 (July–September 2026)");
    expect(pdf.pageTexts[0]).toContain("Contents County summary: the districts side by side page 2 County trend over eight quarters page 3");
    expect(pdf.pageTexts[1]).toContain("County summary: 2026-27 Q2 (July–September 2026)");
    expect(pdf.pageTexts[1]).toContain("Districts side by side: 2026-27 year to date, to the end of 2026-27 Q2");
    expect(pdf.pageTexts[1]).toContain("County total £429,000 £391,050 £172,623 3,973 9 15 of 18 (83.3%) 6 G · 0 A · 0 R 0 G · 3 A · 3 R 6 G · 3 A · 0 R £613,800");
  });

  it("holds every district's profile, in the order given, starting where the summary says", () => {
    const firstPageOf = (name: string) => pdf.pageTexts.findIndex((t) => t.includes(`${name} district performance profile · 2026-27 Q2`)) + 1;
    const chorley = firstPageOf("Chorley");
    const preston = firstPageOf("Preston");
    const southRibble = firstPageOf("South Ribble");
    expect(chorley).toBeGreaterThan(1);
    expect(preston).toBeGreaterThan(chorley);
    expect(southRibble).toBeGreaterThan(preston);
    expect(pdf.pageTexts[1]).toMatch(new RegExp(`Chorley .* Edition 2 ${chorley} `));
    expect(pdf.pageTexts[1]).toMatch(new RegExp(`Preston .* Not yet ${preston} `));
    expect(pdf.pageTexts[1]).toMatch(new RegExp(`South Ribble .* Edition 1 ${southRibble} `));
    // The contents say the same.
    expect(pdf.pageTexts[0]).toContain(`Chorley district profile page ${chorley} Preston district profile page ${preston} South Ribble district profile page ${southRibble}`);
    pdf.pageTexts.forEach((text, i) => {
      expect(text).toContain(`Page ${i + 1} of ${pdf.pages}`);
      expect(text).toContain("DRAFT");
    });
  });

  it("still gives the contents, the summary and the trend page when there are no districts", async () => {
    const calls: number[] = [];
    const empty = await readPdf(await renderCountyPackPdf(sampleCountySummary(), [], (done) => void calls.push(done)));
    expect(calls).toEqual([0]);
    // The contents, the summary and the trend page (which says none is kept for this pack).
    expect(empty.pages).toBe(3);
    expect(empty.text).toContain("County summary");
    expect(empty.pageTexts[2]).toContain("No trend is kept for this pack.");
  }, SLOW);
});
