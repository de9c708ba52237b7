// npm run lockfile:complete – run after any change to package-lock.json.
//
// This workplace's registry serves only the platform packages of the machine it runs on, so
// `npm install` records just rollup's linux-gnu binaries in the lockfile, and `npm ci` then
// refuses the lockfile as out of step with package.json. This adds an entry for each of
// rollup's other optional platform packages (version, os, cpu, libc), which `npm ci`
// accepts and then skips as not for this platform. Nothing is downloaded.
import fs from "node:fs";

type Entry = { version: string; optional?: boolean; dev?: boolean; os?: string[]; cpu?: string[]; libc?: string[]; license?: string };
const file = "package-lock.json";
const lock = JSON.parse(fs.readFileSync(file, "utf8")) as { packages: Record<string, Entry & { optionalDependencies?: Record<string, string> }> };
const rollup = lock.packages["node_modules/rollup"];
let added = 0;
for (const [name, version] of Object.entries(rollup?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const match = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(name);
  if (!match) continue;
  const [, os, cpu, abi] = match;
  const entry: Entry = { version, cpu: [cpu], dev: true, license: "MIT", optional: true, os: [os] };
  if (os === "linux" && abi) entry.libc = [abi.includes("musl") ? "musl" : "glibc"];
  lock.packages[key] = entry;
  added += 1;
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
fs.writeFileSync(file, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(added ? `Added ${added} platform entries to ${file}.` : `${file} already lists every platform package.`);
