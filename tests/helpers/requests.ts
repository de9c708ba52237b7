// Calling loaders and actions the way Remix does: a real Request, route params, and the
// load context the server would give. Users are made here and signed in by cookie.
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import type { Role } from "../../db/schema";
import { hashPassword } from "~/services/passwords.server";
import { currentSession, startSession, takeFlash, type FlashMessage } from "~/services/session.server";
import { newId, nowIso } from "~/lib/ids.server";

export const BASE = "http://portal.test";
export const TEST_IP = "192.0.2.10";

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

let counter = 0;

export async function createTestUser(options: {
  roles: Role[];
  organisationId?: string | null;
  districtIds?: string[];
  countyWide?: boolean;
  email?: string;
  password?: string;
  name?: string;
  active?: boolean;
}): Promise<TestUser> {
  const db = getDb();
  counter += 1;
  const id = newId();
  const email = (options.email ?? `user${counter}-${id.slice(0, 8)}@test.example`).toLowerCase();
  const password = options.password ?? "correct horse battery";
  const now = nowIso();
  await db
    .insertInto("users")
    .values({
      id, email, name: options.name ?? `Test User ${counter}`, password_hash: await hashPassword(password),
      organisation_id: options.organisationId ?? null, county_wide: options.countyWide ? 1 : 0,
      is_active: options.active === false ? 0 : 1, failed_sign_ins: 0, locked_until: null, last_sign_in_at: null,
      created_at: now, updated_at: now, version: 1,
    })
    .execute();
  if (options.roles.length) await db.insertInto("user_roles").values(options.roles.map((role) => ({ user_id: id, role }))).execute();
  if (options.districtIds?.length) {
    await db.insertInto("user_districts").values(options.districtIds.map((district_id) => ({ user_id: id, district_id }))).execute();
  }
  return { id, email, password };
}

const sessions = new Map<string, string>();

/**
 * A signed-in session for the user, as the cookie a browser would send. One session per
 * user is kept for the test file, and started again when something ended it.
 */
export async function sessionCookie(user: { id: string } | null): Promise<string> {
  if (!user) return "";
  const known = sessions.get(user.id);
  if (known && (await currentSession(new Request(BASE, { headers: { Cookie: known } })))) return known;
  const cookie = (await startSession(getDb(), user.id, { ip: TEST_IP, userAgent: "test" })).split(";")[0];
  sessions.set(user.id, cookie);
  return cookie;
}

type Fields = Record<string, string | string[] | File>;

export function toFormData(fields: Fields): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const v of value) form.append(key, v);
    else form.append(key, value);
  }
  return form;
}

/** A GET for a loader, signed in as the user (or signed out with null), with any other headers a browser would send. */
export async function getRequest(path: string, user: { id: string } | null = null, sent: Record<string, string> = {}): Promise<Request> {
  const headers = new Headers(sent);
  if (user) headers.set("Cookie", await sessionCookie(user));
  return new Request(`${BASE}${path}`, { headers });
}

/** A form POST for an action. */
export async function postRequest(path: string, fields: Fields, user: { id: string } | null = null, cookie?: string): Promise<Request> {
  const headers = new Headers();
  const c = cookie ?? (user ? await sessionCookie(user) : undefined);
  if (c) headers.set("Cookie", c);
  return new Request(`${BASE}${path}`, { method: "POST", body: toFormData(fields), headers });
}

export const context: AppLoadContext = { ip: TEST_IP };

type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;

/**
 * Runs a loader or action and returns its Response, whether it returned one or threw one
 * (redirects, 403s and 404s are thrown).
 */
export async function run(fn: Loader | Action, request: Request, params: Record<string, string> = {}, ctx = context): Promise<Response> {
  try {
    const result = await fn({ request, params, context: ctx });
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result ?? null), { status: 200, headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function jsonOf<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** The cookies a response set (session, flash), to carry into the next request. */
export function cookieFrom(response: Response): string | undefined {
  const pairs = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  return pairs.length ? pairs.join("; ") : undefined;
}

/** The one-page message a response left for the next page. */
export async function flashedMessage(response: Response): Promise<FlashMessage | undefined> {
  const cookie = cookieFrom(response);
  if (!cookie) return undefined;
  const { data } = await takeFlash(new Request(BASE, { headers: { Cookie: cookie } }));
  return data.message as FlashMessage | undefined;
}
