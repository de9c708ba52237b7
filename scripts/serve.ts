// The production server: Express serving the built Remix app and its static files. In
// front of the portal: a log line per request, security headers and request-body limits
// (app/http/edge.server.ts), and pages kept as rendered (app/http/kept-pages.server.ts);
// every route behind the gate (app/http/gate.server.ts: forgery, control characters); the
// client's address and the page's CSP nonce passed to loaders and actions.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import expressStaticGzip from "express-static-gzip";
import { getDb } from "../db/client";
import { checkOrigin, limitRequestBodies, logRequests, securityHeaders, type BodyLimits } from "../app/http/edge.server";
import { portalOriginOf } from "../app/http/forgery.server";
import { gateRoutes } from "../app/http/gate.server";
import { getSettings } from "../app/models/admin/settings.server";
import { pdfThreadMemoryMb } from "../app/profiles/pdf-pool.server";
import { serveKeptPages, type KeptPageKey } from "../app/http/kept-pages.server";
import { getSignedInUser } from "../app/http/guards.server";
import { changeSeq, forgetKeptProfiles } from "../app/models/profiles/results.server";
import { appBaseUrl } from "../app/services/app-url.server";
import { JOB_HANDLERS } from "../app/jobs/handlers.server";
import { createWorker } from "../app/jobs/worker.server";

/** The portal's folder: the nearest above this file with a package.json (this runs from scripts/, or compiled from build/server/). */
function portalRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("The portal's package.json was not found above the server's code.");
    dir = up;
  }
  return dir;
}

const root = portalRoot();

/** Text typed into a form is never larger than this (the upload reader's own cap). */
const TEXT_BYTES = 2 * 1024 * 1024;

/** The body limits, from the upload size setting; read at most once a minute. */
function bodyLimits(): () => Promise<BodyLimits> {
  let cached: { at: number; limits: BodyLimits } | null = null;
  return async () => {
    if (cached && Date.now() - cached.at < 60_000) return cached.limits;
    const settings = await getSettings(getDb());
    cached = { at: Date.now(), limits: { urlencodedBytes: TEXT_BYTES, multipartBytes: settings.max_upload_bytes + TEXT_BYTES } };
    return cached.limits;
  };
}

/**
 * V8 lets a heap grow past what is live before it collects, by a factor that rises with the
 * heap's limit: with the limit a machine with memory to spare gives (4 GB) garbage piled up to
 * four times what was live. Side by side under the bench's load, the server peaked at 290-330
 * MB as V8 left it, and at 375 MB with a PDF thread; held to 1.4, at 235 MB and 315 MB, for
 * about a fifth more CPU on a page (1.3 cost a profile up to 70 % more). The factor is the
 * process's: the PDF threads' small heaps (PDF_THREAD_MEMORY_MB), which V8 would let grow by
 * 1.3 at most, grow by 1.4 too, within their limit. A heap limit on the command line
 * (--max-old-space-size) would cut the server's factor as well, but would override the
 * threads' limits with its own.
 */
const HEAP_GROWING_PERCENT = 40;

/** Collect sooner, unless node's command line says how soon (0: as V8 would by itself). */
function collectGarbageSooner(): void {
  if (process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent/.test(arg))) return;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

export async function startServer(options: { port: number; host: string }) {
  process.env.NODE_ENV ??= "production";
  collectGarbageSooner();
  // Links in e-mails are built from APP_URL alone: refuse to start without it in production.
  const baseUrl = appBaseUrl();
  // Refuse to start with a PDF thread memory limit that is not a number, not at the first PDF.
  pdfThreadMemoryMb();
  // Every route behind the gate: addresses and forms checked, forged forms refused.
  const built = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
  // This build may work figures out differently from the one that kept them.
  await forgetKeptProfiles(getDb());
  const build = gateRoutes(built);
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, set TRUST_PROXY (e.g. "1" or "loopback") so req.ip is the client's.
  if (process.env.TRUST_PROXY) {
    const value = process.env.TRUST_PROXY;
    app.set("trust proxy", /^\d+$/.test(value) ? Number(value) : value);
  }
  app.use(logRequests({ trustProxyId: !!process.env.TRUST_PROXY }));
  app.use(securityHeaders({ hsts: baseUrl.startsWith("https://") }));
  // Built files never change under their names: sent as built, Brotli or gzip copies made by
  // `npm run build` (scripts/precompress.ts) where the browser takes them.
  app.use("/build", expressStaticGzip(path.join(root, "public/build"), {
    enableBrotli: true, orderPreference: ["br", "gz"], serveStatic: { immutable: true, maxAge: "1y" },
  }));
  // A build file that is not there (an old page asking for last release's file) is a plain
  // 404 that nobody caches, not a portal page cached for a year.
  app.use("/build", (_req, res) => void res.status(404).set("Cache-Control", "no-store").type("text/plain").send("Not found"));
  // The other files in public/ (favicon.ico) all have an extension; a page's address never
  // does, so it goes straight to the portal instead of to a look on disk first.
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));
  // Pages, JSON and files made per request, compressed as sent: Brotli (at its quick level 4)
  // or gzip, as the browser accepts.
  app.use(compression());
  app.use(limitRequestBodies(bodyLimits()));
  app.use(checkOrigin(portalOriginOf));
  // A page kept as rendered, for the same session, address, minute and state of the portal.
  app.use(serveKeptPages({
    changeSeq: () => changeSeq(getDb()),
    sessionIsLive: async (cookie) => (await getSignedInUser(new Request(baseUrl, { headers: { cookie } }))) !== null,
  }));
  app.all("*", createRequestHandler({
    build,
    getLoadContext: (req, res) => ({
      ip: req.ip ?? "unknown",
      cspNonce: String(res.locals.cspNonce ?? ""),
      requestId: String(res.locals.requestId ?? ""),
      fromPortal: typeof res.locals.fromPortal === "boolean" ? res.locals.fromPortal : undefined,
      keptPageKey: res.locals.keptPageKey as KeptPageKey | undefined,
    }),
  }));
  // Background jobs: every server takes its share unless WORKER=0 (then run `npm run worker`).
  if (process.env.WORKER !== "0") {
    const worker = createWorker(getDb(), { handlers: JOB_HANDLERS });
    worker.start();
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void worker.stop().finally(() => process.exit(0)));
  }
  return new Promise<import("node:http").Server>((resolve) => {
    const server = app.listen(options.port, options.host, () => {
      // Under `npm run dev` (remix dev restarts this server on each rebuild): say it is ready.
      if (process.env.NODE_ENV === "development") void broadcastDevReady(built);
      resolve(server);
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  startServer({ port, host })
    .then(() => console.log(`Portal listening on http://${host === "0.0.0.0" ? "localhost" : host}:${port}`))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
