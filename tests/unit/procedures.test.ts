// The Procurement Act procedures: which one a tender's value allows, at the threshold to the
// penny, and which of the Act's steps each takes.
import { describe, expect, it } from "vitest";
import { procedureProblem, procedureSteps, thresholdsOn } from "~/models/tenders/procedures";

const ON = "2026-12-07";

describe("the thresholds", () => {
  it("are the Act's, VAT included, from the day it came into force", () => {
    expect(thresholdsOn(ON)).toMatchObject({ lightTouchPence: 66_354_000, notifiablePence: 3_000_000 });
    expect(thresholdsOn("2025-02-24T09:00:00.000Z").from).toBe("2025-02-24");
  });
});

describe("a procedure that fits the value", () => {
  it("light touch from £663,540.00 exactly, not a penny below", () => {
    expect(procedureProblem("light_touch", 66_354_000, ON)).toBeNull();
    expect(procedureProblem("light_touch", 66_353_999, ON)).toMatch(/^A light-touch procedure is for contracts worth £663,540.00 or more/);
  });

  it("below threshold up to a penny under £663,540.00", () => {
    expect(procedureProblem("below_threshold", 66_353_999, ON)).toBeNull();
    expect(procedureProblem("below_threshold", 66_354_000, ON)).toMatch(/must use the competitive light-touch procedure$/);
  });

  it("a grant competition at any value", () => {
    for (const value of [0, 2_500_000, 66_354_000, 500_000_000]) expect(procedureProblem("grant_competition", value, ON)).toBeNull();
  });
});

describe("the steps each procedure takes", () => {
  it("light touch: conflicts assessment, a waivable standstill and notices; a grant competition none of them", () => {
    expect(procedureSteps("light_touch")).toEqual({ conflictsAssessment: true, awardNotice: true, standstill: true, standstillWaivable: true, tenderNotice: true, contractDetailsNotice: true });
    expect(procedureSteps("below_threshold")).toEqual({ conflictsAssessment: false, awardNotice: false, standstill: false, standstillWaivable: false, tenderNotice: true, contractDetailsNotice: true });
    expect(procedureSteps("grant_competition")).toEqual({ conflictsAssessment: false, awardNotice: false, standstill: false, standstillWaivable: false, tenderNotice: false, contractDetailsNotice: false });
  });
});
