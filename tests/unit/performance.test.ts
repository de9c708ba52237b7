// The annual performance assessment's proposal (s71): every boundary of the rule.
import { describe, expect, it } from "vitest";
import { proposeRating } from "~/models/projects/performance";

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
