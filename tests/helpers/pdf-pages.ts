// How full each page of a PDF is, measured on the rendered page rather than read from the
// layout: a page's fill is how far down its body (the band between the running header and
// footer) the content reaches, from 0 (nothing below the header) to 1 (down to the footer).
// A page that breaks early leaves a mostly blank page in the printed profile; this is how a
// test sees that. Pages are rendered by Debian's pdftoppm (poppler-utils) as greyscale PGMs.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** app/profiles/pdf/styles.ts: A4 (595.28 x 841.89 pt), page padding 72 pt above, 48 pt below. */
const A4_LONG = 841.89;
const A4_SHORT = 595.28;
const PADDING_TOP = 72;
const PADDING_BOTTOM = 48;
/** Rendering resolution (dots per inch): enough to see a line of text, small enough to be quick. */
const DPI = 36;
/** A pixel darker than this (of 255) is content. */
const INK = 200;

interface Pgm {
  width: number;
  height: number;
  maxval: number;
  pixels: Uint8Array;
}

/** A binary greyscale PGM ("P5"): header tokens separated by white space, '#' comments to end of line. */
function parsePgm(bytes: Uint8Array, name: string): Pgm {
  const tokens: string[] = [];
  let i = 0;
  while (tokens.length < 4) {
    if (i >= bytes.length) throw new Error(`${name}: the PGM header ends early`);
    const c = bytes[i];
    if (c === 0x23) {
      while (i < bytes.length && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
    } else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
    } else {
      let token = "";
      while (i < bytes.length && ![0x20, 0x09, 0x0a, 0x0d, 0x23].includes(bytes[i])) token += String.fromCharCode(bytes[i++]);
      tokens.push(token);
    }
  }
  i++; // the single white-space character after maxval
  const [magic, w, h, max] = tokens;
  if (magic !== "P5") throw new Error(`${name}: not a binary PGM (starts ${JSON.stringify(magic)})`);
  const width = Number(w);
  const height = Number(h);
  const maxval = Number(max);
  if (!(width > 0 && height > 0 && maxval > 0 && maxval < 256)) throw new Error(`${name}: unexpected PGM header ${tokens.join(" ")}`);
  if (bytes.length < i + width * height) throw new Error(`${name}: ${bytes.length - i} pixel bytes, expected ${width * height}`);
  return { width, height, maxval, pixels: bytes.subarray(i, i + width * height) };
}

function fill({ width, height, maxval, pixels }: Pgm): number {
  // Landscape pages (the county pack's summary) have the same paddings on a shorter page.
  const pageHeightPt = width > height ? A4_SHORT : A4_LONG;
  const scale = height / pageHeightPt;
  const top = PADDING_TOP * scale;
  const bottom = (pageHeightPt - PADDING_BOTTOM) * scale;
  const threshold = (INK / 255) * maxval;
  const firstRow = Math.ceil(top);
  const lastRow = Math.min(height - 1, Math.floor(bottom));
  for (let y = lastRow; y >= firstRow; y--) {
    const row = pixels.subarray(y * width, (y + 1) * width);
    if (row.some((p) => p < threshold)) return Math.min(1, Math.max(0, (y - top) / (bottom - top)));
  }
  return 0;
}

/** Each page's fill, first page first. Needs pdftoppm on the PATH (Debian: poppler-utils). */
export async function pageFill(pdf: Uint8Array): Promise<number[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pdf-pages-"));
  try {
    const file = path.join(dir, "file.pdf");
    await fs.writeFile(file, pdf);
    try {
      await run("pdftoppm", ["-gray", "-r", String(DPI), file, path.join(dir, "page")]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new Error("pdftoppm not found: install Debian's poppler-utils (sudo apt-get install poppler-utils)");
      }
      throw error;
    }
    // page-1.pgm, page-2.pgm ... (page-01.pgm ... when there are ten or more): by number.
    const pages = (await fs.readdir(dir))
      .map((name) => ({ name, n: /^page-(\d+)\.pgm$/.exec(name)?.[1] }))
      .filter((p): p is { name: string; n: string } => p.n !== undefined)
      .sort((a, b) => Number(a.n) - Number(b.n));
    const fills: number[] = [];
    for (const { name } of pages) fills.push(fill(parsePgm(await fs.readFile(path.join(dir, name)), name)));
    return fills;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
