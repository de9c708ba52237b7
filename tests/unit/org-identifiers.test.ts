import { describe, expect, it } from "vitest";
import {
  checkOrgIdentifier, deriveOrgIdentifier, isCharityNumber, isCompanyNumber, normaliseCompanyNumber, normalisePostcode,
} from "~/lib/org-identifiers";

describe("charity numbers", () => {
  it("accepts England and Wales, Scottish and Northern Irish numbers", () => {
    expect(isCharityNumber("1123456")).toBe(true);
    expect(isCharityNumber("213890")).toBe(true);
    expect(isCharityNumber("1123456-1")).toBe(true);
    expect(isCharityNumber("SC012345")).toBe(true);
    expect(isCharityNumber("sc 012345")).toBe(true);
    expect(isCharityNumber("NIC100123")).toBe(true);
  });

  it("refuses what is not one", () => {
    expect(isCharityNumber("12345")).toBe(false);
    expect(isCharityNumber("0123456")).toBe(false);
    expect(isCharityNumber("ABC1234")).toBe(false);
    expect(isCharityNumber("")).toBe(false);
  });
});

describe("company numbers", () => {
  it("accepts 8 digits or a register prefix and 6 digits, padding lost zeros", () => {
    expect(isCompanyNumber("01234567")).toBe(true);
    expect(isCompanyNumber("SC123456")).toBe(true);
    expect(isCompanyNumber("oc123456")).toBe(true);
    expect(normaliseCompanyNumber("1234567")).toBe("01234567");
    expect(isCompanyNumber("1234567")).toBe(true);
  });

  it("refuses the wrong length or letters in the wrong place", () => {
    expect(isCompanyNumber("123456789")).toBe(false);
    expect(isCompanyNumber("12AB3456")).toBe(false);
  });
});

describe("org-ids (360Giving / org-id.guide)", () => {
  it("accepts well-formed identifiers", () => {
    expect(checkOrgIdentifier("GB-CHC-1123456")).toEqual({ ok: true, value: "GB-CHC-1123456" });
    expect(checkOrgIdentifier("GB-COH-08123456")).toEqual({ ok: true, value: "GB-COH-08123456" });
    expect(checkOrgIdentifier("GB-LAE-LAN")).toEqual({ ok: true, value: "GB-LAE-LAN" });
    expect(checkOrgIdentifier(" GB-SC-SC012345 ").ok).toBe(true);
  });

  it("refuses malformed ones with a reason", () => {
    const noPrefix = checkOrgIdentifier("1123456");
    expect(noPrefix.ok).toBe(false);
    const badCharity = checkOrgIdentifier("GB-CHC-12");
    expect(badCharity).toEqual({ ok: false, reason: expect.stringContaining("charity number") });
    const badCompany = checkOrgIdentifier("GB-COH-123");
    expect(badCompany).toEqual({ ok: false, reason: expect.stringContaining("company number") });
    expect(checkOrgIdentifier("gb-chc-1123456").ok).toBe(false);
  });

  it("derives an org-id from the charity number first, else the company number", () => {
    expect(deriveOrgIdentifier("1098765", "04567890")).toBe("GB-CHC-1098765");
    expect(deriveOrgIdentifier(null, "04567890")).toBe("GB-COH-04567890");
    expect(deriveOrgIdentifier(null, null)).toBeNull();
  });
});

describe("postcodes", () => {
  it("normalises spacing and case", () => {
    expect(normalisePostcode("pr18xj")).toBe("PR1 8XJ");
    expect(normalisePostcode(" BB11  1JG ")).toBe("BB11 1JG");
    expect(normalisePostcode("SW1A 1AA")).toBe("SW1A 1AA");
    expect(normalisePostcode("not a postcode")).toBeNull();
  });
});
