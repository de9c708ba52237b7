// Pages kept as rendered. A district's profile and the county view are the dearest pages the
// portal renders (React writes 50–150 KB of tables and charts for each), and the people who use
// them read them again and again: paging through a list, going back, reloading before a
// meeting. A route opts in with `handle.keepRendered`; its page is then kept and served again,
// without its loaders or React, only to a request that would be answered with the same page:
// - the same address and the same cookies, so the same session (with its forgery token, and no
//   message waiting to be shown), and that session must still be live;
// - the same state of the portal: the audit chain's sequence number, read before the page's
//   loaders run. It moves with every change to the portal's records, though not with what
//   is kept outside them (sessions, jobs, sign-in counters), so a route may keep its page only
//   when everything its loaders read is a record or the session;
// - the same minute: the pages show times to the minute, and dates follow from it.
// Two things differ from one answer to the next, the CSP nonce and the request id: a kept page
// holds the places where they go and each answer writes its own in.
//
// A kept page is also kept compressed, so that it is not compressed again for every answer
// (that was a quarter of a kept profile's cost): each part between the places is deflated on
// its own, ending on a byte boundary, and an answer lays the parts and its own values (as
// stored blocks) end to end in one gzip member. Browsers that take gzip get that.
//
// The server in front (scripts/serve.ts) looks pages up; the built app (app/entry.server.tsx)
// keeps them and notes which addresses are worth looking up. Each bundle has its own copy of
// this module, so all of it is kept on globalThis.
import { createHash } from "node:crypto";
import zlib from "node:zlib";
import accepts from "accepts";
import vary from "vary";
import { hasSessionCookie, type Middleware } from "./edge.server";

/** Where the built app keeps a page it renders: set by the lookup that missed it. */
export interface KeptPageKey {
  key: string;
  minute: number;
}

type Slot = "nonce" | "requestId";

interface KeptPage {
  minute: number;
  status: number;
  headers: [string, string][];
  /** The page's bytes, with the slots cut out: part i runs from cuts[i] to cuts[i + 1]. */
  body: Buffer;
  cuts: number[];
  slots: Slot[];
  /** Each part as raw deflate blocks, ending on a byte boundary (a full flush). */
  deflated: Buffer[];
  /** What the page holds in memory, body and deflated parts. */
  bytes: number;
}

/** At most this much is kept, as built and compressed: about 75 profile pages, more than a county reads in a minute. Only the current minute's pages are of use. */
const MAX_BYTES = 8 * 1024 * 1024;
/** Addresses (paths) worth looking up; far more than a county's districts. */
const MAX_PATHS = 1_000;

interface Store {
  pages: Map<string, KeptPage>;
  bytes: number;
  /** Paths whose route keeps its page: only these pay for the lookup. */
  paths: Set<string>;
}

const KEY = Symbol.for("portal.keptPages");
const shared = globalThis as typeof globalThis & { [KEY]?: Store };
const store: Store = (shared[KEY] ??= { pages: new Map(), bytes: 0, paths: new Set() });

export const minuteOf = (ms: number): number => Math.floor(ms / 60_000);

const pathOf = (url: string): string => url.split("?")[0];

function keyOf(url: string, cookie: string, seq: number, minute: number): string {
  return createHash("sha256").update(JSON.stringify([url, cookie, seq, minute])).digest("base64url");
}

function forget(key: string): void {
  const page = store.pages.get(key);
  if (!page) return;
  store.pages.delete(key);
  store.bytes -= page.bytes;
}

/** Pages from earlier minutes, then the oldest kept, until there is room. */
function makeRoom(minute: number, bytes: number): void {
  for (const [key, page] of store.pages) if (page.minute < minute) forget(key);
  for (const key of store.pages.keys()) {
    if (store.bytes + bytes <= MAX_BYTES) break;
    forget(key);
  }
}

/** The kept page's bytes with this answer's nonce and request id written in. */
function assemble(page: KeptPage, values: Record<Slot, string>): Buffer {
  const part = (i: number) => page.body.subarray(page.cuts[i], page.cuts[i + 1]);
  const chunks: Buffer[] = [part(0)];
  page.slots.forEach((slot, i) => chunks.push(Buffer.from(values[slot]), part(i + 1)));
  return Buffer.concat(chunks);
}

/** A gzip member's header: deflate, no name, no time, made on an unknown system. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
/** Deflate's last block, empty: BFINAL, fixed codes, then the end-of-block code. */
const LAST_BLOCK = Buffer.from([0x03, 0x00]);

/** Bytes as stored (uncompressed) deflate blocks, which start and end on a byte boundary. */
function storedBlocks(bytes: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 0xffff) {
    const piece = bytes.subarray(at, at + 0xffff);
    const head = Buffer.alloc(5);
    head.writeUInt16LE(piece.length, 1);
    head.writeUInt16LE(~piece.length & 0xffff, 3);
    blocks.push(head, piece);
  }
  return blocks;
}

/** The kept page as one gzip member, with this answer's nonce and request id written in. */
function gzipped(page: KeptPage, values: Record<Slot, string>): Buffer {
  const part = (i: number) => page.body.subarray(page.cuts[i], page.cuts[i + 1]);
  const chunks: Buffer[] = [GZIP_HEADER, page.deflated[0]];
  let crc = zlib.crc32(part(0));
  let length = page.body.length;
  page.slots.forEach((slot, i) => {
    const value = Buffer.from(values[slot]);
    chunks.push(...storedBlocks(value), page.deflated[i + 1]);
    crc = zlib.crc32(part(i + 1), zlib.crc32(value, crc));
    length += value.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  chunks.push(LAST_BLOCK, trailer);
  return Buffer.concat(chunks);
}

/** Splits a page at each place its nonce or request id is written. */
function slotsOf(html: string, values: Record<Slot, string>): { body: Buffer; cuts: number[]; slots: Slot[] } {
  const parts: Buffer[] = [];
  const slots: Slot[] = [];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  let last = 0;
  for (const match of html.matchAll(new RegExp(`${escape(values.nonce)}|${escape(values.requestId)}`, "g"))) {
    parts.push(Buffer.from(html.slice(last, match.index)));
    slots.push(match[0] === values.nonce ? "nonce" : "requestId");
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(html.slice(last)));
  const cuts = [0];
  for (const p of parts) cuts.push(cuts[cuts.length - 1] + p.length);
  return { body: Buffer.concat(parts), cuts, slots };
}

/** Notes that pages at this address are kept, so that the next request for it is looked up. */
export function keepsPagesAt(url: string): void {
  if (store.paths.size >= MAX_PATHS) store.paths.clear();
  store.paths.add(pathOf(url));
}

/**
 * Keeps a page the built app rendered for `where`, unless its minute has passed. Only a page
 * whose every per-answer part can be found is kept: a nonce of our own making (long and
 * random), and a request id written once at most (in the page's data): a proxy's id could also
 * be a word of the page.
 */
export function keepPage(
  where: KeptPageKey,
  page: { html: string; status: number; headers: Headers; nonce: string; requestId: string },
  now = Date.now(),
): boolean {
  const minute = minuteOf(now);
  if (where.minute !== minute || page.nonce.length < 16 || page.requestId.length < 8) return false;
  const { body, cuts, slots } = slotsOf(page.html, { nonce: page.nonce, requestId: page.requestId });
  if (slots.filter((s) => s === "requestId").length > 1 || body.length > MAX_BYTES / 4) return false;
  const headers = [...page.headers].filter(([name]) => !/^(set-cookie|content-length|content-encoding)$/i.test(name));
  const deflated = cuts.slice(1).map((end, i) => zlib.deflateRawSync(body.subarray(cuts[i], end), { finishFlush: zlib.constants.Z_FULL_FLUSH }));
  const bytes = body.length + deflated.reduce((sum, part) => sum + part.length, 0);
  forget(where.key);
  makeRoom(minute, bytes);
  store.pages.set(where.key, { minute, status: page.status, headers, body, cuts, slots, deflated, bytes });
  store.bytes += bytes;
  return true;
}

/** A GET for a page (not Remix's data for a client-side navigation) at an address that keeps its pages, from a session. */
function mayBeKept(req: Parameters<Middleware>[0]): boolean {
  if (req.method !== "GET") return false;
  const url = req.url ?? "";
  if (!store.paths.has(pathOf(url))) return false;
  if (new URLSearchParams(url.split("?")[1] ?? "").has("_data")) return false;
  return hasSessionCookie(req);
}

/**
 * Serves a kept page when there is one for this request; otherwise notes where the built app
 * may keep the page it renders (res.locals.keptPageKey, passed to it in the load context).
 * `changeSeq` reads the audit chain's sequence number; `sessionIsLive` checks the cookie's
 * session. If either fails, the request goes on to the portal as if nothing were kept.
 */
export function serveKeptPages(deps: { changeSeq: () => Promise<number>; sessionIsLive: (cookie: string) => Promise<boolean>; now?: () => number }): Middleware {
  const now = deps.now ?? Date.now;
  /** True when a kept page was sent. */
  async function serveKept(req: Parameters<Middleware>[0], res: Parameters<Middleware>[1]): Promise<boolean> {
    const cookie = req.headers.cookie ?? "";
    const minute = minuteOf(now());
    const key = keyOf(req.url ?? "", cookie, await deps.changeSeq(), minute);
    const page = store.pages.get(key);
    if (!page || !(await deps.sessionIsLive(cookie))) {
      res.locals.keptPageKey = { key, minute } satisfies KeptPageKey;
      return false;
    }
    const values = { nonce: String(res.locals.cspNonce ?? ""), requestId: String(res.locals.requestId ?? "") };
    const gzip = accepts(req).encoding(["gzip", "identity"]) === "gzip";
    // Made before the answer is touched: should it fail, the portal answers as if nothing were kept.
    const body = gzip ? gzipped(page, values) : assemble(page, values);
    res.statusCode = page.status;
    for (const [name, value] of page.headers) res.setHeader(name, value);
    vary(res, "Accept-Encoding");
    // Sent as gzip, the compression in front leaves it as it is.
    if (gzip) res.setHeader("Content-Encoding", "gzip");
    res.end(body);
    return true;
  }
  return (req, res, next) => {
    if (!mayBeKept(req)) return next();
    serveKept(req, res).then(
      (sent) => sent || next(),
      (error: unknown) => {
        console.error("Looking up a kept page failed:", error);
        next();
      },
    );
  };
}
