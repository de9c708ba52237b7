// Each request's id and, once known, its user: set by the server in front of the portal and
// read by the one log line it writes per request, so an officer's "reference" on an error
// page finds their request in the log.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

export interface RequestContext {
  requestId: string;
  userId: string | null;
}

// One store for the whole process: the server (scripts/serve.ts, run from source) sets it and
// the built app reads it, and each has its own copy of this module.
const KEY = Symbol.for("portal.requestContext");
const shared = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<RequestContext> };
export const requestContext: AsyncLocalStorage<RequestContext> = (shared[KEY] ??= new AsyncLocalStorage<RequestContext>());

/** A proxy's request id is kept when it looks like one; otherwise a new one is made. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomBytes(9).toString("base64url");
}

/** The signed-in user, for this request's log line. */
export function noteRequestUser(userId: string): void {
  const store = requestContext.getStore();
  if (store) store.userId = userId;
}

export function currentRequestId(): string | null {
  return requestContext.getStore()?.requestId ?? null;
}
