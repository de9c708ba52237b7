// A real OpenID Connect provider for the tests (oidc-provider, the certified implementation),
// in this process on http://127.0.0.1:<port>. Its login page asks only which account to be
// (a "Login" field), so a browser test or a fetch can sign in as any account the test set up,
// with the e-mail, verification and groups the test chose.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import Provider, { type Adapter, type AdapterPayload } from "oidc-provider";

export interface TestAccount {
  email: string;
  email_verified: boolean;
  name: string;
  groups?: string[];
  /** The provider asked this person for a second factor too (amr: pwd, mfa). */
  mfa?: boolean;
}

export interface TestIdp {
  issuer: string;
  accounts: Map<string, TestAccount>;
  close: () => Promise<void>;
}

/** A Map adapter: the provider's default one prints a warning on every start. */
function memoryAdapter() {
  const store = new Map<string, AdapterPayload>();
  return class MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {}
    private key(id: string) { return `${this.model}:${id}`; }
    async upsert(id: string, payload: AdapterPayload) {
      store.set(this.key(id), payload);
      if (this.model === "Session" && payload.uid) store.set(`sessionUid:${payload.uid}`, { id } as AdapterPayload);
    }
    async find(id: string) { return store.get(this.key(id)); }
    async findByUid(uid: string) { const ref = store.get(`sessionUid:${uid}`) as { id?: string } | undefined; return ref?.id ? this.find(ref.id) : undefined; }
    async findByUserCode() { return undefined; }
    async consume(id: string) { const p = store.get(this.key(id)); if (p) p.consumed = Math.floor(Date.now() / 1000); }
    async destroy(id: string) { store.delete(this.key(id)); }
    async revokeByGrantId(grantId: string) { for (const [k, v] of store) if (v?.grantId === grantId) store.delete(k); }
  };
}

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

export async function startTestIdp(options: { clientId: string; clientSecret: string; redirectUris: string[]; postLogoutRedirectUris?: string[]; accounts: Record<string, TestAccount> }): Promise<TestIdp> {
  const accounts = new Map(Object.entries(options.accounts));
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    jwks: { keys: [{ ...jwk, kid: "test", use: "sig", alg: "RS256" } as never] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    clients: [{
      client_id: options.clientId, client_secret: options.clientSecret, redirect_uris: options.redirectUris,
      post_logout_redirect_uris: options.postLogoutRedirectUris ?? [], grant_types: ["authorization_code"], response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    }],
    pkce: { required: () => true, methods: ["S256"] },
    scopes: ["openid", "email", "profile"],
    // amr with the openid scope: Entra ID puts it in every ID token, where oidc-provider would only on request.
    claims: { acr: null, auth_time: null, sid: null, openid: ["sub", "amr"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    // The claims in the ID token itself, as Entra ID and Google put them.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => { ctx.body = page("Sign out", `${form}<button form="op.logoutForm" type="submit" name="logout" value="yes">Sign out</button>`); },
        postLogoutSuccessSource: (ctx) => { ctx.body = page("Signed out", ""); },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (ctx, out) => { ctx.type = "json"; ctx.body = out; },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      const { mfa: _mfa, ...claims } = account;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  });

  const callback = provider.callback();
  handler = async (req, res) => {
    if (!/^\/interaction\/[^/?]+/.test(req.url ?? "")) return callback(req, res);
    try {
      let login = new URL(req.url!, issuer).searchParams.get("login");
      if (!login && req.method === "POST") {
        let body = "";
        for await (const chunk of req) body += chunk;
        login = new URLSearchParams(body).get("login");
      }
      const details = await provider.interactionDetails(req, res);
      if (!login) {
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        res.end(page("Test identity provider", `<form method="post" action="/interaction/${details.uid}"><label for="login">Login</label> <input id="login" name="login"> <button type="submit">Sign in</button></form>`));
        return;
      }
      if (!accounts.has(login)) { res.statusCode = 400; res.end("unknown account"); return; }
      const mfa = accounts.get(login)!.mfa === true;
      const grant = new provider.Grant({ accountId: login, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: login, amr: mfa ? ["pwd", "mfa"] : ["pwd"] }, consent: { grantId } }, { mergeWithLastSubmission: false });
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  };

  return {
    issuer,
    accounts,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
