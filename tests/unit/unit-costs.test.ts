// The arithmetic behind "estimated costs avoided", checked against figures worked by hand.
import { describe, expect, it } from "vitest";
import { bearerFor, unitCostIdFor } from "../../demo/unit-costs";
import { costAvoidedPence, upratedPence, upratingFactor } from "~/models/unit-costs/uprating.server";
import { LINK_MESSAGES, UNIT_COST_MESSAGES, UPRATING_MESSAGES } from "~/schemas/unit-costs";
import { indicatorLinkSchema, unitCostSchema, upratingRateSchema } from "~/schemas/unit-costs.server";
import { isLinkable } from "~/models/unit-costs/links.server";

const none = new Map<number, number>();

describe("upratingFactor", () => {
  it("is 1 when the reporting year is the price year or before it", () => {
    expect(upratingFactor(2013, 2013, none, 2)).toBe(1);
    expect(upratingFactor(2013, 2010, none, 2)).toBe(1);
  });

  it("applies the default rate once for each year after the price year", () => {
    expect(upratingFactor(2025, 2026, none, 2)).toBeCloseTo(1.02, 12);
    // 1.02 × 1.02 × 1.02 = 1.061208
    expect(upratingFactor(2023, 2026, none, 2)).toBeCloseTo(1.061208, 12);
  });

  it("uses a year's own rate where it has one, and never the price year's own rate", () => {
    // 2013-14 prices to 2026-27: 13 steps (2014 … 2026). 2020 has 3%; the other 12 use 2%.
    // 1.02^2 = 1.0404; ^4 = 1.08243216; ^8 = 1.1716593810… ; ^12 = ^8 × ^4 = 1.2682417945…
    // × 1.03 = 1.3062890484…
    const rates = new Map([[2020, 3], [2013, 50]]);
    expect(upratingFactor(2013, 2026, rates, 2)).toBeCloseTo(1.3062890484, 9);
  });

  it("takes negative rates (prices falling) and a default of zero", () => {
    // 1.02 × 0.99 × 1.03 = 1.040094
    expect(upratingFactor(2020, 2023, new Map([[2021, 2], [2022, -1], [2023, 3]]), 5)).toBeCloseTo(1.040094, 12);
    expect(upratingFactor(2000, 2026, none, 0)).toBe(1);
  });
});

describe("upratedPence", () => {
  it("uprates SS1.0, £51,080 at 2013-14 prices, to 2026-27 at 2% with 3% for 2020-21", () => {
    // 5,108,000p × 1.3062890484 = 6,672,524.46p → £66,725.24
    expect(upratedPence(5_108_000, 2013, 2026, new Map([[2020, 3]]), 2)).toBe(6_672_524);
  });

  it("uprates HO107, £34,015 at 2016-17 prices, to 2026-27 at the 2% default", () => {
    // 1.02^10 = 1.2189944199…; 3,401,500p × that = 4,146,409.52p → £41,464.10
    expect(upratedPence(3_401_500, 2016, 2026, none, 2)).toBe(4_146_410);
  });

  it("rounds to the nearest penny", () => {
    // 100,000p × 1.040094 = 104,009.4p → 104,009p
    expect(upratedPence(100_000, 2020, 2023, new Map([[2021, 2], [2022, -1], [2023, 3]]), 0)).toBe(104_009);
    // 150p × 1.01 = 151.5p → 152p
    expect(upratedPence(150, 2025, 2026, none, 1)).toBe(152);
    expect(upratedPence(5_108_000, 2013, 2013, none, 2)).toBe(5_108_000);
  });
});

describe("costAvoidedPence", () => {
  const link = { deadweightPercent: 20, attributionPercent: 10, optimismBiasPercent: 15 };

  it("counts outcomes × uprated value less deadweight, attribution and optimism bias", () => {
    // 10 × 6,672,524p = 66,725,240p; × 0.8 = 53,380,192; × 0.9 = 48,042,172.8; × 0.85 = 40,835,846.88 → 40,835,847p
    expect(costAvoidedPence(10, 6_672_524, link)).toBe(40_835_847);
    // One outcome: 6,672,524 × 0.612 = 4,083,584.688 → 4,083,585p
    expect(costAvoidedPence(1, 6_672_524, link)).toBe(4_083_585);
  });

  it("rounds only the final figure, to the nearest penny", () => {
    const half = { deadweightPercent: 50, attributionPercent: 0, optimismBiasPercent: 0 };
    // 3 × 101p × 0.5 = 151.5p → 152p
    expect(costAvoidedPence(3, 101, half)).toBe(152);
    // 1 × 101p × 0.995 = 100.495p → 100p
    expect(costAvoidedPence(1, 101, { deadweightPercent: 0.5, attributionPercent: 0, optimismBiasPercent: 0 })).toBe(100);
    // 2.5 × 201p × 0.875 = 439.6875p → 440p
    expect(costAvoidedPence(2.5, 201, { deadweightPercent: 12.5, attributionPercent: 0, optimismBiasPercent: 0 })).toBe(440);
  });

  it("is the whole value with no reductions, and nothing when any reduction is 100%", () => {
    expect(costAvoidedPence(4, 250_000, { deadweightPercent: 0, attributionPercent: 0, optimismBiasPercent: 0 })).toBe(1_000_000);
    expect(costAvoidedPence(4, 250_000, { deadweightPercent: 0, attributionPercent: 100, optimismBiasPercent: 0 })).toBe(0);
  });

  it("is 0 for no outcomes or fewer than none", () => {
    expect(costAvoidedPence(0, 6_672_524, link)).toBe(0);
    expect(costAvoidedPence(-5, 6_672_524, link)).toBe(0);
    expect(costAvoidedPence(Number.NaN, 6_672_524, link)).toBe(0);
  });
});

describe("which indicators can count as costs avoided", () => {
  it("is only outcomes where higher is better", () => {
    expect(isLinkable({ kind: "outcome", direction: "higher" })).toBe(true);
    expect(isLinkable({ kind: "outcome", direction: "lower" })).toBe(false);
    expect(isLinkable({ kind: "output", direction: "higher" })).toBe(false);
  });
});

describe("the unit cost form", () => {
  const good = {
    code: "SS1.0", item: "Looked-after child", value: "£51,080", per: "year", price_year: "2013-14", cost_type: "fiscal",
    agency: "children's services", bearer: "council", source: "GMCA", is_active: "yes",
  };

  it("turns pounds into pence and the price year into the year it starts in", () => {
    const parsed = unitCostSchema.parse(good);
    expect(parsed).toMatchObject({ code: "SS1.0", value: 5_108_000, price_year: 2013, bearer: "council", is_active: true });
    expect(unitCostSchema.parse({ ...good, value: "0.01" }).value).toBe(1);
  });

  it("refuses a value of nothing, words, or more than two decimal places", () => {
    const errorOf = (value: string) => unitCostSchema.safeParse({ ...good, value }).error?.issues[0].message;
    expect(errorOf("0")).toBe(UNIT_COST_MESSAGES.valuePositive);
    expect(errorOf("lots")).toBe(UNIT_COST_MESSAGES.value);
    expect(errorOf("12.345")).toBe(UNIT_COST_MESSAGES.value);
    expect(errorOf("")).toBe(UNIT_COST_MESSAGES.value);
    expect(errorOf("20000000.01")).toBe(UNIT_COST_MESSAGES.valueTooLarge);
  });

  it("refuses a price year not written like 2013-14, and a bearer other than council or partners", () => {
    expect(unitCostSchema.safeParse({ ...good, price_year: "2013" }).error?.issues[0].message).toBe(UNIT_COST_MESSAGES.priceYear);
    expect(unitCostSchema.safeParse({ ...good, price_year: "2013-15" }).error?.issues[0].message).toBe(UNIT_COST_MESSAGES.priceYear);
    expect(unitCostSchema.safeParse({ ...good, bearer: "police" }).error?.issues[0].message).toBe(UNIT_COST_MESSAGES.bearer);
  });
});

describe("the link form", () => {
  const good = { unit_cost_id: "unit-cost-ss1-0", deadweight_percent: "20", attribution_percent: "12.5%", optimism_bias_percent: "0", version: "" };

  it("takes percentages from 0 to 100 with up to two decimal places", () => {
    expect(indicatorLinkSchema.parse(good)).toEqual({
      unit_cost_id: "unit-cost-ss1-0", deadweight_percent: 20, attribution_percent: 12.5, optimism_bias_percent: 0, version: null,
    });
    expect(indicatorLinkSchema.parse({ ...good, deadweight_percent: "100", version: "3" })).toMatchObject({ deadweight_percent: 100, version: 3 });
  });

  it("refuses a blank, a negative, too many decimal places or more than 100", () => {
    const errorOf = (deadweight_percent: string) => indicatorLinkSchema.safeParse({ ...good, deadweight_percent }).error?.issues[0].message;
    expect(errorOf("")).toBe(LINK_MESSAGES.percent("deadweight"));
    expect(errorOf("-5")).toBe(LINK_MESSAGES.percentFormat("deadweight"));
    expect(errorOf("12.345")).toBe(LINK_MESSAGES.percentFormat("deadweight"));
    expect(errorOf("100.5")).toBe(LINK_MESSAGES.percentRange("deadweight"));
  });
});

describe("the uprating rate form", () => {
  it("takes a financial year and a rate, negative allowed", () => {
    expect(upratingRateSchema.parse({ financial_year: "2020-21", rate_percent: "3" })).toEqual({ financial_year: 2020, rate_percent: 3 });
    expect(upratingRateSchema.parse({ financial_year: "2009-10", rate_percent: "-0.5%" })).toEqual({ financial_year: 2009, rate_percent: -0.5 });
  });

  it("refuses a bad year and a rate out of range", () => {
    expect(upratingRateSchema.safeParse({ financial_year: "2020", rate_percent: "3" }).error?.issues[0].message).toBe(UPRATING_MESSAGES.year);
    expect(upratingRateSchema.safeParse({ financial_year: "2020-21", rate_percent: "30" }).error?.issues[0].message).toBe(UPRATING_MESSAGES.rateRange);
    expect(upratingRateSchema.safeParse({ financial_year: "2020-21", rate_percent: "two" }).error?.issues[0].message).toBe(UPRATING_MESSAGES.rateFormat);
  });
});

describe("the seed's reading of the reference file", () => {
  it("names ids after codes and splits council costs from partners'", () => {
    expect(unitCostIdFor("SS1.0")).toBe("unit-cost-ss1-0");
    expect(unitCostIdFor("E&S2.0")).toBe("unit-cost-e-s2-0");
    expect(bearerFor("children's services")).toBe("council");
    expect(bearerFor("education")).toBe("council");
    expect(bearerFor("youth justice")).toBe("council");
    expect(bearerFor("police")).toBe("partners");
    expect(bearerFor("multiple")).toBe("partners");
  });
});
