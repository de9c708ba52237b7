// A return filled in by spreadsheet, in Chromium: a provider downloads the Q3 return as a
// spreadsheet from its task list, fills it in (with exceljs, as Excel would save it), uploads
// it with one bad cell (the error names the cell; nothing is saved), fixes it, uploads it
// again, completes the other sections and submits. axe checks every page visited.
//
// Its own provider and project (a past year's, so its Q3 has ended and can be submitted),
// made in the server's database, leave the demo's returns to the other browser tests.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { DEMO_PASSWORD } from "../../demo/constants";
import {
  browserAvailable,
  consoleErrors,
  DESKTOP,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectVisible,
  launchBrowser,
  mainHeading,
  signIn,
  signOut,
  uncheckedUrls,
  waitUntilInteractive,
  type Browser,
} from "./browser";

const QUARTER = "2025-26 Q3";
const EMAIL = "fiona.fylde@demo.example";

describe.skipIf(!browserAvailable())("a return filled in by spreadsheet, in Chromium", () => {
  let browser: Browser;
  let page: Page;
  let returnPath = "";
  let folder = "";

  beforeAll(async () => {
    // The fixtures write to the database the server under test uses.
    process.env.DATABASE_URL = inject("e2e").serverEnv.DATABASE_URL;
    const { createTestUser } = await import("../helpers/requests");
    const { createTestProject } = await import("../helpers/projects");
    await createTestUser({ roles: ["provider"], organisationId: "org-fylde-parenting", email: EMAIL, password: DEMO_PASSWORD, name: "Fiona Fylde" });
    // Due decades from now, so submitting it is on time whenever the test runs.
    const project = await createTestProject({ organisationId: "org-fylde-parenting", districtId: "district-fylde", startDate: "2025-04-01", endDate: "2026-03-31", dueDays: 30_000 });
    returnPath = `/returns/${project.returns[QUARTER]}`;
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "portal-spreadsheet-"));
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    const { closeDb } = await import("../../db/client");
    await closeDb();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  const errorSummary = () => page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "There is a problem" }) });
  const successBanner = (text: string) => page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Success" }) }).filter({ hasText: text });
  const sectionLink = (name: string) => page.getByRole("main").getByRole("link", { name, exact: true });

  async function go(click: () => Promise<void>, pathname: string, heading: string | RegExp): Promise<void> {
    await click();
    await page.waitForURL((url) => url.pathname === pathname);
    await waitUntilInteractive(page);
    await expectVisible(mainHeading(page).filter({ hasText: heading }));
  }

  async function complete(section: string, saved: string, fill?: (scope: Locator) => Promise<void>) {
    await go(() => sectionLink(section).click(), `${returnPath}/${section.toLowerCase().replace(" ", "-")}`, section);
    await fill?.(page.getByRole("main"));
    await expectNoAxeViolations(page);
    await page.getByRole("group", { name: "Have you completed this section?" }).getByLabel("Yes, I've completed this section", { exact: true }).check();
    await go(() => page.getByRole("button", { name: "Save and continue" }).click(), returnPath, `${QUARTER} quarterly return`);
    await expectVisible(successBanner(saved));
  }

  async function uploadFile(file: string) {
    await page.getByLabel("The filled-in spreadsheet").setInputFiles(file);
    await page.getByRole("button", { name: "Upload the spreadsheet" }).click();
  }

  test("downloads the Q3 return, uploads it with a bad cell, fixes it, uploads it again and submits", async () => {
    await signIn(page, EMAIL);
    await expectNoAxeViolations(page);
    await page.goto(returnPath);
    await waitUntilInteractive(page);
    await expectVisible(mainHeading(page).filter({ hasText: `${QUARTER} quarterly return` }));
    await expectNoAxeViolations(page);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as a spreadsheet" }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^TEST-PRJ-\\d+ ${QUARTER} return\\.xlsx$`));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const outputs = workbook.getWorksheet("Outputs")!;
    expect(outputs.getCell("B6").value).toBe("Families supported (count)");
    outputs.getCell("D6").value = 9.5; // families are counted whole: the bad cell
    workbook.getWorksheet("Outcomes")!.getCell("D6").value = 72;
    const spend = workbook.getWorksheet("Spend")!;
    for (const row of [6, 7]) spend.getCell(row, 4).value = Number(spend.getCell(row, 3).value);
    const bad = path.join(folder, "bad.xlsx");
    await workbook.xlsx.writeFile(bad);

    await go(() => page.getByRole("link", { name: "Upload the spreadsheet" }).click(), `${returnPath}/spreadsheet`, "Upload the spreadsheet");
    await expectNoAxeViolations(page);
    await uploadFile(bad);
    const cellError = "Outputs!D6: Enter a whole number for Families supported, like 12";
    await expectVisible(errorSummary().getByRole("link", { name: cellError, exact: true }));
    await expectVisible(errorSummary().getByText("Nothing has been saved."));
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page, 320);
    await page.setViewportSize(DESKTOP);
    // Nothing saved: the task list still shows the outputs not started.
    await page.goto(returnPath);
    await waitUntilInteractive(page);
    await expectVisible(page.getByRole("heading", { name: "Sections (0 of 7 completed)" }));

    outputs.getCell("D6").value = 9;
    const good = path.join(folder, "good.xlsx");
    await workbook.xlsx.writeFile(good);
    await go(() => page.getByRole("link", { name: "Upload the spreadsheet" }).click(), `${returnPath}/spreadsheet`, "Upload the spreadsheet");
    await page.waitForTimeout(1_000);
    await uploadFile(good);
    await page.waitForURL((url) => url.pathname === returnPath);
    await waitUntilInteractive(page);
    await expectVisible(successBanner("Your spreadsheet has been uploaded"));
    await expectVisible(page.getByRole("heading", { name: "Sections (3 of 7 completed)" }));
    await expectNoAxeViolations(page);

    await complete("Beneficiaries", "Beneficiaries saved and marked as complete.", async (main) => {
      await main.getByLabel("New, 0 to 4", { exact: true }).fill("3");
    });
    await complete("Narrative", "Narrative saved and marked as complete.", async (main) => {
      await main.getByLabel("Highlights", { exact: true }).fill("Nine families joined the winter group.");
      await main.getByLabel("Challenges", { exact: true }).fill("Snow closed the centre for a week.");
      await main.getByLabel("Risks", { exact: true }).fill("None new this quarter.");
      await main.getByLabel("Next quarter's plans", { exact: true }).fill("A spring group for dads.");
    });
    await complete("Case studies", "Case studies marked as complete.");
    await complete("Evidence", "Evidence marked as complete.");
    await expectVisible(page.getByRole("heading", { name: "Sections (7 of 7 completed)" }));

    await go(() => page.getByRole("link", { name: "Check and submit" }).click(), `${returnPath}/check`, "Check your answers before submitting your return");
    await expectNoAxeViolations(page);
    await page.getByLabel(/^I confirm that the information in this return is correct and complete/).check();
    await go(() => page.getByRole("button", { name: "Submit your return" }).click(), returnPath, `${QUARTER} quarterly return`);
    await expectVisible(successBanner("Your return has been submitted (version 1)."));
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);
    expect(consoleErrors()).toEqual([]);
    expect(uncheckedUrls()).toEqual([]);
  }, 120_000);
});
