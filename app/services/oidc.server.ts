// Single sign-on with the council's identity provider (Microsoft Entra ID, Google Workspace
// or any OpenID Connect provider): a remix-auth strategy on openid-client. The authorisation
// code flow with PKCE (S256), state and nonce, all three kept in a short-lived signed cookie
// scoped to the callback and checked by openid-client against what comes back. Who the
// person is, and whether they may sign in, is the model's (single-sign-on.server.ts).
//
// Configured by environment variables (README, "Single sign-on"); with no OIDC_ISSUER the
// portal offers only passwords.
import { createCookie, redirect } from "@remix-run/node";
import * as oidc from "openid-client";
import { Strategy } from "remix-auth/strategy";
import type { Role } from "../../db/schema";
import { appUrl } from "./app-url.server";

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** E-mail domains whose accounts may sign in (lower case); empty: any. */
  allowedDomains: string[];
  /** The claim holding the person's groups or roles at the provider, and which portal roles each value gives. */
  roleClaim: string | null;
  roleMap: Map<string, Role[]>;
  /** Shown on the button: "Sign in with your council account" unless set. */
  label: string;
}

/** Roles single sign-on may give: never administrator (only the portal gives that), never provider (not council staff). */
export const SSO_GRANTABLE_ROLES: readonly Role[] = ["officer", "panel", "viewer"];

/** "officer=ESI-Officers,panel=ESI-Panel;Health-Panel" → claim value → roles. */
function parseRoleMap(text: string): Map<string, Role[]> {
  const map = new Map<string, Role[]>();
  for (const pair of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [role, values] = pair.split("=").map((p) => p.trim());
    if (!values || !SSO_GRANTABLE_ROLES.includes(role as Role)) {
      throw new Error(`OIDC_ROLE_MAP: "${pair}" must be role=claim value, where the role is one of ${SSO_GRANTABLE_ROLES.join(", ")}`);
    }
    for (const value of values.split(";").map((v) => v.trim()).filter(Boolean)) map.set(value, [...(map.get(value) ?? []), role as Role]);
  }
  return map;
}

/** The configuration from the environment, or null when single sign-on is not set up. */
export function oidcConfig(env: NodeJS.ProcessEnv = process.env): OidcConfig | null {
  if (!env.OIDC_ISSUER) return null;
  if (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) throw new Error("OIDC_ISSUER is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too.");
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    allowedDomains: (env.OIDC_ALLOWED_DOMAINS ?? "").split(",").map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean),
    roleClaim: env.OIDC_ROLE_CLAIM?.trim() || null,
    roleMap: parseRoleMap(env.OIDC_ROLE_MAP ?? ""),
    label: env.OIDC_BUTTON_LABEL?.trim() || "Sign in with your council account",
  };
}

export const OIDC_CALLBACK_PATH = "/auth/oidc/callback";

/** The verified facts a sign-in brings: who, at which provider, and the claims it made. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  /** The values of the role claim (OIDC_ROLE_CLAIM), when configured. */
  groups: string[];
  /** The provider says it asked for a second factor (the ID token's amr includes "mfa"). */
  multiFactor: boolean;
}

const SECURE = process.env.NODE_ENV === "production" && process.env.COOKIE_SECURE !== "0";

/** State, nonce and PKCE verifier between the redirect out and the callback: ten minutes, signed, the callback only. */
const flowCookie = createCookie("__portal_oidc", {
  path: OIDC_CALLBACK_PATH, httpOnly: true, sameSite: "lax", secure: SECURE, maxAge: 600,
  secrets: (process.env.SESSION_SECRET ?? "development-only-session-secret-not-for-production").split(",").map((s) => s.trim()).filter(Boolean),
});

export const clearedFlowCookie = () => flowCookie.serialize("", { maxAge: 0, expires: new Date(0) });

// Discovery is fetched once per issuer and kept; a failure is tried again next time.
const discovered = new Map<string, Promise<oidc.Configuration>>();

function discover(config: OidcConfig): Promise<oidc.Configuration> {
  const key = `${config.issuer} ${config.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    // Plain http only for a provider on this machine (tests, a local IdP); never across a network.
    const local = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(config.issuer);
    found = oidc.discovery(new URL(config.issuer), config.clientId, config.clientSecret, oidc.ClientSecretBasic(config.clientSecret),
      local ? { execute: [oidc.allowInsecureRequests] } : undefined);
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found;
}

/**
 * The strategy: at /auth/oidc it throws the redirect to the provider; at the callback it
 * checks state, nonce and the code (with the PKCE verifier) and returns the identity.
 */
export class OidcStrategy extends Strategy<OidcIdentity, OidcIdentity> {
  name = "oidc";

  constructor(private readonly config: OidcConfig, private readonly redirectTo: string = "/") {
    super(async (identity) => identity);
  }

  async authenticate(request: Request): Promise<OidcIdentity> {
    const server = await discover(this.config);
    const callback = new URL(appUrl(OIDC_CALLBACK_PATH));
    const url = new URL(request.url);
    if (url.pathname !== OIDC_CALLBACK_PATH) {
      const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const to = oidc.buildAuthorizationUrl(server, {
        redirect_uri: callback.href, scope: "openid email profile", state, nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier), code_challenge_method: "S256",
      });
      const cookie = await flowCookie.serialize({ state, nonce, pkceCodeVerifier, redirectTo: this.redirectTo });
      throw redirect(to.href, { headers: { "Set-Cookie": cookie } });
    }
    const saved = (await flowCookie.parse(request.headers.get("Cookie"))) as { state?: string; nonce?: string; pkceCodeVerifier?: string } | null;
    if (!saved?.state || !saved.nonce || !saved.pkceCodeVerifier) throw new SsoFailure("expired");
    // The address the provider sent the browser back to, as APP_URL names it (never from request headers).
    const returned = new URL(`${callback.pathname}${url.search}`, callback.origin);
    let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      tokens = await oidc.authorizationCodeGrant(server, returned, {
        pkceCodeVerifier: saved.pkceCodeVerifier, expectedState: saved.state, expectedNonce: saved.nonce, idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError) throw new SsoFailure("refused", error.error);
      if (error instanceof oidc.ClientError) throw new SsoFailure("invalid", error.code ?? error.message);
      throw error;
    }
    const claims = tokens.claims();
    if (!claims) throw new SsoFailure("invalid", "no ID token");
    const claim = this.config.roleClaim ? claims[this.config.roleClaim] : undefined;
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof claims.email === "string" ? claims.email : null,
      emailVerified: claims.email_verified === true,
      name: typeof claims.name === "string" ? claims.name : null,
      groups: Array.isArray(claim) ? claim.filter((v): v is string => typeof v === "string") : typeof claim === "string" ? [claim] : [],
      multiFactor: Array.isArray(claims.amr) && claims.amr.includes("mfa"),
    };
  }
}

/** Where the callback's cookie said to go afterwards (a same-origin path, checked by the route). */
export async function flowRedirectTo(request: Request): Promise<unknown> {
  const saved = (await flowCookie.parse(request.headers.get("Cookie"))) as { redirectTo?: unknown } | null;
  return saved?.redirectTo;
}

/** Why the provider's answer could not be used: kept out of the page (the log has the detail). */
export class SsoFailure extends Error {
  constructor(public readonly kind: "expired" | "refused" | "invalid", detail?: string) {
    super(`Single sign-on failed (${kind}${detail ? `: ${detail}` : ""})`);
    this.name = "SsoFailure";
  }
}

/** The provider's sign-out page, when it has one: offered after signing out of the portal. */
export async function endSessionUrl(config: OidcConfig): Promise<string | null> {
  try {
    const server = await discover(config);
    if (!server.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(server, { client_id: config.clientId, post_logout_redirect_uri: appUrl("/sign-in") }).href;
  } catch {
    return null;
  }
}
