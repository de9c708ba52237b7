// Guards every loader and action starts with. They read like sentences:
// `const user = await requireUser(request)`, `await requirePermission(request, "admin:users")`.
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { getDb } from "../../db/client";
import { loadActor, type SignedInUser } from "~/models/accounts/users.server";
import { can, sectionsFor, type Permission, type Role, type Section } from "../services/permissions";
import { getSession, sessionStorage } from "../services/session.server";
import type { AuditContext } from "../models/audit/record.server";

export async function getSignedInUser(request: Request): Promise<SignedInUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (typeof userId !== "string") return null;
  return loadActor(getDb(), userId);
}

/** Only same-site paths: a sign-in link can never send someone to another site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export async function requireUser(request: Request): Promise<SignedInUser> {
  const user = await getSignedInUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const session = await getSession(request);
  // A deactivated user's stale cookie is cleared on the way to the sign-in page.
  const headers = session.has("userId") ? { "Set-Cookie": await sessionStorage.destroySession(session) } : undefined;
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

/** A 404: for records the user may not even know exist. */
export function notFound(message = "Page not found"): never {
  throw json({ message }, { status: 404 });
}

export async function requireRole(request: Request, ...roles: Role[]): Promise<SignedInUser> {
  const user = await requireUser(request);
  if (!roles.some((role) => user.roles.includes(role))) forbidden(user);
  return user;
}

export async function requirePermission(request: Request, permission: Permission, record?: unknown): Promise<SignedInUser> {
  const user = await requireUser(request);
  if (!can(user, permission, record)) forbidden(user);
  return user;
}

/** Who did it and from where, for the audit log. */
export function auditContext(user: { id: string } | null, context: AppLoadContext | undefined): AuditContext {
  return { actorUserId: user?.id ?? null, ip: clientIpOf(context) };
}

export function clientIpOf(context: AppLoadContext | undefined): string {
  return context?.ip || "unknown";
}
