// Guards every loader and action starts with. They read like sentences:
// `const user = await requireUser(request)`, `await requirePermission(request, "admin:users")`,
// `const { user, record } = await requireRecord(request, {...})`. Guards live at the HTTP
// edge: models never call them, and never answer with a Response.
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { getDb } from "../../db/client";
import { loadActor, type SignedInUser } from "~/models/accounts/users.server";
import type { AuditContext } from "~/models/audit/record.server";
import { hasRole, type Role } from "~/policies/actor";
import { can, sectionsFor, type Permission, type RecordFor, type Section } from "~/policies/index";
import { clearedSessionCookie, currentSession, sessionCookie } from "~/services/session.server";
import { noteRequestUser } from "./request-context.server";

export async function getSignedInUser(request: Request): Promise<SignedInUser | null> {
  const session = await currentSession(request);
  if (!session) return null;
  noteRequestUser(session.userId);
  return loadActor(getDb(), session.userId);
}

/**
 * Where to send someone after signing in: only a path on this site. Anything else (another
 * site, a protocol-relative "//host", backslashes that browsers read as slashes, control
 * characters that browsers strip, like the tab in "/\t/evil.example") gives the fallback.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string" || to.length > 2000) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  const base = "http://portal.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return url.pathname + url.search + url.hash;
}

export async function requireUser(request: Request): Promise<SignedInUser> {
  const user = await getSignedInUser(request);
  if (user) return user;
  const url = new URL(request.url);
  // An ended or expired session's cookie is cleared on the way to the sign-in page.
  const stale = (await sessionCookie.parse(request.headers.get("Cookie"))) !== null;
  const headers = stale ? { "Set-Cookie": await clearedSessionCookie() } : undefined;
  throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`, { headers });
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getSignedInUser(request)) throw redirect("/");
}

export interface ForbiddenData {
  message: string;
  sections: Section[];
}

/** A 403 that tells the user where they can go instead. */
export function forbidden(user: SignedInUser, message = "You do not have permission to see this page."): never {
  throw json<ForbiddenData>({ message, sections: sectionsFor(user) }, { status: 403 });
}

/** A 404: for records that do not exist, and for records the user may not know exist. */
export function notFound(message = "Page not found"): never {
  throw json({ message }, { status: 404 });
}

export async function requireRole(request: Request, ...roles: Role[]): Promise<SignedInUser> {
  const user = await requireUser(request);
  if (!hasRole(user, ...roles)) forbidden(user);
  return user;
}

export async function requirePermission<P extends Permission>(
  request: Request,
  permission: P,
  ...record: RecordFor<P> extends undefined ? [] : [RecordFor<P>]
): Promise<SignedInUser> {
  const user = await requireUser(request);
  if (!can(user, permission, ...record)) forbidden(user);
  return user;
}

export interface RecordGuard<R> {
  /** The record, or null when there is none by that id. */
  load: () => Promise<R | null>;
  /** May this user know the record exists? (Usually a "…:view" permission.) */
  see: (user: SignedInUser, record: R) => boolean;
  /** May they do what this page does? Leave out for pages that only show the record. */
  act?: (user: SignedInUser, record: R) => boolean;
  /** Why not, for the 403 page. */
  refusal?: string | ((user: SignedInUser, record: R) => string);
  notFoundMessage?: string;
}

/**
 * The one rule for every record's pages (docs/architecture.md, "Permissions"):
 * - 404 when there is no such record, or when this user may not see it: someone who may
 *   not see a record may not learn that it exists either, whatever their role;
 * - 403, with the reason and the sections they can use, when they may see the record but
 *   may not do what this page does.
 */
export async function requireRecord<R>(request: Request, guard: RecordGuard<R>): Promise<{ user: SignedInUser; record: R }> {
  const user = await requireUser(request);
  const record = await guard.load();
  if (!record || !guard.see(user, record)) notFound(guard.notFoundMessage);
  if (guard.act && !guard.act(user, record)) {
    forbidden(user, typeof guard.refusal === "function" ? guard.refusal(user, record) : guard.refusal);
  }
  return { user, record };
}

/** Who did it and from where, for the audit log. */
export function auditContext(user: { id: string } | null, context: AppLoadContext | undefined): AuditContext {
  return { actorUserId: user?.id ?? null, ip: clientIpOf(context) };
}

export function clientIpOf(context: AppLoadContext | undefined): string {
  return context?.ip || "unknown";
}
