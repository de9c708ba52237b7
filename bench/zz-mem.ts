import { fork } from "node:child_process";
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { seedDemoData } from "../demo/seed";
import { createBenchDatabase } from "../bench/bench-database";
import { BENCH_QUARTER } from "../bench/county-data";
import { signIn } from "../bench/http.bench";

const q = encodeURIComponent(BENCH_QUARTER);
const extraArgs = (process.env.NODE_EXTRA ?? "").split(" ").filter(Boolean);
async function main() {
  const database = await createBenchDatabase();
  const db = createDb(database.url);
  await migrateToLatest(db);
  await seedDemoData(db, { withTenders: true });
  const port = 39111;
  const child = fork("build/server/serve.js", [], {
    execArgv: [...extraArgs, "--import", "/tmp/exp/probe2.mjs"],
    env: { ...process.env, DATABASE_URL: database.url, APP_URL: `http://127.0.0.1:${port}`, SESSION_SECRET: randomBytes(32).toString("hex"), COOKIE_SECURE: "0", MAIL_OUTBOX_DIR: "/tmp/exp/outbox", NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", fs.openSync("/tmp/exp/server.log", "w"), fs.openSync("/tmp/exp/server.log", "a"), "ipc"],
  });
  let id = 0;
  const mem = (label: string) => new Promise<void>((resolve) => {
    const my = ++id;
    const on = (msg: any) => { if (msg?.id === my) { child.off("message", on); console.log(label.padEnd(22), JSON.stringify(msg.m), JSON.stringify(msg.spaces), msg.status); resolve(); } };
    child.on("message", on);
    child.send({ type: "mem", id: my });
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) { try { if ((await fetch(`${base}/healthz`)).ok) break; } catch {} await new Promise((r) => setTimeout(r, 200)); }
  await mem("idle");
  const cookie = await signIn(base, "officer@demo.example");
  const pages = (process.env.PAGES ?? `/accessibility,/profiles/district-chorley?quarter=${q},/profiles?quarter=${q},/profiles/district-chorley?quarter=${q}&afresh=[<id>],/profiles?quarter=${q}&afresh=[<id>]`).split(",");
  for (let round = 0; round < 1; round++) for (const p of pages) {
    await autocannon({ url: base + p, connections: 10, duration: 10, headers: { cookie, "accept-encoding": "br, gzip" }, idReplacement: true });
    await mem(`${round} ${p.slice(0, 20)}`);
  }
  if (process.env.PDF) {
    for (let i = 0; i < 10; i++) { const r = await fetch(`${base}/profiles/district-chorley/profile.pdf?quarter=${q}`, { headers: { cookie } }); await r.arrayBuffer(); }
    await mem("after pdfs");
  }
  child.kill(); await new Promise((r) => child.once("exit", r)); await db.destroy(); await database.drop();
}
main().then(() => process.exit(0));
