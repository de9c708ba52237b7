// Costs avoided where some projects (or districts) have no outcome linked to a unit cost:
// they are "not estimated", never £0, and their spend stays out of "per £1 spent".
import { describe, expect, it } from "vitest";
import { addCostsAvoided, withCountedSpend } from "~/models/profiles/figures";
import { costAvoidedCell, costAvoidedCoverage, costAvoidedMethodNote, costAvoidedPerPoundText, costAvoidedText, NOT_ESTIMATED } from "~/profiles/labels";
import type { ProfileCostAvoided } from "~/profiles/types";

const linked = (totalPence: number, spentPence: number): ProfileCostAvoided => ({
  totalPence, councilPence: totalPence, partnersPence: 0, perPound: null, estimated: true, countedProjects: 1, countedSpentPence: spentPence,
});
const unlinked: ProfileCostAvoided = { totalPence: 0, councilPence: 0, partnersPence: 0, perPound: null, estimated: false, countedProjects: 0, countedSpentPence: 0 };

describe("adding costs avoided up", () => {
  it("counts only the spend of what has an outcome linked: £9,000 avoided over £6,000 of theirs is £1.50 per £1", () => {
    const district = addCostsAvoided([linked(600_000, 400_000), linked(300_000, 200_000), unlinked]);
    expect(district).toEqual({
      totalPence: 900_000, councilPence: 900_000, partnersPence: 0, perPound: 1.5, estimated: true, countedProjects: 2, countedSpentPence: 600_000,
    });
    // And over districts, the same way: one not estimated adds nothing to either side.
    expect(addCostsAvoided([district, unlinked, linked(100_000, 400_000)])).toMatchObject({ totalPence: 1_000_000, perPound: 1, countedProjects: 3 });
  });

  it("counts an edition published before the counted spend was kept by its whole spend, as it did then", () => {
    const old: ProfileCostAvoided = { totalPence: 400_000, councilPence: 400_000, partnersPence: 0, perPound: 2 };
    // £4,000 over its £2,000 spent, beside £3,000 over £3,000: £7,000 over £5,000 is £1.40, not £7,000 over £3,000.
    expect(addCostsAvoided([withCountedSpend(old, 200_000), linked(300_000, 300_000)])).toMatchObject({ totalPence: 700_000, perPound: 1.4, countedSpentPence: 500_000 });
    expect(withCountedSpend(linked(1, 2), 999)).toEqual(linked(1, 2));
  });

  it("is not estimated when nothing has an outcome linked", () => {
    expect(addCostsAvoided([unlinked, unlinked])).toEqual(unlinked);
    expect(addCostsAvoided([])).toEqual(unlinked);
  });
});

describe("costs avoided in words", () => {
  it("says 'not estimated' rather than £0, in every rendering", () => {
    expect(costAvoidedText(unlinked)).toBe(NOT_ESTIMATED);
    expect(NOT_ESTIMATED).toBe("Not estimated: no outcome linked to a unit cost");
    expect(costAvoidedPerPoundText(unlinked)).toBe("Not estimated");
    expect(costAvoidedCell(unlinked, 0)).toBe("Not estimated");
    const counted = addCostsAvoided([linked(600_000, 400_000), unlinked]);
    expect(costAvoidedText(counted)).toBe("£6,000");
    expect(costAvoidedPerPoundText(counted)).toBe("£1.50 for every £1 spent");
    expect(costAvoidedCell(counted, 6000)).toBe(6000);
    expect(costAvoidedCoverage(counted, 2)).toBe("counted for 1 of 2 projects (those with an outcome linked to a unit cost)");
    expect(costAvoidedCoverage(counted, 1)).toBeNull();
  });

  it("names in the method note the projects that count", () => {
    const project = (title: string, cost: ProfileCostAvoided) => ({ title, costAvoided: cost }) as never;
    expect(costAvoidedMethodNote({ projects: [project("Family Links", linked(1, 1)), project("Dads Matter", unlinked)] })).toBe(
      'Only projects with an outcome linked to a unit cost count, and only their spend is in "per £1 spent": Family Links.',
    );
    expect(costAvoidedMethodNote({ projects: [project("Dads Matter", unlinked)] })).toBe("No project here has an outcome linked to a unit cost yet, so none is estimated.");
    // A profile published before this was kept says nothing new.
    expect(costAvoidedMethodNote({ projects: [project("Old", { totalPence: 0, councilPence: 0, partnersPence: 0, perPound: null })] })).toBe("");
  });
});
