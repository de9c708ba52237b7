// What the public pages may show of a published profile: people by age with counts of 1 to 4
// kept back, and no project's own split by age.
import { describe, expect, it } from "vitest";
import { publicProfileView } from "~/policies/profiles";
import { reachByAgeText, reachCountText } from "~/profiles/labels";
import { sampleProfile } from "../helpers/sample-profile";

describe("people reached by age, in public", () => {
  const bands = (people: number[]) => (["0-4", "5-10", "11-15", "16-19", "20-25", "adults"] as const).map((band, i) => ({ band, people: people[i] }));

  it("shows the split by age when every group is 0 or 5 and over", () => {
    const profile = sampleProfile();
    profile.headline.peopleReachedYear = 45;
    profile.headline.reachByAgeBand = bands([0, 5, 12, 0, 8, 20]);
    profile.projects[0].peopleReachedYearByBand = { "5-10": 5, adults: 20 };
    const shown = publicProfileView(profile);
    expect(shown.headline.reachByAgeBand).toEqual(profile.headline.reachByAgeBand);
    expect(shown.projects[0]).not.toHaveProperty("peopleReachedYearByBand");
    expect(reachByAgeText(shown.headline)).toBe("0 to 4: 0 (0%) · 5 to 10: 5 (11%) · 11 to 15: 12 (27%) · 16 to 19: 0 (0%) · 20 to 25: 8 (18%) · Adults (26 and over): 20 (44%)");
  });

  it("keeps back the whole split where any group holds 1 to 4: one small group is the total less the others", () => {
    const profile = sampleProfile();
    profile.headline.peopleReachedYear = 30;
    profile.headline.reachByAgeBand = bands([0, 4, 5, 0, 1, 20]);
    profile.headline.populationReach = { population: 20_000, asAt: "2025-26 Q1", childrenReached: 9, per10000: 4.5, sharePercent: 0.045 };
    const shown = publicProfileView(profile);
    expect(shown.headline.reachByAgeBand).toBeUndefined();
    expect(JSON.stringify(shown.headline)).not.toContain('"people":4');
    expect(shown.headline.populationReach).toEqual(profile.headline.populationReach);
    // A small total of children is kept back too.
    profile.headline.populationReach = { population: 20_000, asAt: "2025-26 Q1", childrenReached: 3, per10000: 1.5, sharePercent: 0.015 };
    expect(publicProfileView(profile).headline.populationReach).toBeNull();
    // The stored profile is untouched.
    expect(profile.headline.reachByAgeBand![1].people).toBe(4);
    expect(reachCountText(null)).toBe("fewer than 5");
  });

  it("keeps the officer's advice to the board off the public pages", () => {
    const profile = sampleProfile();
    profile.commentary = { text: "Our view of the quarter.", version: 1 };
    profile.projects[0].recommendation = { recommendation: "decommission", commentary: "Stop at the year end.", version: 1 };
    const shown = publicProfileView(profile);
    expect(shown.commentary).toBeNull();
    expect(shown.projects[0].recommendation).toBeNull();
    expect(JSON.stringify(shown)).not.toContain("Stop at the year end.");
  });
});
