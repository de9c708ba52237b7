// Working days in England and Wales: Monday to Friday, less the bank holidays. The Procurement
// Act 2023 counts its standstill (s51) in them: eight working days beginning with the day the
// contract award notice is published, after which the contract may be entered.
//
// Bank holidays as gov.uk/bank-holidays lists them (to 2027), and as the same rules give them
// after that (Good Friday and Easter Monday from Easter; the first and last Mondays of May;
// the last Monday of August; substitutes when Christmas, Boxing Day or New Year fall at a
// weekend). A royal or special holiday announced later must be added here. A date outside
// the table is refused rather than counted wrongly.
import { addDays } from "./dates";

const BANK_HOLIDAYS: Readonly<Record<number, readonly string[]>> = {
  2024: ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"],
  2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"],
  2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"],
  2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"],
  2028: ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26"],
  2029: ["2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07", "2029-05-28", "2029-08-27", "2029-12-25", "2029-12-26"],
  2030: ["2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06", "2030-05-27", "2030-08-26", "2030-12-25", "2030-12-26"],
  2031: ["2031-01-01"],
};

const HOLIDAYS = new Set(Object.values(BANK_HOLIDAYS).flat());
const FIRST_KNOWN = "2024-01-01";
const LAST_KNOWN = "2031-01-01";

export function isWorkingDay(dateIso: string): boolean {
  if (dateIso < FIRST_KNOWN || dateIso > LAST_KNOWN) {
    throw new RangeError(`Bank holidays for ${dateIso} are not in the table (app/lib/working-days.ts)`);
  }
  const weekday = new Date(`${dateIso}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(dateIso);
}

/** The nth working day counting `from` itself as the first when it is one. */
export function nthWorkingDay(from: string, n: number): string {
  let day = from;
  let counted = isWorkingDay(day) ? 1 : 0;
  while (counted < n) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) counted += 1;
  }
  return day;
}

export const STANDSTILL_WORKING_DAYS = 8;

/**
 * The standstill after a contract award notice published on `noticeDate`: its last day, and
 * the first day the contract may be entered (the day after, once the last has ended).
 */
export function standstill(noticeDate: string): { lastDay: string; contractFrom: string } {
  const lastDay = nthWorkingDay(noticeDate, STANDSTILL_WORKING_DAYS);
  return { lastDay, contractFrom: addDays(lastDay, 1) };
}
