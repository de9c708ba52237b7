// Word counts for answers with word limits. The same function runs in the browser (live
// count) and on the server (the limit that counts), so they never disagree.
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/u).length : 0;
}
