// Filling in the bid form as a person does, by its labels: the district and title, the
// answers, the money by quarter (staff and delivery) and one indicator with targets (a bid
// needs an outcome indicator to be complete).
import type { Page } from "playwright-core";

export interface BidAnswers {
  district: string;
  title: string;
  /** Each question's full text (its label says "Question n: <text>") and the answer typed. */
  answers: readonly (readonly [question: string, answer: string])[];
  amount: string;
  /** The contract's quarters as the form labels them, with the staff and delivery pounds for each. */
  quarters: readonly string[];
  perQuarter: { staff: string; delivery: string };
  indicator: { kind: "Output" | "Outcome"; name: string; definition: string; target: string };
}

export async function fillBidForm(page: Page, bid: BidAnswers): Promise<void> {
  await page.getByRole("group", { name: "Which district will the project serve?" }).getByLabel(bid.district, { exact: true }).check();
  await page.getByLabel("Project title", { exact: true }).fill(bid.title);
  for (const [i, [question, answer]] of bid.answers.entries()) {
    await page.getByLabel(`Question ${i + 1}: ${question}`).fill(answer);
  }
  await page.getByLabel("Amount you are asking for", { exact: true }).fill(bid.amount);
  const budget = page.getByRole("region", { name: "Budget", exact: true });
  for (const quarter of bid.quarters) {
    await budget.getByLabel(`Staff, ${quarter}`, { exact: true }).fill(bid.perQuarter.staff);
    await budget.getByLabel(`Delivery, ${quarter}`, { exact: true }).fill(bid.perQuarter.delivery);
  }
  const indicator = page.getByRole("group", { name: "Indicator 1", exact: true });
  await indicator.getByLabel("Output or outcome", { exact: true }).selectOption({ label: bid.indicator.kind });
  await indicator.getByLabel("Name", { exact: true }).fill(bid.indicator.name);
  await indicator.getByLabel("Definition", { exact: true }).fill(bid.indicator.definition);
  await indicator.getByLabel("Unit", { exact: true }).selectOption({ label: "Count" });
  for (const quarter of bid.quarters) {
    await indicator.getByRole("group", { name: "Targets by quarter" }).getByLabel(quarter, { exact: true }).fill(bid.indicator.target);
  }
}
