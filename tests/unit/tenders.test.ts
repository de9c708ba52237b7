import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseRichText, RichText } from "~/components/rich-text";
import { parseForm } from "~/lib/forms";
import { weightsMessage } from "~/schemas/tenders";
import { tenderFormSchema } from "~/schemas/tenders.server";
import { ukLocalToUtc, ukLocalToUtcIso, ukYear, utcIsoToUkLocal } from "~/lib/dates";
import { formatTenderReference, nextReferenceAfter, parseTenderReference, tenderStatus } from "~/models/tenders/status.server";
import { DEFAULT_CRITERIA } from "~/models/tenders/choices.server";

describe("tender references", () => {
  it("are ESI, the year and a sequence padded to three digits", () => {
    expect(formatTenderReference(2026, 14)).toBe("ESI-2026-014");
    expect(formatTenderReference(2026, 1)).toBe("ESI-2026-001");
    expect(formatTenderReference(2027, 999)).toBe("ESI-2027-999");
    expect(formatTenderReference(2027, 1000)).toBe("ESI-2027-1000");
    expect(formatTenderReference(2026, 14)).toMatch(/^ESI-\d{4}-\d{3}$/);
    expect(parseTenderReference("ESI-2026-014")).toEqual({ year: 2026, sequence: 14 });
    expect(parseTenderReference("ESI-2026-14")).toBeNull();
    expect(parseTenderReference("XYZ-2026-014")).toBeNull();
  });

  it("number per year, after the highest used, whatever order they sort in", () => {
    expect(nextReferenceAfter(2026, [])).toBe("ESI-2026-001");
    expect(nextReferenceAfter(2026, ["ESI-2026-009", "ESI-2026-013", "ESI-2026-002"])).toBe("ESI-2026-014");
    // Other years and other shapes do not count.
    expect(nextReferenceAfter(2027, ["ESI-2026-013", "ESI-2026-200", "OLD-2027-500"])).toBe("ESI-2027-001");
    // Past 999 the number grows a digit; "ESI-2026-1000" sorts before "ESI-2026-999" as text.
    expect(nextReferenceAfter(2026, ["ESI-2026-999", "ESI-2026-1000"])).toBe("ESI-2026-1001");
  });

  it("take the year from the UK calendar", () => {
    expect(ukYear(new Date("2026-12-31T23:59:59Z"))).toBe(2026);
    expect(ukYear(new Date("2027-01-01T00:00:00Z"))).toBe(2027);
  });
});

describe("tender status follows the clock", () => {
  const tender = { status: "published" as const, opens_at: "2026-05-01T08:00:00.000Z", closes_at: "2026-06-01T11:00:00.000Z", award_intended_at: null as string | null };
  const closes = new Date(tender.closes_at).getTime();

  it("is open until the closing second and closed from it", () => {
    expect(tenderStatus(tender, new Date(closes - 1000))).toBe("open");
    expect(tenderStatus(tender, new Date(closes - 1))).toBe("open");
    expect(tenderStatus(tender, new Date(closes))).toBe("closed");
    expect(tenderStatus(tender, new Date(closes + 1000))).toBe("closed");
  });

  it("opens soon before the opening time", () => {
    const opens = new Date(tender.opens_at).getTime();
    expect(tenderStatus(tender, new Date(opens - 1000))).toBe("upcoming");
    expect(tenderStatus(tender, new Date(opens))).toBe("open");
  });

  it("leaves drafts, evaluation, awards and cancellations alone", () => {
    const after = new Date(closes + 1000);
    for (const status of ["draft", "evaluation", "awarded", "cancelled"] as const) {
      expect(tenderStatus({ ...tender, status }, after)).toBe(status);
    }
  });

  it("is award pending from the decisions until the contract is entered", () => {
    const after = new Date(closes + 1000);
    const decided = { ...tender, award_intended_at: after.toISOString() };
    expect(tenderStatus(decided, after)).toBe("award_pending");
    expect(tenderStatus({ ...decided, status: "evaluation" }, after)).toBe("award_pending");
    expect(tenderStatus({ ...decided, status: "awarded" }, after)).toBe("awarded");
  });
});

describe("UK time for opening and closing", () => {
  it("reads summer times as BST (UTC+1)", () => {
    expect(ukLocalToUtcIso("2026-07-01T09:00")).toBe("2026-07-01T08:00:00.000Z");
    expect(utcIsoToUkLocal("2026-07-01T08:00:00.000Z")).toBe("2026-07-01T09:00");
  });

  it("reads winter times as GMT (UTC+0)", () => {
    expect(ukLocalToUtcIso("2026-01-15T09:00")).toBe("2026-01-15T09:00:00.000Z");
    expect(utcIsoToUkLocal("2026-01-15T09:00:00.000Z")).toBe("2026-01-15T09:00");
    expect(ukLocalToUtcIso("2026-12-31 23:30")).toBe("2026-12-31T23:30:00.000Z");
  });

  it("handles the nights the clocks change", () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 never happens.
    expect(ukLocalToUtc("2026-03-29T01:30")).toEqual({ ok: false, reason: "clock-change" });
    expect(ukLocalToUtcIso("2026-03-29T00:59")).toBe("2026-03-29T00:59:00.000Z");
    expect(ukLocalToUtcIso("2026-03-29T02:00")).toBe("2026-03-29T01:00:00.000Z");
    // 25 October 2026: 01:30 happens twice; the first (BST) is meant.
    expect(ukLocalToUtcIso("2026-10-25T01:30")).toBe("2026-10-25T00:30:00.000Z");
    expect(ukLocalToUtcIso("2026-10-25T02:30")).toBe("2026-10-25T02:30:00.000Z");
  });

  it("refuses what is not a real date and time", () => {
    for (const bad of ["", "tomorrow", "2026-02-30T09:00", "2026-13-01T09:00", "2026-05-01T24:00", "2026-05-01"]) {
      expect(ukLocalToUtcIso(bad)).toBeNull();
    }
    expect(utcIsoToUkLocal("not a date")).toBe("");
  });
});

/** A complete, valid tender form as the page sends it. */
function tenderForm(changes: Record<string, string | string[]> = {}): FormData {
  const fields: Record<string, string | string[]> = {
    title: "Family support in Chorley",
    specification: "Support for families.",
    "districts[]": ["district-chorley"],
    funding_stream_id: "stream-schools-forum",
    max_budget: "25,000",
    procedure: "grant_competition",
    contract_start: "2027-04-01",
    contract_end: "2028-03-31",
    opens_at: "2027-01-15T09:00",
    closes_at: "2027-07-01T12:00",
    "questions.0.text": "How will you reach families?",
    "questions.0.word_limit": "500",
    "questions.0.criterion": "0",
  };
  DEFAULT_CRITERIA.forEach((c, i) => {
    fields[`criteria.${i}.name`] = c.name;
    fields[`criteria.${i}.weight`] = String(c.weight_percent);
    fields[`criteria.${i}.guidance`] = c.guidance;
    fields[`criteria.${i}.max_score`] = "";
  });
  Object.assign(fields, changes);
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  }
  return form;
}

describe("the tender form", () => {
  it("accepts a complete form, ignoring blank rows", () => {
    const result = parseForm(tenderFormSchema(), tenderForm({ "criteria.4.name": "", "criteria.4.weight": "", "questions.1.text": "  " }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.data.maxBudgetPence).toBe(2_500_000);
    expect(result.data.opensAt).toBe("2027-01-15T09:00:00.000Z");
    expect(result.data.closesAt).toBe("2027-07-01T11:00:00.000Z");
    expect(result.data.criteria.map((c) => [c.name, c.weightPercent, c.maxScore])).toEqual([
      ["Quality of service", 40, 5], ["Outputs", 20, 5], ["Outcomes", 20, 5], ["Value for money", 20, 5],
    ]);
    expect(result.data.questions).toEqual([{ slot: 0, id: null, text: "How will you reach families?", wordLimit: 500, criterionSlot: 0 }]);
  });

  it("says what the weights add up to when it is not 100", () => {
    const result = parseForm(tenderFormSchema(), tenderForm({ "criteria.3.weight": "10" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(weightsMessage(90)).toBe("The weights add up to 90%. They must add up to 100%");
    expect(result.errors).toEqual({ criteria: "The weights add up to 90%. They must add up to 100%" });
    expect(result.values["criteria.3.weight"]).toBe("10");
  });

  it("checks the dates against each other", () => {
    const result = parseForm(tenderFormSchema(), tenderForm({ closes_at: "2027-01-14T09:00", contract_end: "2027-03-01" }));
    expect(result.ok ? {} : result.errors).toEqual({
      closes_at: "The closing date must be after the opening date",
      contract_end: "The contract end date must be after the start date",
    });
  });
});

describe("the specification's rich text", () => {
  const html = (text: string) => renderToStaticMarkup(createElement(RichText, { text }));

  it("shows a script as text: it can never run", () => {
    const out = html("<script>alert('x')</script>\n\n**<img src=x onerror=alert(1)>**\n\n## <b>Heading</b>");
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    expect(out).not.toContain("<b>");
    expect(out).toContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
    expect(out).toContain("<strong>&lt;img src=x onerror=alert(1)&gt;</strong>");
  });

  it("renders paragraphs, headings, bullet lists and bold", () => {
    const text = "## What we want\n\nFamilies with **young children** in\nChorley.\n\n- Home visits\n- **Group** sessions\n\n### Budget\nUp to £25,000.";
    expect(parseRichText(text)).toEqual([
      { kind: "heading", level: 2, text: "What we want" },
      { kind: "paragraph", lines: ["Families with **young children** in", "Chorley."] },
      { kind: "list", items: ["Home visits", "**Group** sessions"] },
      { kind: "heading", level: 3, text: "Budget" },
      { kind: "paragraph", lines: ["Up to £25,000."] },
    ]);
    expect(html(text)).toBe(
      '<div class="portal-rich-text"><h3 class="govuk-heading-m">What we want</h3>' +
        '<p class="govuk-body">Families with <strong>young children</strong> in<br/>Chorley.</p>' +
        '<ul class="govuk-list govuk-list--bullet"><li>Home visits</li><li><strong>Group</strong> sessions</li></ul>' +
        '<h4 class="govuk-heading-s">Budget</h4><p class="govuk-body">Up to £25,000.</p></div>',
    );
  });

  it("leaves unpaired markers as typed", () => {
    expect(html("2 ** 3 and *not bold*")).toBe('<div class="portal-rich-text"><p class="govuk-body">2 ** 3 and *not bold*</p></div>');
  });
});
