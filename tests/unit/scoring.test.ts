import { describe, expect, it } from "vitest";
import { compareTotals, formatOneDecimal, rankByTotal, roundOneDecimal, scoreSpread, weightedScore, weightedTotal, WIDE_SPREAD } from "~/models/panel/scoring.server";
import { commitmentsByYear } from "~/lib/budget";

const LANCASHIRE = [
  { id: "quality", weightPercent: 40, maxScore: 5 },
  { id: "outputs", weightPercent: 20, maxScore: 5 },
  { id: "outcomes", weightPercent: 20, maxScore: 5 },
  { id: "value", weightPercent: 20, maxScore: 5 },
];

describe("weighted totals", () => {
  it("adds score ÷ max × weight over the criteria", () => {
    // 4/5×40 + 3/5×20 + 4/5×20 + 5/5×20 = 32 + 12 + 16 + 20 = 80
    const total = weightedTotal(LANCASHIRE, { quality: 4, outputs: 3, outcomes: 4, value: 5 })!;
    expect(total.value).toBe(80);
    expect(formatOneDecimal(total)).toBe("80.0");
    // 3/5×40 + 4/5×20 + 2/5×20 + 4/5×20 = 24 + 16 + 8 + 16 = 64
    expect(formatOneDecimal(weightedTotal(LANCASHIRE, { quality: 3, outputs: 4, outcomes: 2, value: 4 })!)).toBe("64.0");
    expect(weightedTotal(LANCASHIRE, { quality: 5, outputs: 5, outcomes: 5, value: 5 })!.value).toBe(100);
    expect(weightedTotal(LANCASHIRE, { quality: 0, outputs: 0, outcomes: 0, value: 0 })!.value).toBe(0);
  });

  it("is exact with mixed maximum scores and rounds only for display", () => {
    const criteria = [
      { id: "a", weightPercent: 35, maxScore: 3 },
      { id: "b", weightPercent: 65, maxScore: 7 },
    ];
    // 2/3×35 + 5/7×65 = 70/3 + 325/7 = (490 + 975)/21 = 1465/21 = 69.7619…
    const total = weightedTotal(criteria, { a: 2, b: 5 })!;
    expect(total.numerator / total.denominator).toBeCloseTo(1465 / 21, 12);
    expect(total.numerator * 21).toBe(1465 * total.denominator);
    expect(formatOneDecimal(total)).toBe("69.8");
    expect(roundOneDecimal(total)).toBe(69.8);
    // 1/3×35 = 11.666… → "11.7"; 1/7×65 = 9.2857… → "9.3"
    expect(formatOneDecimal(weightedScore(1, 35, 3))).toBe("11.7");
    expect(formatOneDecimal(weightedScore(1, 65, 7))).toBe("9.3");
  });

  it("rounds halves up at one decimal place, where floating point would not", () => {
    // 1/8 × 100 = 12.5 exactly; 1/16 × 100 = 6.25 → "6.3"; 3/40 × 50 = 3.75 → "3.8"
    expect(formatOneDecimal({ numerator: 100, denominator: 16 })).toBe("6.3");
    expect(formatOneDecimal({ numerator: 150, denominator: 40 })).toBe("3.8");
    // 1.05 is not exact in binary: (1.05).toFixed(1) gives "1.1" or "1.0" by luck; 21/20 is exact.
    expect(formatOneDecimal({ numerator: 21, denominator: 20 })).toBe("1.1");
    expect(formatOneDecimal({ numerator: 0, denominator: 5 })).toBe("0.0");
  });

  it("has no total until every criterion is scored", () => {
    expect(weightedTotal(LANCASHIRE, { quality: 4, outputs: 3, outcomes: 4 })).toBeNull();
    expect(weightedTotal(LANCASHIRE, { quality: 4, outputs: 3, outcomes: 4, value: null })).toBeNull();
    expect(weightedTotal([], {})).toBeNull();
  });
});

describe("ranking", () => {
  const total = (q: number, o: number, u: number, v: number) => weightedTotal(LANCASHIRE, { quality: q, outputs: o, outcomes: u, value: v });

  it("ranks highest first; ties share a rank and the next is skipped", () => {
    const bids = [
      { id: "b", total: total(3, 4, 2, 4) }, // 64
      { id: "a", total: total(4, 3, 4, 5) }, // 80
      { id: "c", total: total(4, 4, 4, 4) }, // 80
      { id: "d", total: total(2, 2, 2, 2) }, // 40
      { id: "e", total: null },
    ];
    const ranked = rankByTotal(bids, (b) => b.total);
    expect(ranked.map((r) => [r.item.id, r.rank])).toEqual([["a", 1], ["c", 1], ["b", 3], ["d", 4], ["e", null]]);
  });

  it("treats different scores with the same exact total as a tie", () => {
    const criteria = [
      { id: "x", weightPercent: 10, maxScore: 3 },
      { id: "y", weightPercent: 20, maxScore: 3 },
      { id: "z", weightPercent: 70, maxScore: 7 },
    ];
    // 2/3×10 + 0 + 7/7×70 = 20/3 + 70 and 0 + 1/3×20 + 7/7×70 = 20/3 + 70: both 76.666…
    const a = weightedTotal(criteria, { x: 2, y: 0, z: 7 })!;
    const b = weightedTotal(criteria, { x: 0, y: 1, z: 7 })!;
    expect(compareTotals(a, b)).toBe(0);
    expect(formatOneDecimal(a)).toBe("76.7");
    const ranked = rankByTotal([{ id: "a", t: a }, { id: "b", t: b }, { id: "c", t: weightedTotal(criteria, { x: 3, y: 0, z: 7 }) }], (i) => i.t);
    expect(ranked.map((r) => [r.item.id, r.rank])).toEqual([["c", 1], ["a", 2], ["b", 2]]);
  });
});

describe("spread between members", () => {
  it("is max − min, flagged in words at 2 or more", () => {
    expect(WIDE_SPREAD).toBe(2);
    expect(scoreSpread([5, 3])).toEqual({
      spread: 2, wide: true, flag: "Wide spread: 2 points between the highest and lowest score. Discuss before agreeing the consensus.",
    });
    expect(scoreSpread([4, 3, 4])).toEqual({ spread: 1, wide: false, flag: "" });
    expect(scoreSpread([1, 5, 3]).spread).toBe(4);
    expect(scoreSpread([3])).toEqual({ spread: 0, wide: false, flag: "" });
    expect(scoreSpread([])).toEqual({ spread: null, wide: false, flag: "" });
  });
});

describe("commitments per financial year", () => {
  it("groups the budget lines by the year of their quarter", () => {
    const plan = commitmentsByYear(
      [
        { quarter: "2027-28 Q1", amountPence: 1_000_000 },
        { quarter: "2027-28 Q4", amountPence: 500_000 },
        { quarter: "2028-29 Q1", amountPence: 250_000 },
      ],
      1_750_000,
      "2027-04-01",
    );
    expect([...plan]).toEqual([[2027, 1_500_000], [2028, 250_000]]);
  });

  it("puts the whole amount in the contract's first year when there is no budget, and any difference there too", () => {
    expect([...commitmentsByYear([], 900_000, "2027-02-01")]).toEqual([[2026, 900_000]]);
    expect([...commitmentsByYear([{ quarter: "2028-29 Q2", amountPence: 100 }], 300, "2027-04-01")]).toEqual([[2027, 200], [2028, 100]]);
  });
});
