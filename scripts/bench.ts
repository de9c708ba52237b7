// npm run bench – the portal's speed, measured as served: the built server on the demo data
// and on the bench generator's data at 10× and 30× the demo's projects, each in a database of
// its own (bench/bench-database.ts). Pages are loaded with autocannon (10 connections),
// interleaved in rounds so a busy moment weighs on every page alike, and judged by ratios and
// by the server's CPU per request rather than by wall time alone. Prints the table with each
// target and verdict, writes it as JSON (bench/latest.json, or --json <file>), and exits 1
// when a target is missed. `--no-build` uses the build already there.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { seedDemoData } from "../demo/seed";
import { DEMO_DISTRICTS } from "../demo/constants";
import { createBenchDatabase } from "../bench/bench-database";
import { BENCH_QUARTER, generateCountyData } from "../bench/county-data";
import { pageScriptBytes } from "../bench/build-manifest";
import { BenchServer, load, measurePdf, median, signIn, sizeOf, visitorCookie, type LoadResult, type PdfResult } from "../bench/http.bench";
import { freePort } from "../tests/e2e/server";

const args = process.argv.slice(2);
const jsonFile = args.includes("--json") ? args[args.indexOf("--json") + 1] : "bench/latest.json";
const ROUNDS = 3;
const SECONDS = 5;
const q = encodeURIComponent(BENCH_QUARTER);
// A page asked for again is served as kept (app/http/kept-pages.server.ts) while nothing
// changes; "afresh", each request's address is new ([<id>], filled in by autocannon), so each
// is rendered as a first view, or a view after a change, is.
const PAGES = {
  trivial: { path: "/accessibility", signedIn: false },
  profile: { path: `/profiles/district-chorley?quarter=${q}`, signedIn: true },
  county: { path: `/profiles?quarter=${q}`, signedIn: true },
  profileAfresh: { path: `/profiles/district-chorley?quarter=${q}&afresh=[<id>]`, signedIn: true },
  countyAfresh: { path: `/profiles?quarter=${q}&afresh=[<id>]`, signedIn: true },
} as const;
type PageName = keyof typeof PAGES;
const PDF = `/profiles/district-chorley/profile.pdf?quarter=${q}`;
const OFFICER = "officer@demo.example";
/** The demo's projects are 1×; the generator adds projects to each of its districts for 10× and 30×. */
const SCALES = [1, 10, 30] as const;

interface ScaleResult {
  scale: number;
  projects: number;
  pages: Record<PageName, LoadResult & { rounds: LoadResult[] }>;
  html: Record<"profile" | "county", { rawBytes: number; sentBytes: number }>;
  idleRssBytes: number;
  peakRssBytes: number;
}

async function countProjects(db: Db): Promise<number> {
  const row = await db.selectFrom("projects").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A database holding the demo and, past 1×, generated projects spread over its districts. */
async function prepare(scale: number, demoProjects: number | null) {
  const database = await createBenchDatabase();
  const db = createDb(database.url);
  await migrateToLatest(db);
  await seedDemoData(db, { withTenders: true });
  const demo = demoProjects ?? (await countProjects(db));
  if (scale > 1) {
    const districtIds = DEMO_DISTRICTS.map(([slug]) => `district-${slug}`);
    const perDistrict = Math.round((demo * scale - demo) / districtIds.length);
    await generateCountyData(db, { districtIds, projectsPerDistrict: perDistrict });
  }
  return { database, db, demo, projects: await countProjects(db) };
}

async function serve(databaseUrl: string) {
  const port = await freePort();
  const outbox = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-outbox-"));
  const server = await BenchServer.start({
    DATABASE_URL: databaseUrl,
    APP_URL: `http://127.0.0.1:${port}`,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    COOKIE_SECURE: "0",
    MAIL_OUTBOX_DIR: outbox,
  }, port);
  return { server, outbox };
}

/** The pages in rounds: each page in turn for SECONDS, ROUNDS times; the median round per page. */
async function measurePages(server: BenchServer, cookie: string): Promise<ScaleResult["pages"]> {
  // Someone not signed in still keeps the cookies their first visit set, as a browser does.
  const visitor = await visitorCookie(server.baseUrl, PAGES.trivial.path);
  const cookieFor = (name: PageName) => (PAGES[name].signedIn ? cookie : visitor);
  // Warm: compiled code, kept figures and caches as a running portal has them (the first
  // county view works out and keeps every district's figures, which can take seconds).
  for (const name of Object.keys(PAGES) as PageName[]) {
    for (let i = 0; i < 5; i += 1) await sizeOf(server.baseUrl, PAGES[name].path, cookieFor(name));
  }
  const rounds = Object.fromEntries(Object.keys(PAGES).map((name) => [name, [] as LoadResult[]])) as Record<PageName, LoadResult[]>;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const name of Object.keys(PAGES) as PageName[]) rounds[name].push(await load(server, PAGES[name].path, cookieFor(name), SECONDS));
  }
  const summary = (list: LoadResult[]) => ({
    requestsPerSecond: median(list.map((r) => r.requestsPerSecond)),
    cpuMsPerRequest: median(list.map((r) => r.cpuMsPerRequest)),
    p50Ms: median(list.map((r) => r.p50Ms)),
    p99Ms: median(list.map((r) => r.p99Ms)),
    rounds: list,
  });
  return Object.fromEntries(Object.entries(rounds).map(([name, list]) => [name, summary(list)])) as ScaleResult["pages"];
}

interface PackResult {
  /** The median of the builds, request to ready. */
  ms: number;
  builds: number[];
  status: string;
}

/** The builds timed: one is at the mercy of a busy moment, as a page's single round would be. */
const PACK_BUILDS = 3;

/**
 * An officer asks for a draft county pack, timed from the request until the pack is ready;
 * PACK_BUILDS times, one after another (each a new pack, built from the data in a new child
 * process, as every pack is), and the median kept.
 */
async function timeCountyPack(server: BenchServer, db: Db, cookie: string): Promise<PackResult> {
  const builds: number[] = [];
  for (let i = 0; i < PACK_BUILDS; i += 1) {
    const built = await timeOnePack(server, db, cookie);
    if (built.status !== "done") return { ms: built.ms, builds: [...builds, built.ms], status: built.status };
    builds.push(built.ms);
  }
  return { ms: median(builds), builds, status: "done" };
}

async function timeOnePack(server: BenchServer, db: Db, cookie: string): Promise<{ ms: number; status: string }> {
  const form = await fetch(`${server.baseUrl}/profiles/pack`, { headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const before = await db.selectFrom("county_packs").select((eb) => eb.fn.countAll<number>().as("n")).where("quarter", "=", BENCH_QUARTER).executeTakeFirstOrThrow();
  const start = performance.now();
  const response = await fetch(`${server.baseUrl}/profiles/pack`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: server.baseUrl },
    body: new URLSearchParams({ quarter: BENCH_QUARTER, kind: "draft", _csrf: token }),
  });
  if (response.status !== 302) throw new Error(`Asking for a county pack answered ${response.status}`);
  for (;;) {
    const packs = await db.selectFrom("county_packs").select(["status", "error"]).where("quarter", "=", BENCH_QUARTER).orderBy("created_at", "desc").execute();
    const pack = packs.length > Number(before.n) ? packs[0] : undefined;
    if (pack && (pack.status === "done" || pack.status === "failed")) return { ms: performance.now() - start, status: pack.error ?? pack.status };
    if (performance.now() - start > 120_000) throw new Error("The county pack was not ready within two minutes");
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Row {
  what: string;
  measured: string;
  target: string;
  /** null: shown for information, with no target. */
  ok: boolean | null;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const f1 = (n: number) => n.toFixed(1);
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

function verdicts(scales: ScaleResult[], pdf: PdfResult, pack: PackResult): Row[] {
  const [one, , thirty] = scales;
  const trivial = one.pages.trivial;
  // Each page's CPU against the trivial page measured in the same rounds, which costs the same
  // at any size of data: the machine's own pace between one scale's rounds and the next cancels out.
  const growth = (page: PageName) =>
    thirty.pages[page].cpuMsPerRequest / thirty.pages.trivial.cpuMsPerRequest / (one.pages[page].cpuMsPerRequest / one.pages.trivial.cpuMsPerRequest);
  const returnFormJs = pageScriptBytes("routes/returns.$returnId.outputs");
  const largestJs = Math.max(...(["routes/profiles.$districtId._index", "routes/profiles._index", "routes/accessibility"] as const).map((r) => pageScriptBytes(r)));
  const peak = Math.max(...scales.map((s) => s.peakRssBytes));
  const idle = Math.max(...scales.map((s) => s.idleRssBytes));
  return [
    { what: "trivial page (/accessibility), server CPU per request", measured: `${f1(trivial.cpuMsPerRequest)} ms (${Math.round(trivial.requestsPerSecond)} req/s)`, target: "≤ 3 ms", ok: trivial.cpuMsPerRequest <= 3 },
    { what: "district profile throughput vs the trivial page (asked again: kept)", measured: pct(one.pages.profile.requestsPerSecond / trivial.requestsPerSecond), target: "≥ 60 %", ok: one.pages.profile.requestsPerSecond / trivial.requestsPerSecond >= 0.6 },
    { what: "county view throughput vs the trivial page (asked again: kept)", measured: pct(one.pages.county.requestsPerSecond / trivial.requestsPerSecond), target: "≥ 50 %", ok: one.pages.county.requestsPerSecond / trivial.requestsPerSecond >= 0.5 },
    { what: "district profile rendered afresh (a first view, or after a change)", measured: `${f1(one.pages.profileAfresh.cpuMsPerRequest)} ms CPU/request (${pct(one.pages.profileAfresh.requestsPerSecond / trivial.requestsPerSecond)} of the trivial page's throughput)`, target: "for information", ok: null },
    { what: "county view rendered afresh", measured: `${f1(one.pages.countyAfresh.cpuMsPerRequest)} ms CPU/request (${pct(one.pages.countyAfresh.requestsPerSecond / trivial.requestsPerSecond)})`, target: "for information", ok: null },
    { what: "county view CPU at 30× data vs 1× (each against the trivial page)", measured: `${f1(growth("county"))}× (${f1(thirty.pages.county.cpuMsPerRequest)} ms/request, 1×: ${f1(one.pages.county.cpuMsPerRequest)}; afresh ${f1(growth("countyAfresh"))}×; p99 ${Math.round(thirty.pages.county.p99Ms)} ms)`, target: "≤ 1.5×", ok: growth("county") <= 1.5 && growth("countyAfresh") <= 1.5 },
    { what: "district profile CPU at 30× data vs 1× (each against the trivial page)", measured: `${f1(growth("profile"))}× (${f1(thirty.pages.profile.cpuMsPerRequest)} ms/request, 1×: ${f1(one.pages.profile.cpuMsPerRequest)}; afresh ${f1(growth("profileAfresh"))}×)`, target: "≤ 1.5×", ok: growth("profile") <= 1.5 && growth("profileAfresh") <= 1.5 },
    { what: "district profile HTML at 30× data", measured: `${kb(thirty.html.profile.rawBytes)} (1×: ${kb(one.html.profile.rawBytes)})`, target: "≤ 150 KB", ok: thirty.html.profile.rawBytes <= 150 * 1024 },
    { what: "a trivial request while profile PDFs render", measured: `${f1(pdf.trivialDuringPdfMs)} ms vs ${f1(pdf.trivialAloneMs)} ms alone (event loop held at most ${f1(pdf.loopDelayMaxMs)} ms)`, target: "≤ 2× its usual time", ok: pdf.trivialDuringPdfMs <= 2 * pdf.trivialAloneMs },
    { what: "profile PDF", measured: `${Math.round(pdf.pdfMs)} ms`, target: "≤ 300 ms", ok: pdf.pdfMs <= 300 },
    { what: "county pack, 12 districts (request to ready)", measured: `${f1(pack.ms / 1000)} s (${pack.status}; median of ${pack.builds.map((ms) => f1(ms / 1000)).join(", ")} s)`, target: "≤ 6 s", ok: pack.ms <= 6000 && pack.status === "done" },
    { what: "compression: district profile HTML as sent (gzip)", measured: `${kb(one.html.profile.rawBytes)} → ${kb(one.html.profile.sentBytes)}`, target: "compressed", ok: one.html.profile.sentBytes < one.html.profile.rawBytes / 3 },
    { what: "client JS, return form (gzipped)", measured: `${kb(returnFormJs)} (largest profile page: ${kb(largestJs)})`, target: "≤ 100 KB", ok: returnFormJs <= 100 * 1024 },
    { what: "server memory, idle", measured: mb(idle), target: "≤ 200 MB", ok: idle <= 200 * 1024 * 1024 },
    { what: "server memory, peak under load", measured: mb(peak), target: "≤ 350 MB", ok: peak <= 350 * 1024 * 1024 },
  ];
}

async function main(): Promise<number> {
  if (!args.includes("--no-build")) {
    const built = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    if (built.status !== 0) return 1;
  }
  const scales: ScaleResult[] = [];
  let pdf: PdfResult | undefined;
  let pack: PackResult | undefined;
  let demoProjects: number | null = null;
  for (const scale of SCALES) {
    const prepared = await prepare(scale, demoProjects);
    demoProjects = prepared.demo;
    const { server, outbox } = await serve(prepared.database.url);
    try {
      const cookie = await signIn(server.baseUrl, OFFICER);
      console.log(`${scale}×: ${prepared.projects} projects; measuring ${Object.keys(PAGES).join(", ")} in ${ROUNDS} rounds of ${SECONDS} s…`);
      const idle = await server.probe(true);
      const pages = await measurePages(server, cookie);
      const peak = await server.probe();
      const profileHtml = await sizeOf(server.baseUrl, PAGES.profile.path, cookie);
      const countyHtml = await sizeOf(server.baseUrl, PAGES.county.path, cookie);
      for (const [name, r] of Object.entries(pages)) {
        console.log(`  ${name.padEnd(13)} ${f1(r.requestsPerSecond).padStart(7)} req/s  ${f1(r.cpuMsPerRequest).padStart(6)} ms CPU/request  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms`);
      }
      if (scale === 1) {
        pdf = await measurePdf(server, PAGES.trivial.path, PDF, cookie);
        console.log(`  profile PDF ${Math.round(pdf.pdfMs)} ms; a trivial page ${f1(pdf.trivialAloneMs)} ms alone, ${f1(pdf.trivialDuringPdfMs)} ms while PDFs render (event loop held at most ${f1(pdf.loopDelayMaxMs)} ms)`);
        pack = await timeCountyPack(server, prepared.db, cookie);
        console.log(`  county pack ${f1(pack.ms / 1000)} s (${pack.status}; builds: ${pack.builds.map((ms) => f1(ms / 1000)).join(", ")} s)`);
      }
      scales.push({
        scale, projects: prepared.projects, pages,
        html: { profile: profileHtml, county: countyHtml },
        idleRssBytes: idle.rssBytes, peakRssBytes: Math.max(peak.peakRssBytes, (await server.probe()).peakRssBytes),
      });
    } finally {
      await server.stop();
      await prepared.db.destroy();
      await prepared.database.drop();
      fs.rmSync(outbox, { recursive: true, force: true });
    }
  }
  const rows = verdicts(scales, pdf!, pack!);
  console.log(`\n${os.cpus().length} cores, Node ${process.version}; ${scales.map((s) => `${s.scale}× = ${s.projects} projects`).join(", ")}.\n`);
  console.log(table([["what", "measured", "target", "verdict"], ...rows.map((r) => [r.what, r.measured, r.target, r.ok === null ? "–" : r.ok ? "ok" : "MISSED"])]));
  fs.writeFileSync(jsonFile, `${JSON.stringify({ at: new Date().toISOString(), cores: os.cpus().length, node: process.version, rows, scales, pdf, pack }, null, 2)}\n`);
  console.log(`\nWritten to ${jsonFile}.`);
  const missed = rows.filter((r) => r.ok === false).length;
  console.log(missed ? `${missed} target(s) missed.` : "All targets met.");
  return missed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
