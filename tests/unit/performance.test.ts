// The annual performance assessment's proposal (s71): every boundary of the rule.
import { describe, expect, it } from "vitest";
import { proposeRating, type PerformanceRating } from "~/models/projects/performance";
import { overallRating } from "~/models/profiles/overall-rating";

const rags = (green: number, amber: number, red: number) =>
  [...Array(green).fill("green"), ...Array(amber).fill("amber"), ...Array(red).fill("red")];

describe("the proposed performance rating", () => {
  it("has nothing to propose without figures or visits", () => {
    expect(proposeRating({ rags: [], visitGrades: [] })).toBeNull();
  });

  it("is good with no red, three quarters green and no visit below Good", () => {
    expect(proposeRating({ rags: rags(3, 1, 0), visitGrades: [2] })).toBe("good");
    expect(proposeRating({ rags: rags(4, 0, 0), visitGrades: [] })).toBe("good");
    expect(proposeRating({ rags: [], visitGrades: [1] })).toBe("good");
    // Just under three quarters green, or an Adequate visit: approaching target.
    expect(proposeRating({ rags: rags(2, 1, 0), visitGrades: [] })).toBe("approaching_target");
    expect(proposeRating({ rags: rags(4, 0, 0), visitGrades: [3] })).toBe("approaching_target");
  });

  it("requires improvement beyond a quarter red, or with an Adequate visit and any red", () => {
    expect(proposeRating({ rags: rags(3, 0, 1), visitGrades: [] })).toBe("approaching_target"); // exactly a quarter
    expect(proposeRating({ rags: rags(2, 0, 1), visitGrades: [] })).toBe("requires_improvement");
    expect(proposeRating({ rags: rags(7, 0, 1), visitGrades: [3] })).toBe("requires_improvement");
  });

  it("is inadequate beyond half red, or with an Inadequate visit", () => {
    expect(proposeRating({ rags: rags(1, 0, 1), visitGrades: [] })).toBe("requires_improvement"); // exactly a half
    expect(proposeRating({ rags: rags(1, 0, 2), visitGrades: [] })).toBe("inadequate");
    expect(proposeRating({ rags: rags(4, 0, 0), visitGrades: [1, 4] })).toBe("inadequate");
  });
});

describe("a project's overall rating in the profile", () => {
  const project = (rags: ("green" | "amber" | "red" | null)[], visitGrade: number | null, assessed: PerformanceRating | null) => ({
    indicators: rags.slice(1).map((r) => ({ ytdRag: r })) as never,
    spend: { rag: rags[0] } as never,
    visitGrade,
    assessment: assessed ? { yearLabel: "2025-26", rating: assessed } : null,
  });

  it("is what the figures and the visit suggest, or the annual assessment when that is worse", () => {
    expect(overallRating(project(["green", "green", "green"], null, null))).toBe("good");
    expect(overallRating(project(["green", "green", "green"], null, "requires_improvement"))).toBe("requires_improvement");
    expect(overallRating(project(["green", "amber", "red"], null, "good"))).toBe("requires_improvement");
    expect(overallRating(project(["green", "green", "green"], 4, "good"))).toBe("inadequate");
  });

  it("is not rated with nothing to go on, and takes the assessment alone when there are no figures", () => {
    expect(overallRating(project([null, null], null, null))).toBeNull();
    expect(overallRating(project([null], null, "approaching_target"))).toBe("approaching_target");
  });
});
