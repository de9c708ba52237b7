// What the public pages may show of a published profile: people by age with counts of 1 to 4
// kept back, and no project's own split by age.
import { describe, expect, it } from "vitest";
import { publicProfileView } from "~/policies/profiles";
import { reachByAgeText, reachCountText } from "~/profiles/labels";
import { sampleProfile } from "../helpers/sample-profile";

describe("people reached by age, in public", () => {
  it("keeps back 1 to 4, shows 0 and 5 or more", () => {
    const profile = sampleProfile();
    profile.headline.peopleReachedYear = 30;
    profile.headline.reachByAgeBand = [
      { band: "0-4", people: 0 }, { band: "5-10", people: 4 }, { band: "11-15", people: 5 }, { band: "16-19", people: 1 },
      { band: "20-25", people: 0 }, { band: "adults", people: 20 },
    ];
    profile.projects[0].peopleReachedYearByBand = { "5-10": 4, adults: 20 };
    const shown = publicProfileView(profile);
    expect(shown.headline.reachByAgeBand!.map((b) => b.people)).toEqual([0, null, 5, null, 0, 20]);
    expect(shown.projects[0]).not.toHaveProperty("peopleReachedYearByBand");
    // The stored profile is untouched.
    expect(profile.headline.reachByAgeBand![1].people).toBe(4);
    expect(reachCountText(null)).toBe("fewer than 5");
    expect(reachByAgeText(shown.headline)).toBe("0 to 4: 0 (0%) · 5 to 10: fewer than 5 · 11 to 15: 5 (17%) · 16 to 19: fewer than 5 · 20 to 25: 0 (0%) · Adults (26 and over): 20 (67%)");
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
