// The financial year runs April to March; Q1 is April–June. A year is named by the
// calendar year it starts in (2025 → "2025-26") and a quarter like "2025-26 Q1".

export type QuarterNumber = 1 | 2 | 3 | 4;

export interface FinancialQuarter {
  /** Calendar year the financial year starts in. */
  year: number;
  quarter: QuarterNumber;
}

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

function isoDate(year: number, monthIndex: number, day: number): string {
  return new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);
}

/** The financial year a date falls in: 2026-03-31 → 2025, 2026-04-01 → 2026. */
export function financialYearOf(date: Date | string): number {
  const d = typeof date === "string" ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  const month = d.getUTCMonth();
  return month >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
}

export function quarterOf(date: Date | string): FinancialQuarter {
  const d = typeof date === "string" ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  const year = financialYearOf(d);
  const monthsIntoYear = (d.getUTCMonth() - 3 + 12) % 12;
  return { year, quarter: (Math.floor(monthsIntoYear / 3) + 1) as QuarterNumber };
}

/** 2025 → "2025-26"; 1999 → "1999-00". */
export function financialYearLabel(year: number): string {
  return `${year}-${String((year + 1) % 100).padStart(2, "0")}`;
}

/** "2025-26" → 2025, or null when the text is not a financial year. */
export function parseFinancialYear(label: string): number | null {
  const match = /^(\d{4})-(\d{2})$/.exec(label.trim());
  if (!match) return null;
  const year = Number(match[1]);
  return (year + 1) % 100 === Number(match[2]) ? year : null;
}

export function quarterLabel(q: FinancialQuarter): string {
  return `${financialYearLabel(q.year)} Q${q.quarter}`;
}

/** "2025-26 Q1" → { year: 2025, quarter: 1 }, or null. */
export function parseQuarterLabel(label: string): FinancialQuarter | null {
  const match = /^(\d{4}-\d{2}) Q([1-4])$/.exec(label.trim());
  if (!match) return null;
  const year = parseFinancialYear(match[1]);
  return year === null ? null : { year, quarter: Number(match[2]) as QuarterNumber };
}

/** First and last day of a quarter, ISO dates. 2025-26 Q4 is 2026-01-01 to 2026-03-31. */
export function quarterDates(q: FinancialQuarter): { start: string; end: string } {
  const startMonth = 3 + (q.quarter - 1) * 3; // months from January of the starting year
  const startYear = q.year + Math.floor(startMonth / 12);
  const startIndex = startMonth % 12;
  return {
    start: isoDate(startYear, startIndex, 1),
    end: isoDate(startYear, startIndex + 3, 0),
  };
}

/** "April–June 2025" */
export function quarterMonths(q: FinancialQuarter): string {
  const { start, end } = quarterDates(q);
  const s = new Date(`${start}T00:00:00Z`);
  const e = new Date(`${end}T00:00:00Z`);
  return `${MONTHS[s.getUTCMonth()]}–${MONTHS[e.getUTCMonth()]} ${e.getUTCFullYear()}`;
}

export function financialYearDates(year: number): { start: string; end: string } {
  return { start: isoDate(year, 3, 1), end: isoDate(year + 1, 2, 31) };
}

export function nextQuarter(q: FinancialQuarter): FinancialQuarter {
  return q.quarter === 4 ? { year: q.year + 1, quarter: 1 } : { year: q.year, quarter: (q.quarter + 1) as QuarterNumber };
}

export function previousQuarter(q: FinancialQuarter): FinancialQuarter {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: (q.quarter - 1) as QuarterNumber };
}

/** Every quarter that overlaps the dates from start to end inclusive, in order. */
export function quartersBetween(start: string, end: string): FinancialQuarter[] {
  const quarters: FinancialQuarter[] = [];
  const last = quarterOf(end);
  for (let q = quarterOf(start); ; q = nextQuarter(q)) {
    quarters.push(q);
    if (q.year === last.year && q.quarter === last.quarter) break;
    if (quarters.length > 400) throw new RangeError("End date is before start date");
  }
  return quarters;
}
