// What the server sends over the wire: pages and JSON compressed as they are sent, built
// scripts and stylesheets sent from the Brotli or gzip copies made at build time (and as
// built to a client that takes neither), and files that are already compressed (PDF) left
// alone. Checked with raw HTTP requests, so the bytes on the wire are what is asserted.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, test } from "vitest";
import { inject } from "vitest";
import { pageScriptBytes, readManifest, scriptsOf, scriptText } from "../../bench/build-manifest";
import { httpClient } from "./http-client";

const { baseUrl } = inject("e2e");
const available = !!inject("e2e").chromiumPath;
const { client, signedIn } = httpClient(baseUrl, "2001:db8::de1:1");

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(pathname: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    http.get({ host: url.hostname, port: url.port, path: pathname, headers: { ...client, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

function decoded(r: Raw): Buffer {
  const encoding = r.headers["content-encoding"];
  return encoding === "br" ? zlib.brotliDecompressSync(r.body) : encoding === "gzip" ? zlib.gunzipSync(r.body) : r.body;
}

/** The built files the home page asks for: its stylesheet and its entry script. */
async function builtAssets(): Promise<{ css: string; js: string }> {
  const html = decoded(await get("/")).toString();
  return {
    css: /href="(\/build\/_assets\/[^"]+\.css)"/.exec(html)![1],
    js: /\/build\/entry\.client-[A-Za-z0-9]+\.js/.exec(html)![0],
  };
}

describe.skipIf(!available)("what goes over the wire", () => {
  test("a page is sent compressed with Brotli or gzip, as the browser accepts, and whole without either", async () => {
    const br = await get("/", { "Accept-Encoding": "br, gzip" });
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    const html = decoded(br).toString();
    expect(html).toContain("<html");
    const gz = await get("/", { "Accept-Encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(decoded(gz).toString()).toContain("<html");
    const plain = await get("/", { "Accept-Encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toContain("<html");
    // Several times smaller on the wire.
    expect(br.body.length * 3).toBeLessThan(plain.body.length);
  });

  test("a signed-in page's data (JSON) is compressed too, and stays private", async () => {
    const officer = await signedIn("officer@demo.example");
    const r = await get("/profiles?_data=routes%2Fprofiles._index", { Cookie: officer.cookie, "Accept-Encoding": "br" });
    expect(r.status).toBe(200);
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["cache-control"]).toMatch(/no-store|private/);
    expect(JSON.parse(decoded(r).toString())).toHaveProperty("county");
  });

  test("built scripts and stylesheets come from the copies made at build time, cached for good", async () => {
    const { css, js } = await builtAssets();
    for (const asset of [css, js]) {
      const onDisk = fs.readFileSync(path.join("public", asset));
      const br = await get(asset, { "Accept-Encoding": "br, gzip" });
      expect(br.status).toBe(200);
      expect(br.headers["content-encoding"]).toBe("br");
      expect(br.headers["cache-control"]).toContain("immutable");
      // The very bytes written at build time, decoding to the file as built.
      expect(br.body.equals(fs.readFileSync(path.join("public", `${asset}.br`)))).toBe(true);
      expect(decoded(br).equals(onDisk)).toBe(true);
      const gz = await get(asset, { "Accept-Encoding": "gzip" });
      expect(gz.headers["content-encoding"]).toBe("gzip");
      expect(decoded(gz).equals(onDisk)).toBe(true);
      const plain = await get(asset, { "Accept-Encoding": "identity" });
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body.equals(onDisk)).toBe(true);
    }
    expect((await get(css, { "Accept-Encoding": "br" })).headers["content-type"]).toMatch(/^text\/css/);
    expect((await get(js, { "Accept-Encoding": "br" })).headers["content-type"]).toMatch(/javascript/);
  });

  test("the return's section forms send under 100 KB of script, gzipped as sent, and no zod", async () => {
    for (const section of ["outputs", "outcomes", "spend", "beneficiaries", "narrative", "case-studies", "evidence"]) {
      const route = `routes/returns.$returnId.${section}`;
      expect(pageScriptBytes(route), section).toBeLessThanOrEqual(100 * 1024);
      // zod validates on the server; in the browser it would be about 90 KB more.
      for (const s of scriptsOf(route)) expect(scriptText(s), `${section}: ${s}`).not.toContain("ZodFirstPartyTypeKind");
    }
  });

  test("no page carries zod to the browser: every schema is in a .server module", () => {
    const manifest = readManifest();
    const routes = Object.keys(manifest.routes);
    expect(routes.length).toBeGreaterThan(100);
    for (const route of routes) {
      for (const s of scriptsOf(route, manifest)) expect(scriptText(s), `${route}: ${s}`).not.toContain("ZodFirstPartyTypeKind");
    }
  });

  test("profile PDFs are laid out off the server's event loop: a page asked for meanwhile is answered first, and PDFs that queue for a thread are all made", async () => {
    const officer = await signedIn("officer@demo.example");
    const finished: string[] = [];
    // More than the threads (one less than the cores) lay out at once: the rest wait their turn.
    const pdfs = [1, 2, 3, 4].map((n) =>
      get("/profiles/district-chorley/profile.pdf?quarter=2026-27%20Q2", { Cookie: officer.cookie }).then((r) => {
        finished.push(`pdf ${n}`);
        return r;
      }),
    );
    // Asked for just after: with the PDFs laid out on the event loop, this would wait for them.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const health = await get("/healthz").then((r) => {
      finished.push("healthz");
      return r;
    });
    expect(health.status).toBe(200);
    for (const r of await Promise.all(pdfs)) {
      expect(r.status).toBe(200);
      expect(r.body.subarray(0, 5).toString()).toBe("%PDF-");
    }
    expect(finished).toHaveLength(5);
    expect(finished.at(-1)).toMatch(/^pdf /);
    expect(finished.indexOf("healthz")).toBeLessThan(4);
  });

  test("a PDF, already compressed, is sent as it is", async () => {
    const officer = await signedIn("officer@demo.example");
    const r = await get("/profiles/district-chorley/profile.pdf?quarter=2026-27%20Q2", { Cookie: officer.cookie, "Accept-Encoding": "br, gzip" });
    expect(r.status).toBe(200);
    expect(r.headers["content-encoding"]).toBeUndefined();
    expect(r.body.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
