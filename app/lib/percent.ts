// Percentages for people: pages, PDFs and e-mails show them the same way. Not a .server
// module, so pages may format in the browser too.

/** "95%", "102.5%": one decimal place at most, for pages and e-mails. */
export function formatPercent(percent: number | null): string {
  if (percent === null) return "–";
  const rounded = Math.round(percent * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/** "+12.5%", "-3%", "0%": a variance with its sign. */
export function formatVariance(percent: number | null): string {
  if (percent === null) return "–";
  const text = formatPercent(percent);
  return percent > 0 && text !== "0%" ? `+${text}` : text;
}
