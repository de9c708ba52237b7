// The portal measured as people meet it: the built server (`npm run build`, run as `npm start`
// runs it) answering over HTTP, loaded with autocannon. Its CPU time, memory and event-loop
// delay come from inside the server (bench/server-probe.mjs, preloaded with --import and
// read over IPC), so CPU per request is the server's own work, whatever the load generator
// beside it on the same cores costs.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
import { median as medianOf } from "../app/models/profiles/trends";
import { DEMO_PASSWORD } from "../demo/constants";

export interface ProbeReading {
  cpuMicros: number;
  rssBytes: number;
  peakRssBytes: number;
  loop: { maxMs: number; p99Ms: number; meanMs: number };
}

const PROBE = path.resolve("bench/server-probe.mjs");

/** The compiled portal server with the probe loaded, on 127.0.0.1:port, its log in a file. */
export class BenchServer {
  private nextProbe = 1;
  private readonly pending = new Map<number, (reading: ProbeReading) => void>();

  private constructor(private readonly child: ChildProcess, readonly baseUrl: string, readonly logFile: string) {
    child.on("message", (message: ProbeReading & { type?: string; id?: number }) => {
      if (message?.type !== "probe" || message.id === undefined) return;
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  static async start(env: Record<string, string>, port: number): Promise<BenchServer> {
    if (!fs.existsSync("build/server/serve.js")) throw new Error("No compiled server in build/server: run `npm run build` first.");
    const logFile = path.join(os.tmpdir(), `portal-bench-server-${port}.log`);
    const log = fs.openSync(logFile, "w");
    // Its request log goes to a file, as a production server's goes to its journal: written,
    // not read by anyone on these cores while the bench runs.
    const child = fork("build/server/serve.js", [], {
      execArgv: ["--import", PROBE],
      env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", log, log, "ipc"],
    });
    fs.closeSync(log);
    const server = new BenchServer(child, `http://127.0.0.1:${port}`, logFile);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The portal server exited (${child.exitCode}):\n${fs.readFileSync(logFile, "utf8")}`);
      try {
        const response = await fetch(`${server.baseUrl}/healthz`);
        if (response.ok) return server;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`The portal server did not answer within 30 s:\n${fs.readFileSync(logFile, "utf8")}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The server's CPU time so far, its memory, and its event-loop delay since the last reset. */
  probe(reset = false): Promise<ProbeReading> {
    const id = this.nextProbe++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ type: "probe", id, reset });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(this.logFile, { force: true });
  }
}

/** The cookies a first visit to a page sets, as a browser keeps them for the next. */
export async function visitorCookie(baseUrl: string, pathname: string): Promise<string> {
  const response = await fetch(`${baseUrl}${pathname}`);
  await response.body?.cancel();
  return response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

/** Signs a demo user in as a browser without JavaScript would, and returns the session cookie. */
export async function signIn(baseUrl: string, email: string): Promise<string> {
  const page = await fetch(`${baseUrl}/sign-in`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(";")[0]);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookies.join("; "), "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/", _csrf: token }),
  });
  if (response.status !== 302) throw new Error(`Signing in as ${email} answered ${response.status}`);
  const jar = new Map(cookies.map((c) => [c.split("=")[0], c] as const));
  for (const set of response.headers.getSetCookie()) jar.set(set.split("=")[0], set.split(";")[0]);
  return [...jar.values()].join("; ");
}

export interface LoadResult {
  requestsPerSecond: number;
  cpuMsPerRequest: number;
  p50Ms: number;
  p99Ms: number;
}

/** As a browser asks: compressed answers accepted. */
const BROWSER = { "accept-encoding": "br, gzip" };

/** One page under load: 10 connections for `seconds`, every answer a 200. */
export async function load(server: BenchServer, pathname: string, cookie: string, seconds: number): Promise<LoadResult> {
  const before = await server.probe();
  const result = await autocannon({
    url: `${server.baseUrl}${pathname}`,
    connections: 10,
    duration: seconds,
    headers: { ...BROWSER, cookie },
    // "[<id>]" in the address becomes a new id for each request.
    idReplacement: true,
  });
  const after = await server.probe();
  const ok = result["2xx"];
  if (result.non2xx || result.errors || result.timeouts || ok === 0) {
    throw new Error(`${pathname}: ${ok} answered 200, ${result.non2xx} did not, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return {
    requestsPerSecond: ok / result.duration,
    cpuMsPerRequest: (after.cpuMicros - before.cpuMicros) / 1000 / ok,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

export interface Sized {
  status: number;
  rawBytes: number;
  sentBytes: number;
  ms: number;
}

/** A page's size as built and as sent gzipped, and how long one request took. */
export function sizeOf(baseUrl: string, pathname: string, cookie: string): Promise<Sized> {
  const url = new URL(pathname, baseUrl);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    http.get({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers: { cookie, "accept-encoding": "gzip" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const body = Buffer.concat(chunks);
        const raw = response.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(body) : body;
        resolve({ status: response.statusCode ?? 0, rawBytes: raw.length, sentBytes: body.length, ms: performance.now() - start });
      });
    }).on("error", reject);
  });
}

/** The portal's own median (the trend's), over samples that are never empty. */
export const median = (values: number[]): number => medianOf(values) ?? Number.NaN;

async function timedGet(baseUrl: string, pathname: string, cookie: string): Promise<number> {
  const sized = await sizeOf(baseUrl, pathname, cookie);
  if (sized.status !== 200) throw new Error(`${pathname} answered ${sized.status}`);
  return sized.ms;
}

export interface PdfResult {
  pdfMs: number;
  trivialAloneMs: number;
  trivialDuringPdfMs: number;
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
}

/**
 * The profile PDF on its own, then a trivial page asked for one request after another while
 * PDFs render back to back: how much longer it waits, and how long the server's event loop
 * was held (monitorEventLoopDelay, inside the server).
 */
export async function measurePdf(server: BenchServer, trivial: string, pdf: string, cookie: string): Promise<PdfResult> {
  const { baseUrl } = server;
  for (let i = 0; i < 3; i += 1) await timedGet(baseUrl, pdf, cookie);
  const pdfTimes: number[] = [];
  for (let i = 0; i < 10; i += 1) pdfTimes.push(await timedGet(baseUrl, pdf, cookie));
  const alone: number[] = [];
  for (let i = 0; i < 60; i += 1) alone.push(await timedGet(baseUrl, trivial, cookie));

  await server.probe(true);
  let rendering = true;
  let renders = 0;
  const renderer = (async () => {
    while (rendering) {
      await timedGet(baseUrl, pdf, cookie);
      renders += 1;
    }
  })();
  const during: number[] = [];
  const until = performance.now() + 5_000;
  while (performance.now() < until || renders < 5) during.push(await timedGet(baseUrl, trivial, cookie));
  rendering = false;
  await renderer;
  const reading = await server.probe();
  return {
    pdfMs: median(pdfTimes),
    trivialAloneMs: median(alone),
    trivialDuringPdfMs: median(during),
    loopDelayMaxMs: reading.loop.maxMs,
    loopDelayP99Ms: reading.loop.p99Ms,
  };
}
