// Plain HTTP against a running portal, as a person's browser would send it without
// JavaScript: a cookie jar, pages read as HTML, forms posted with their forgery token and
// the portal's Origin. Each client says which address it comes from (the test servers
// trust their loopback proxy), so its sign-ins are throttled apart from other tests'.
import { expect } from "vitest";
import { DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD } from "../../demo/constants";
import { msToNextStep, totpCode } from "../helpers/totp";

export interface Visitor {
  cookie: string;
}

/** The cookies a response set, as a Cookie header, merged over earlier ones. */
function mergeCookies(previous: string, response: Response): string {
  const jar = new Map(previous.split("; ").filter(Boolean).map((c) => [c.split("=")[0], c] as const));
  for (const set of response.headers.getSetCookie()) {
    const pair = set.split(";")[0];
    jar.set(pair.split("=")[0], pair);
  }
  return [...jar.values()].join("; ");
}

export const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

const decode = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The named text and hidden inputs and checked choices of a page's forms, and their values (what a browser would send). */
export function inputsIn(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const type = /\btype="([^"]*)"/.exec(tag)?.[1] ?? "text";
    // Radios and checkboxes send their value only when checked, as a browser does.
    const chosen = (type === "radio" || type === "checkbox") && /\bchecked\b/.test(tag);
    if (!name || (!["text", "hidden", "email", "number"].includes(type) && !chosen)) continue;
    fields[decode(name)] = decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "");
  }
  return fields;
}

/**
 * A client of the server at baseUrl. `origin` is the portal's public address (APP_URL), which
 * differs from baseUrl when this is one of several servers behind one address.
 */
export function httpClient(baseUrl: string, forwardedFor: string, origin = new URL(baseUrl).origin) {
  const client = { "X-Forwarded-For": forwardedFor };

  async function page(visitor: Visitor, path: string): Promise<{ response: Response; html: string }> {
    const response = await fetch(`${baseUrl}${path}`, { headers: { Cookie: visitor.cookie, ...client }, redirect: "manual" });
    visitor.cookie = mergeCookies(visitor.cookie, response);
    return { response, html: await response.text() };
  }

  async function post(visitor: Visitor, path: string, fields: Record<string, string>, headers: Record<string, string> = { Origin: origin }): Promise<Response> {
    const response = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { Cookie: visitor.cookie, "Content-Type": "application/x-www-form-urlencoded", ...client, ...headers },
      redirect: "manual",
    });
    visitor.cookie = mergeCookies(visitor.cookie, response);
    return response;
  }

  async function signedIn(email: string): Promise<Visitor> {
    const visitor = { cookie: "" };
    const { html } = await page(visitor, "/sign-in");
    const response = await post(visitor, "/sign-in", { email, password: DEMO_PASSWORD, redirectTo: "/", _csrf: tokenIn(html) });
    expect(response.status).toBe(302);
    if (response.headers.get("Location") === "/sign-in/two-step") {
      // The demo administrator's second step; a code works once, so a used one waits for the next.
      for (let attempt = 0; attempt < 3; attempt++) {
        const step = await page(visitor, "/sign-in/two-step");
        const answer = await post(visitor, "/sign-in/two-step", { code: totpCode(DEMO_ADMIN_TOTP_SECRET), _csrf: tokenIn(step.html) });
        if (answer.status === 302) return visitor;
        expect(await answer.text()).toContain("already been used");
        await new Promise((resolve) => setTimeout(resolve, msToNextStep() + 200));
      }
      throw new Error(`Signing in as ${email}: every two-step code was refused`);
    }
    return visitor;
  }

  return { origin, client, page, post, signedIn };
}
