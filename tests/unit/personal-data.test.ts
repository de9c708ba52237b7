// The anonymisation check on case studies: one block per kind of personal data, each with
// what it must find (exactly, with where it starts) and near-misses it must leave alone.
import { describe, expect, it } from "vitest";
import {
  describePersonalData, findPersonalData, isValidNhsNumber, isValidNiPrefix, type PersonalDataKind,
} from "~/models/returns/personal-data.server";

/** [kind, text] for every finding, in order. */
const found = (text: string) => findPersonalData(text).map((m) => [m.kind, m.text]);
const only = (kind: PersonalDataKind, text: string) => findPersonalData(text).filter((m) => m.kind === kind).map((m) => m.text);

describe("findPersonalData", () => {
  it("returns nothing for an anonymised story", () => {
    const story =
      "A mum of three in PR1 was struggling with her eldest's attendance in Year 6. Our key worker met the family weekly from " +
      "March 2026 and by the 3rd week attendance was up to 92%. In 2025-26 Q4 she joined the parenting group; by 12 March she " +
      "was helping to run it. The school's Dr. said the change was clear.";
    expect(found(story)).toEqual([]);
  });

  it("reports each finding with its kind, exact text and index", () => {
    const text = "Call Jo on 07700 900123.";
    expect(findPersonalData(text)).toEqual([{ kind: "phone", text: "07700 900123", index: 11 }]);
    expect(text.slice(11, 11 + "07700 900123".length)).toBe("07700 900123");
  });

  describe("e-mail addresses", () => {
    it("finds them", () => {
      expect(only("email", "Write to jo.bloggs@example.co.uk or JO+news@Example.org.")).toEqual(["jo.bloggs@example.co.uk", "JO+news@Example.org"]);
    });
    it("leaves near-misses alone", () => {
      expect(only("email", "We met @ the school; see example.org; price £5@each; user@localhost")).toEqual([]);
    });
  });

  describe("UK phone numbers", () => {
    it("finds landlines and mobiles, spaced or not, national or +44", () => {
      const text =
        "Ring 01772 123456, 0161 123 4567, 020 7946 0018, (01772) 123456, 07700 900123, 07700900123, +44 7700 900123, " +
        "+447700900123, +44 (0)1772 123456 or 0044 20 7946 0018.";
      expect(only("phone", text)).toEqual([
        "01772 123456", "0161 123 4567", "020 7946 0018", "(01772) 123456", "07700 900123", "07700900123", "+44 7700 900123",
        "+447700900123", "+44 (0)1772 123456", "0044 20 7946 0018",
      ]);
    });
    it("leaves other numbers alone", () => {
      expect(found("Ref 123456, years 2019 2020 2021, room 0123, £1,772,123, a 12345678901 barcode, 0772 12 and 06123 456789.")).toEqual([]);
    });
  });

  describe("full UK postcodes", () => {
    it("finds them, with or without the space, in either case", () => {
      expect(only("postcode", "She lives at PR1 8XJ, moved from pr7 1de, works near SW1A 1AA and M1 1AE, and wrote PR18XJ.")).toEqual([
        "PR1 8XJ", "pr7 1de", "SW1A 1AA", "M1 1AE", "PR18XJ",
      ]);
    });
    it("leaves a district on its own, ordinals and times alone", () => {
      expect(found("Families in PR1 and BB11, near the M6 5th junction, met at B2 1am; PR1 8 is not a postcode.")).toEqual([]);
    });
  });

  describe("dates that could be dates of birth", () => {
    it("finds full dates in the usual forms", () => {
      const text = "Born 12/03/2015, 12 March 2015, 2015-03-12, 1st of March 2015, March 12, 2015, 3 Sept 2014, 29/02/2016 and 5-6-15.";
      expect(only("date", text)).toEqual([
        "12/03/2015", "12 March 2015", "2015-03-12", "1st of March 2015", "March 12, 2015", "3 Sept 2014", "29/02/2016", "5-6-15",
      ]);
      expect(describePersonalData(findPersonalData("on 12/03/2015")[0])).toBe("a date that could be a date of birth “12/03/2015”");
    });
    it("leaves dates that are not full, not real, or not dates alone", () => {
      expect(found("From March 2015 to 12 March, in 2025-26 Q1, version 3.5.10, 31/02/2015, 13/13/2015, 2015-13-01 and 12/2015.")).toEqual([]);
    });
  });

  describe("NHS numbers", () => {
    it("finds ten digits with a valid check digit, spaced 3-3-4 or not", () => {
      expect(only("nhs_number", "NHS 943 476 5919, also 9434765919 and 401-023-2137.")).toEqual(["943 476 5919", "9434765919", "401-023-2137"]);
    });
    it("leaves ten digits that fail the check alone", () => {
      expect(isValidNhsNumber("9434765918")).toBe(false);
      expect(found("Numbers 943 476 5918, 1234567890 and 94347659190.")).toEqual([]);
    });
    it("never accepts a check digit of 10", () => {
      // 100000001…: the weighted sum leaves a remainder of 1, so the check digit would be 10: no such NHS number.
      let sum = 0;
      for (let i = 0; i < 9; i += 1) sum += Number("100000001"[i]) * (10 - i);
      expect(11 - (sum % 11)).toBe(10);
      for (const last of "0123456789") expect(isValidNhsNumber(`100000001${last}`)).toBe(false);
    });
  });

  describe("National Insurance numbers", () => {
    it("finds them with or without spaces", () => {
      expect(only("ni_number", "NI AB 12 34 56 C, AB123456C and ab 123456 d.")).toEqual(["AB 12 34 56 C", "AB123456C", "ab 123456 d"]);
    });
    it("leaves invalid prefixes and final letters alone", () => {
      expect(isValidNiPrefix("QQ")).toBe(false);
      expect(isValidNiPrefix("GB")).toBe(false);
      expect(isValidNiPrefix("AO")).toBe(false);
      expect(found("Not: QQ 12 34 56 C, BG123456A, GB123456A, ZZ123456A, DA123456A, AO123456A, AB123456E, AB12345C.")).toEqual([]);
    });
  });

  describe("a title and a capitalised surname", () => {
    it("finds them", () => {
      const text = "Mrs Smith, Mr. Jones, Ms O'Neill, Dr Patel, Miss Brown, Mx Taylor, Mrs McDonald and Mr Smith-Jones came.";
      expect(only("name", text)).toEqual([
        "Mrs Smith", "Mr. Jones", "Ms O'Neill", "Dr Patel", "Miss Brown", "Mx Taylor", "Mrs McDonald", "Mr Smith-Jones",
      ]);
    });
    it("leaves a title at a sentence end, lower-case names and acronyms alone", () => {
      expect(found("We spoke to the Mrs. She was pleased. Thanks to the Mrs. Mr men, mrs smith and dr patel came. Dr NHS. Mr. Mr A.")).toEqual([]);
      expect(found("Thanks Mrs.\nSmith came too")).toEqual([]);
    });
    it("leaves a possessive 's out of the finding", () => {
      expect(found("Dr Patel's surgery and Mrs O'Neill’s garden.")).toEqual([["name", "Dr Patel"], ["name", "Mrs O'Neill"]]);
    });
    it("reads on from every title, so one after a sentence-ending title is still found", () => {
      expect(found("We thanked the Mrs. Mr Smith thanked us.")).toEqual([["name", "Mr Smith"]]);
    });
  });

  it("reports one finding where two kinds overlap, the more specific one", () => {
    expect(found("Email mr.smith.PR1 8XJ@example.com")).toEqual([["email", "8XJ@example.com"]]);
    expect(found("Jo (943 476 5919) and Mrs Smith on 01772 123456 at PR1 8XJ, born 1/2/2015, jo@x.org, AB123456C.")).toEqual([
      ["nhs_number", "943 476 5919"], ["name", "Mrs Smith"], ["phone", "01772 123456"], ["postcode", "PR1 8XJ"], ["date", "1/2/2015"],
      ["email", "jo@x.org"], ["ni_number", "AB123456C"],
    ]);
  });
});
