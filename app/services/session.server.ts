// The cookie session: the signed-in user's id and one-shot flash messages.
import { createCookieSessionStorage } from "@remix-run/node";

const isProduction = process.env.NODE_ENV === "production";

function sessionSecrets(): string[] {
  const secret = process.env.SESSION_SECRET;
  if (secret) return secret.split(",").map((s) => s.trim()).filter(Boolean);
  if (isProduction) {
    // Refuse to start: a guessable secret would let anyone forge a session.
    throw new Error("SESSION_SECRET must be set when NODE_ENV=production. Set it to a long random string.");
  }
  return ["development-only-session-secret-not-for-production"];
}

export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 8;

export const sessionStorage = createCookieSessionStorage({
  cookie: {
    name: "__portal_session",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    // COOKIE_SECURE=0 lets a production build run over plain HTTP on a private network.
    secure: isProduction && process.env.COOKIE_SECURE !== "0",
    secrets: sessionSecrets(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  },
});

export function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}

export type FlashMessage = { kind: "success" | "info"; text: string };

/** Sets a message to show once on the next page; returns the Set-Cookie header value. */
export async function flash(request: Request, message: FlashMessage): Promise<string> {
  const session = await getSession(request);
  session.flash("message", message);
  return sessionStorage.commitSession(session);
}
