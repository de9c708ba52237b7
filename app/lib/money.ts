// Money is whole pence everywhere; it becomes pounds only on the way to a person.

const poundsFormat = new Intl.NumberFormat("en-GB", {
  style: "currency",
  currency: "GBP",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

const wholePoundsFormat = new Intl.NumberFormat("en-GB", {
  style: "currency",
  currency: "GBP",
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});

/** 123456 → "£1,234.56"; negative amounts as "-£1,234.56". */
export function formatPence(pence: number): string {
  if (!Number.isInteger(pence)) throw new RangeError(`Money must be whole pence, got ${pence}`);
  return poundsFormat.format(pence / 100);
}

/** For headlines where pence are noise: 5_000_000 → "£50,000". Rounds half away from zero. */
export function formatWholePounds(pence: number): string {
  if (!Number.isInteger(pence)) throw new RangeError(`Money must be whole pence, got ${pence}`);
  const pounds = Math.sign(pence) * Math.round(Math.abs(pence) / 100);
  return wholePoundsFormat.format(pounds);
}

/** Pence → the plain figure a form field shows again: 123456 → "1234.56". */
export function penceToInput(pence: number): string {
  const sign = pence < 0 ? "-" : "";
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
