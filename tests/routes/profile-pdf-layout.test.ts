// The printed profile's page layout, on the demo's Chorley profile: no page but the last is
// less than a third full, and the first page is nearly full and opens with the headline, the
// comparison with the county and the trend. A block that cannot be split (a chart, a case
// study, a kept-together table) moves whole to the next page when it does not fit, which can
// leave a page mostly blank; the PDF's text still reads correctly, so only its rendered pages
// show it (see tests/helpers/pdf-pages.ts for how a page's fill is measured).
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { computeProfile } from "~/models/profiles/compute.server";
import { renderProfilePdf } from "~/profiles/pdf.server";
import { pageFill } from "../helpers/pdf-pages";
import { readPdf } from "../helpers/pdf-text";

let pdf: Uint8Array;

beforeAll(async () => {
  await seedDemoData(getDb(), { withTenders: true });
  const profile = await computeProfile(getDb(), "district-chorley", {
    quarter: "2026-27 Q2",
    asOf: "2026-12-06",
    now: "2026-12-06T10:00:00.000Z",
  });
  if (!profile) throw new Error("the demo has no Chorley profile for 2026-27 Q2");
  pdf = await renderProfilePdf(profile, { status: { kind: "draft" } });
});

describe("the Chorley profile PDF's pages", () => {
  it("leaves no page but the last less than a third full, and fills the first", async () => {
    const fills = await pageFill(pdf);
    expect(fills.length).toBeGreaterThanOrEqual(2);
    fills.slice(0, -1).forEach((fill, i) => {
      expect(fill, `page ${i + 1} of ${fills.length} is only ${(fill * 100).toFixed(1)}% full`).toBeGreaterThanOrEqual(1 / 3);
    });
    expect(fills[0], `page 1 is only ${(fills[0] * 100).toFixed(1)}% full`).toBeGreaterThanOrEqual(0.8);
  });

  it("opens with the headline, the comparison with the county and the trend", async () => {
    const { pageTexts } = await readPdf(pdf);
    expect(pageTexts[0]).toContain("Headline");
    expect(pageTexts[0]).toContain("Chorley beside the county");
    expect(pageTexts[0]).toContain("Trend over eight quarters");
  });
});
