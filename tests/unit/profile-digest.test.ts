// A profile's digest (app/models/profiles/digest.ts) and the form it is kept in
// (results.server.ts): what the trend reads from it is exactly what the whole profile holds.
import { describe, expect, test } from "vitest";
import { digestOf } from "~/models/profiles/digest";
import { readDigest, writeDigest } from "~/models/profiles/results.server";
import { median, trendPointOf } from "~/models/profiles/trends";
import { sampleProfile } from "../helpers/sample-profile";

describe("a profile's digest", () => {
  test("holds every indicator's achievement this quarter by kind, and leaves the projects out", () => {
    const profile = sampleProfile({ projectCount: 7 });
    const digest = digestOf(profile);
    const expected = (kind: "output" | "outcome") => profile.projects.flatMap((p) => p.indicators)
      .filter((i) => i.kind === kind && i.quarterAchievementPercent !== null).map((i) => i.quarterAchievementPercent);
    expect(digest.quarterAchievementPercents.output).toEqual(expected("output"));
    expect(digest.quarterAchievementPercents.outcome).toEqual(expected("outcome"));
    expect(digest.quarterAchievementPercents.output.length).toBeGreaterThan(0);
    expect(digest).not.toHaveProperty("projects");
    expect(digest.headline).toEqual(profile.headline);
  });

  test("is kept and read back with exactly the same numbers, awkward ones included", () => {
    const digest = digestOf(sampleProfile());
    digest.quarterAchievementPercents = { output: [0.1 + 0.2, 122.91666666666667, 1e-300, -0, 100, 66.66666666666667], outcome: [] };
    const back = readDigest(writeDigest(digest));
    expect(back).toEqual(digest);
    expect(Object.is(back.quarterAchievementPercents.output[3], -0)).toBe(true);
    expect(back.quarterAchievementPercents.output[0]).toBe(0.30000000000000004);
    expect(writeDigest(digest).length).toBeLessThan(JSON.stringify(digest).length);
  });

  test("gives the trend the same medians as the whole profile's indicators", () => {
    const profile = sampleProfile({ projectCount: 9 });
    const point = trendPointOf(profile.quarter, [readDigest(writeDigest(digestOf(profile)))], null);
    const percents = (kind: "output" | "outcome") => profile.projects.flatMap((p) => p.indicators)
      .filter((i) => i.kind === kind && i.quarterAchievementPercent !== null).map((i) => i.quarterAchievementPercent!);
    const byHand = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    expect(point.outputsPercent).toBe(byHand(percents("output")));
    expect(point.outcomesPercent).toBe(byHand(percents("outcome")));
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
