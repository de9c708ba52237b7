// Open data from the demo's awards: the 360Giving package validates against the official
// 1.4.3 schema (copied into tests/standards, see SOURCES.md), and the validator rejects a
// broken one; the Transparency Code's CSVs have the Code's columns and only what they should.
import { beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { loader as contractsPage } from "~/routes/contracts._index";
import { loader as contractsCsv } from "~/routes/data.transparency.contracts[.]csv";
import { loader as grantsCsv } from "~/routes/data.transparency.grants[.]csv";
import { loader as grantsJson } from "~/routes/data.360giving.grants[.]json";
import { loader as flatCsv } from "~/routes/data.360giving.grants[.]csv";
import { loader as flatXlsx } from "~/routes/data.360giving.grants[.]xlsx";
import { loader as ocdsAll } from "~/routes/data.ocds.releases[.]json";
import { loader as ocdsTender } from "~/routes/data.ocds.tenders.$tenderId";
import { CONTRACTS_HEADER, GRANTS_HEADER } from "~/models/transparency/awards.server";
import { parseCsv } from "~/lib/csv-read";
import { getRequest, jsonOf, run } from "../helpers/requests";
import { ocdsValidator, schema, threeSixtyGivingValidator } from "../helpers/standards";

beforeAll(async () => {
  await seedDemoData(getDb(), { withTenders: true });
});

async function csvOf(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  const parsed = parseCsv(await response.text());
  if (!Array.isArray(parsed)) throw new Error(`The CSV is broken at line ${parsed.unclosedQuoteAt}`);
  return parsed.map((r) => r.cells).filter((cells) => cells.some((c) => c !== ""));
}

describe("the 360Giving grants", () => {
  it("validate against the 360Giving 1.4.3 package schema, one grant per project", async () => {
    const response = await run(grantsJson, await getRequest("/data/360giving/grants.json"));
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const data = JSON.parse(await response.text());
    const validate = threeSixtyGivingValidator();
    expect(validate(data), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const projects = await getDb().selectFrom("projects").select("reference").execute();
    expect(data.grants).toHaveLength(projects.length);
    const chorley = data.grants.find((g: { beneficiaryLocation: { name: string }[] }) => g.beneficiaryLocation[0].name === "Chorley");
    expect(chorley).toMatchObject({
      currency: "GBP",
      fundingOrganization: [{ id: "GB-LAE-LAN", name: expect.any(String) }],
      beneficiaryLocation: [{ geoCode: expect.stringMatching(/^E0[6-9]\d{6}$/), geoCodeType: "LAD" }],
    });
    expect(chorley.recipientOrganization[0].id).toMatch(/^(GB-CHC-|GB-COH-|360G-)/);
  });

  it("are refused by the validator when a grant is broken", async () => {
    const data = JSON.parse(await (await run(grantsJson, await getRequest("/data/360giving/grants.json"))).text());
    const validate = threeSixtyGivingValidator();
    delete data.grants[0].amountAwarded;
    expect(validate(data)).toBe(false);
    data.grants = [];
    expect(validate(data)).toBe(false);
  });
});

/** Every column title the 360Giving schema gives: "Title", and "Recipient Org:Identifier" for a list's field. */
function threeSixtyGivingTitles(): Set<string> {
  const grant = schema("360giving-schema.json");
  const defs = grant.$defs as Record<string, { title?: string; properties?: Record<string, { title?: string }> }>;
  const titles = new Set<string>();
  for (const [, property] of Object.entries(grant.properties as Record<string, { title?: string; $ref?: string; items?: { $ref?: string } }>)) {
    const own = property.title ?? (property.$ref ? defs[property.$ref.split("/").pop()!]?.title : undefined);
    if (!own) continue;
    titles.add(own);
    const item = property.items?.$ref ? defs[property.items.$ref.split("/").pop()!] : undefined;
    for (const field of Object.values(item?.properties ?? {})) if (field.title) titles.add(`${own}:${field.title}`);
  }
  return titles;
}

describe("the 360Giving spreadsheet form", () => {
  it("titles every column as the schema does, one row per grant, as CSV and as a workbook", async () => {
    const titles = threeSixtyGivingTitles();
    const [header, ...rows] = await csvOf(await run(flatCsv, await getRequest("/data/360giving/grants.csv")));
    expect(header.filter((h) => !titles.has(h))).toEqual([]);
    const projects = await getDb().selectFrom("projects").select("id").execute();
    expect(rows).toHaveLength(projects.length);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await run(flatXlsx, await getRequest("/data/360giving/grants.xlsx"))).arrayBuffer());
    const sheet = workbook.getWorksheet("grants")!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header);
    expect(sheet.rowCount).toBe(projects.length + 1);
    expect(typeof sheet.getRow(2).getCell(header.indexOf("Amount Awarded") + 1).value).toBe("number");
  });
});

describe("the Transparency Code lists", () => {
  it("contracts over £5,000 have the Code's columns and no smaller award", async () => {
    await getDb().updateTable("projects").set({ amount_pence: 450_000 }).where("reference", "=", (await getDb().selectFrom("projects").select("reference").orderBy("reference").executeTakeFirstOrThrow()).reference).execute();
    const [header, ...rows] = await csvOf(await run(contractsCsv, await getRequest("/data/transparency/contracts.csv")));
    expect(header).toEqual(CONTRACTS_HEADER);
    const amounts = rows.map((r) => Number(r[7]));
    expect(amounts.every((a) => a > 5_000)).toBe(true);
    const projects = await getDb().selectFrom("projects").select("amount_pence").execute();
    expect(rows).toHaveLength(projects.filter((p) => Number(p.amount_pence) > 500_000).length);
  });

  it("grants to voluntary organisations list every award with its registration number", async () => {
    const [header, ...rows] = await csvOf(await run(grantsCsv, await getRequest("/data/transparency/grants.csv")));
    expect(header).toEqual(GRANTS_HEADER);
    const projects = await getDb().selectFrom("projects").select("id").execute();
    expect(rows).toHaveLength(projects.length);
    expect(rows.some((r) => /^\d{7,8}$/.test(r[4]))).toBe(true);
  });

  it("are published by quarter: a quarter's file holds the awards made in it", async () => {
    const { quarters } = await jsonOf(await contractsPage());
    expect(quarters.length).toBeGreaterThan(0);
    const all = (await csvOf(await run(grantsCsv, await getRequest("/data/transparency/grants.csv")))).slice(1);
    let total = 0;
    for (const quarter of quarters as string[]) {
      const response = await run(grantsCsv, await getRequest(`/data/transparency/grants.csv?quarter=${encodeURIComponent(quarter)}`));
      expect(response.headers.get("Content-Disposition")).toContain(`grants-to-voluntary-organisations-${quarter.toLowerCase().replace(" ", "-")}.csv`);
      const [header, ...rows] = await csvOf(response);
      expect(header).toEqual(GRANTS_HEADER);
      expect(rows.length).toBeGreaterThan(0);
      total += rows.length;
    }
    // Every award is in exactly one quarter's file.
    expect(total).toBe(all.length);
    expect((await run(grantsCsv, await getRequest("/data/transparency/grants.csv?quarter=2099-00%20Q9"))).status).toBe(400);
    expect((await run(contractsCsv, await getRequest("/data/transparency/contracts.csv?quarter=last%20year"))).status).toBe(400);
  });

  it("the page lists every award with its organisation and amount, and nothing of its returns or bids", async () => {
    const { awards } = await jsonOf(await contractsPage());
    const projects = await getDb().selectFrom("projects").select("id").execute();
    expect(awards).toHaveLength(projects.length);
    expect(Object.keys(awards[0]).sort()).toEqual(["amount", "district", "paid", "period", "procedure", "reference", "supplier", "title"]);
  });
});

describe("the OCDS releases", () => {
  it("validate against the OCDS 1.1.5 release package schema, a release per change of state", async () => {
    const data = JSON.parse(await (await run(ocdsAll, await getRequest("/data/ocds/releases.json"))).text());
    const validate = ocdsValidator();
    expect(validate(data), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(data.uri).toBe("http://portal.test/data/ocds/releases.json");
    const tags = (reference: string) =>
      data.releases.filter((r: { ocid: string }) => r.ocid === `ocds-portal-${reference}`).map((r: { tag: string[] }) => r.tag[0]);
    // The seeded awarded tender: published, awarded, a contract and its implementation per project.
    expect(tags("ESI-2026-001")).toEqual(expect.arrayContaining(["tender", "award", "contract"]));
    expect(tags("ESI-2026-004")).toEqual(["tender"]);
    // Closed and being evaluated: who bid is not told until the award.
    const evaluating = data.releases.filter((r: { ocid: string }) => r.ocid === "ocds-portal-ESI-2026-002");
    expect(evaluating.map((r: { tag: string[] }) => r.tag[0])).toEqual(["tender"]);
    expect(evaluating[0].tender.tenderers).toBeUndefined();
    expect(evaluating[0].parties).toHaveLength(1);
    // A draft never appears.
    expect(tags("ESI-2026-006")).toEqual([]);
    const award = data.releases.find((r: { id: string }) => r.id === "ocds-portal-ESI-2026-001-award");
    expect(award.tender.awardCriteriaDetails).toMatch(/^Quality of service \d+%; /);
    expect(award.parties.filter((p: { roles: string[] }) => p.roles.includes("supplier")).length).toBeGreaterThan(0);
    expect(award.buyer).toEqual({ id: "GB-LAE-LAN", name: expect.any(String) });
  });

  it("tell nothing of the bids on a tender still open", async () => {
    const response = await run(ocdsTender, await getRequest("/data/ocds/tenders/tender-open"), { tenderId: "tender-open" });
    const data = await jsonOf(response);
    expect(ocdsValidator()(data)).toBe(true);
    for (const release of data.releases) {
      expect(release.tender.tenderers).toBeUndefined();
      expect(release.parties.map((p: { roles: string[] }) => p.roles)).toEqual([["buyer", "procuringEntity"]]);
    }
    expect(JSON.stringify(data)).not.toMatch(/Preston Parents Together|org-red-rose/);
  });

  it("are not found for a draft tender, and a broken package is refused by the validator", async () => {
    expect((await run(ocdsTender, await getRequest("/data/ocds/tenders/tender-draft"), { tenderId: "tender-draft" })).status).toBe(404);
    const data = JSON.parse(await (await run(ocdsAll, await getRequest("/data/ocds/releases.json"))).text());
    delete data.releases[0].initiationType;
    expect(ocdsValidator()(data)).toBe(false);
  });
});

describe("open data, asked for again", () => {
  const files = [
    { path: "/data/360giving/grants.json", loader: grantsJson },
    { path: "/data/360giving/grants.csv", loader: flatCsv },
    { path: "/data/360giving/grants.xlsx", loader: flatXlsx },
    { path: "/data/transparency/contracts.csv", loader: contractsCsv },
    { path: "/data/transparency/grants.csv", loader: grantsCsv },
    { path: "/data/ocds/releases.json", loader: ocdsAll },
    { path: "/data/ocds/tenders/tender-open", loader: ocdsTender, params: { tenderId: "tender-open" } },
  ];

  it.each(files)("$path carries an ETag of its data and is answered 304, with no body, while the data is the same", async ({ path, loader, params }) => {
    const first = await run(loader, await getRequest(path), params);
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Control")).toBe("public, max-age=300");
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);

    const again = await run(loader, await getRequest(path, null, { "If-None-Match": etag }), params);
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    expect(again.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(await again.text()).toBe("");

    // Among others, as a cache that holds several copies asks; and a copy of something else is sent afresh.
    expect((await run(loader, await getRequest(path, null, { "If-None-Match": `W/"another", ${etag}` }), params)).status).toBe(304);
    const other = await run(loader, await getRequest(path, null, { "If-None-Match": 'W/"another"' }), params);
    expect(other.status).toBe(200);
    expect(other.headers.get("ETag")).toBe(etag);
    // A cache that revalidates its copy, saying no-cache, gets the 304 it asks for; without a copy, the file.
    expect((await run(loader, await getRequest(path, null, { "If-None-Match": etag, "Cache-Control": "no-cache" }), params)).status).toBe(304);
    expect((await run(loader, await getRequest(path, null, { "Cache-Control": "no-cache" }), params)).status).toBe(200);
  });

  it("made at another time but with the same data, keep their ETag; changed, get a new one", async () => {
    const path = "/data/ocds/releases.json";
    const first = await run(ocdsAll, await getRequest(path));
    const made = JSON.parse(await first.text()).publishedDate;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = await run(ocdsAll, await getRequest(path));
    expect(JSON.parse(await later.text()).publishedDate).not.toBe(made);
    expect(later.headers.get("ETag")).toBe(first.headers.get("ETag"));
    const xlsx = [await run(flatXlsx, await getRequest("/data/360giving/grants.xlsx"))];
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    xlsx.push(await run(flatXlsx, await getRequest("/data/360giving/grants.xlsx")));
    expect(xlsx[1].headers.get("ETag")).toBe(xlsx[0].headers.get("ETag"));

    const grants = await run(grantsJson, await getRequest("/data/360giving/grants.json"));
    const tender = await run(ocdsTender, await getRequest("/data/ocds/tenders/tender-open"), { tenderId: "tender-open" });
    const project = await getDb().selectFrom("projects").select(["id", "title"]).orderBy("reference").executeTakeFirstOrThrow();
    const open = await getDb().selectFrom("tenders").select("title").where("id", "=", "tender-open").executeTakeFirstOrThrow();
    await getDb().updateTable("projects").set({ title: `${project.title} (renamed)` }).where("id", "=", project.id).execute();
    await getDb().updateTable("tenders").set({ title: `${open.title} (renamed)` }).where("id", "=", "tender-open").execute();
    try {
      const asked = [
        { path: "/data/360giving/grants.json", loader: grantsJson, before: grants },
        { path: "/data/360giving/grants.xlsx", loader: flatXlsx, before: xlsx[0] },
        { path: "/data/ocds/releases.json", loader: ocdsAll, before: first },
        { path: "/data/ocds/tenders/tender-open", loader: ocdsTender, before: tender, params: { tenderId: "tender-open" } },
      ];
      for (const { path, loader, before, params } of asked) {
        const changed = await run(loader, await getRequest(path, null, { "If-None-Match": before.headers.get("ETag")! }), params);
        expect(changed.status, path).toBe(200);
        expect(changed.headers.get("ETag"), path).not.toBe(before.headers.get("ETag"));
      }
    } finally {
      await getDb().updateTable("projects").set({ title: project.title }).where("id", "=", project.id).execute();
      await getDb().updateTable("tenders").set({ title: open.title }).where("id", "=", "tender-open").execute();
    }
  });

  it("a malformed If-None-Match is no match: the file is sent whole", async () => {
    for (const value of ["", "*x", "W/", '"unterminated']) {
      const response = await run(grantsJson, await getRequest("/data/360giving/grants.json", null, { "If-None-Match": value }));
      expect(response.status, value).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(100);
    }
  });
});
