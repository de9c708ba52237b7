// npm run bench:queries – the district profile's queries, counted, explained and timed in the
// models (no HTTP), on generated county-scale data and again once the county has grown
// fourfold, in a database of the bench's own (bench/bench-database.ts). Prints a table and
// exits 1 when a target is missed. `--plans` also prints SQLite's plan for every query.
// `npm run bench` measures the portal as served (scripts/bench.ts).
import { createDb, type Db } from "../db/client";
import { createBenchDatabase } from "../bench/bench-database";
import { migrateToLatest } from "../db/migrator";
import { seedDemoData } from "../demo/seed";
import { addBenchDistricts, generateCountyData } from "../bench/county-data";
import { checkTargets, DISTRICT, measureDataSet, OPTIONS, QueryRecorder, TARGETS, type DataSetResult } from "../bench/profiles.bench";
import { DEMO_DISTRICTS } from "../demo/constants";

const PROJECTS_PER_DISTRICT = 40;
/** Three times as many districts again, so the county holds four times the base data. */
const EXTRA_DISTRICTS = DEMO_DISTRICTS.length * 3;
const showPlans = process.argv.includes("--plans");

const seconds = (start: number) => `${((performance.now() - start) / 1000).toFixed(1)} s`;
const ms = (n: number) => n.toFixed(1);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

function describe(result: DataSetResult): string {
  return `${result.label}: ${result.districts} districts, ${result.projects} projects`;
}

async function main(): Promise<number> {
  const target = await createBenchDatabase();
  // Interrupted, the run still leaves no database behind.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void target.drop().finally(() => process.exit(130)));
  }
  // Anything that reaches for the shared connection lands on the bench database too.
  process.env.DATABASE_URL = target.url;
  let db: Db | undefined;
  let recorder: QueryRecorder | undefined;
  try {
    console.log(`Benchmark database (${target.engine}): ${target.engine === "sqlite" ? target.url : target.url.replace(/\/\/[^@]*@/, "//…@")}`);
    db = createDb(target.url);
    await migrateToLatest(db);

    let start = performance.now();
    await seedDemoData(db);
    const demoIds = DEMO_DISTRICTS.map(([slug]) => `district-${slug}`);
    const baseRows = await generateCountyData(db, { districtIds: demoIds, projectsPerDistrict: PROJECTS_PER_DISTRICT });
    console.log(
      `Base data set: ${demoIds.length} districts × ${PROJECTS_PER_DISTRICT} projects (${baseRows.projects} projects, ` +
        `${baseRows.returns} returns, ${baseRows.values} indicator values, ${baseRows.ledger} ledger entries) in ${seconds(start)}`,
    );

    recorder = new QueryRecorder(target.url);
    const runs = { district: 30, county: 10 };
    const base = await measureDataSet(db, recorder, "base", runs);

    start = performance.now();
    const extraIds = await addBenchDistricts(db, 1, EXTRA_DISTRICTS);
    const extraRows = await generateCountyData(db, { districtIds: extraIds, projectsPerDistrict: PROJECTS_PER_DISTRICT });
    console.log(`4× data set: + ${extraIds.length} districts (${extraRows.projects} projects, ${extraRows.returns} returns) in ${seconds(start)}`);
    const large = await measureDataSet(db, recorder, "4× county", runs);

    // Plans from the bigger data set: that is where a scan would hurt.
    const plans = recorder.explain(large.districtQueries);

    console.log(`\n${describe(base)}; ${describe(large)}. Profile of ${DISTRICT} for ${OPTIONS.quarter} (${base.profileProjects} projects).\n`);
    console.log(
      table([
        ["measure", "base median", "base p95", "4× median", "4× p95", "runs"],
        ["district profile (ms)", ms(base.district.medianMs), ms(base.district.p95Ms), ms(large.district.medianMs), ms(large.district.p95Ms), String(runs.district)],
        ["profile page with comparison (ms)", ms(base.page.medianMs), ms(base.page.p95Ms), ms(large.page.medianMs), ms(large.page.p95Ms), String(runs.county)],
        ["county view, kept figures (ms)", ms(base.kept.medianMs), ms(base.kept.p95Ms), ms(large.kept.medianMs), ms(large.kept.p95Ms), String(runs.county)],
        ["county summary (ms)", ms(base.county.medianMs), ms(base.county.p95Ms), ms(large.county.medianMs), ms(large.county.p95Ms), String(runs.county)],
        ["district profile (queries)", String(base.districtQueries.length), "", String(large.districtQueries.length), "", "1"],
        ["county summary (queries)", String(base.countyQueries.length), "", String(large.countyQueries.length), "", "1"],
      ]),
    );

    if (target.engine === "sqlite") {
      console.log(`\nSQLite plans for the district profile's ${plans.length} queries (4× data set):`);
      for (const p of plans) {
        const flag = p.scans.length
          ? `FULL SCAN of ${p.scans.join(", ")}`
          : p.referenceScans.length ? `indexed; reads reference table ${p.referenceScans.join(", ")} whole` : "indexed";
        console.log(`  ${p.table.padEnd(26)} ${flag}`);
        if (showPlans || p.scans.length) {
          for (const detail of p.plan) console.log(`      ${detail}`);
          if (showPlans) console.log(`      ${p.sql}`);
        }
      }
    } else {
      console.log("\n(Query plans are checked on SQLite only.)");
    }

    const checks = checkTargets(base, large, plans);
    console.log(`\nTargets (base median < ${TARGETS.districtMedianMs} ms; no query per row; county < ${TARGETS.countyMedianMs} ms):\n`);
    console.log(table([["check", "target", "measured", "result"], ...checks.map((c) => [c.name, c.target, c.actual, c.ok ? "ok" : "MISSED"])]));
    const missed = checks.filter((c) => !c.ok);
    console.log(missed.length ? `\n${missed.length} target(s) missed.` : "\nAll targets met.");
    return missed.length ? 1 : 0;
  } finally {
    await recorder?.close();
    await db?.destroy();
    await target.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
