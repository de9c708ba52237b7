// Pages kept as rendered. A district's profile and the county view are the dearest pages the
// portal renders (React writes 50–150 KB of tables and charts for each), and the people who use
// them read them again and again: paging through a list, going back, reloading before a
// meeting. A route opts in with `handle.keepRendered`; its page is then kept and served again,
// without its loaders or React, only to a request that would be answered with the same page:
// - the same address and the same cookies, so the same session (with its forgery token and no
//   message waiting to be shown), and that session must still be live;
// - the same state of the portal: the audit chain's sequence number, which moves with every
//   change of state, read before the page's loaders run;
// - the same minute: the pages show times to the minute, and dates follow from it.
// Two things differ from one answer to the next, the CSP nonce and the request id: a kept page
// holds the places where they go and each answer writes its own in.
//
// The server in front (scripts/serve.ts) looks pages up; the built app (app/entry.server.tsx)
// keeps them. Each bundle has its own copy of this module, so the pages are kept on globalThis.
import { createHash } from "node:crypto";
import type { Middleware } from "./edge.server";
import { SESSION_COOKIE_NAME } from "./edge.server";

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
  /** The page's bytes between the slots: parts.length === slots.length + 1. */
  parts: Buffer[];
  slots: Slot[];
  bytes: number;
}

/** At most this much is kept: about 170 profile pages. Only the current minute's pages are of use. */
const MAX_BYTES = 16 * 1024 * 1024;

interface Store {
  pages: Map<string, KeptPage>;
  bytes: number;
}

const KEY = Symbol.for("portal.keptPages");
const shared = globalThis as typeof globalThis & { [KEY]?: Store };
const store: Store = (shared[KEY] ??= { pages: new Map(), bytes: 0 });

export const minuteOf = (ms: number): number => Math.floor(ms / 60_000);

function keyOf(url: string, cookie: string, seq: number, minute: number): string {
  return createHash("sha256").update(JSON.stringify([url, cookie, seq, minute])).digest("base64url");
}

function forget(key: string): void {
  const page = store.pages.get(key);
  if (!page) return;
  store.pages.delete(key);
  store.bytes -= page.bytes;
}

/** Pages from earlier minutes (the oldest come first in the map), then the oldest until there is room. */
function makeRoom(minute: number, bytes: number): void {
  for (const [key, page] of store.pages) {
    if (page.minute >= minute && store.bytes + bytes <= MAX_BYTES) break;
    forget(key);
  }
}

/** The kept page's bytes with this answer's nonce and request id written in. */
function assemble(page: KeptPage, values: Record<Slot, string>): Buffer {
  const chunks: Buffer[] = [page.parts[0]];
  page.slots.forEach((slot, i) => chunks.push(Buffer.from(values[slot]), page.parts[i + 1]));
  return Buffer.concat(chunks);
}

/** Splits a page at each place its nonce or request id is written. */
function slotsOf(html: string, values: Record<Slot, string>): { parts: Buffer[]; slots: Slot[] } {
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
  return { parts, slots };
}

/**
 * Keeps a page the built app rendered for `where`. Only a page whose every per-answer part can
 * be found is kept: a nonce of our own making (long and random), and a request id written once
 * at most (in the page's data). A short id from a proxy might match the page's own text.
 */
export function keepPage(where: KeptPageKey, page: { html: string; status: number; headers: Headers; nonce: string; requestId: string }): boolean {
  if (page.nonce.length < 16 || page.requestId.length < 8) return false;
  const { parts, slots } = slotsOf(page.html, { nonce: page.nonce, requestId: page.requestId });
  if (slots.filter((s) => s === "requestId").length > 1) return false;
  const headers = [...page.headers].filter(([name]) => !/^(set-cookie|content-length)$/i.test(name));
  const bytes = parts.reduce((sum, p) => sum + p.length, 0);
  if (bytes > MAX_BYTES / 4) return false;
  forget(where.key);
  makeRoom(where.minute, bytes);
  store.pages.set(where.key, { minute: where.minute, status: page.status, headers, parts, slots, bytes });
  store.bytes += bytes;
  return true;
}

/** How many pages are kept, and their bytes: for the tests. */
export function keptPagesSize(): { pages: number; bytes: number } {
  return { pages: store.pages.size, bytes: store.bytes };
}

function isPlainPageRequest(req: Parameters<Middleware>[0]): boolean {
  if (req.method !== "GET") return false;
  // Remix's own data requests (client-side navigation) are answered by loaders as before.
  if (new URLSearchParams((req.url ?? "").split("?")[1] ?? "").has("_data")) return false;
  return (req.headers.cookie ?? "").split(";").some((c) => c.trim().startsWith(`${SESSION_COOKIE_NAME}=`));
}

/**
 * Serves a kept page when there is one for this request; otherwise notes where the built app
 * may keep the page it renders (res.locals.keptPageKey, passed to it in the load context).
 * `changeSeq` reads the audit chain's sequence number; `sessionIsLive` checks the cookie's session.
 */
export function serveKeptPages(deps: { changeSeq: () => Promise<number>; sessionIsLive: (cookie: string) => Promise<boolean>; now?: () => number }): Middleware {
  const now = deps.now ?? Date.now;
  return (req, res, next) => {
    if (!isPlainPageRequest(req)) return next();
    const cookie = req.headers.cookie ?? "";
    void (async () => {
      const minute = minuteOf(now());
      const key = keyOf(req.url ?? "", cookie, await deps.changeSeq(), minute);
      const page = store.pages.get(key);
      if (!page || !(await deps.sessionIsLive(cookie))) {
        res.locals.keptPageKey = { key, minute } satisfies KeptPageKey;
        return next();
      }
      res.statusCode = page.status;
      for (const [name, value] of page.headers) res.setHeader(name, value);
      res.end(assemble(page, { nonce: String(res.locals.cspNonce ?? ""), requestId: String(res.locals.requestId ?? "") }));
    })().catch(next);
  };
}
