// What a page sends to the browser, read from the client build's manifest (public/build):
// the entry's scripts and those of the page's route and its parents, each as sent (its .gz
// copy where the build made one). For the delivery test and `npm run bench`.
import fs from "node:fs";
import path from "node:path";

const PUBLIC = "public";
const BUILD = path.join(PUBLIC, "build");

interface Manifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, { module: string; imports?: string[]; parentId?: string }>;
}

export function readManifest(): Manifest {
  const file = fs.readdirSync(BUILD).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error("No client build in public/build: run `npm run build` first.");
  return JSON.parse(fs.readFileSync(path.join(BUILD, file), "utf8").replace(/^window\.__remixManifest=/, "").replace(/;$/, "")) as Manifest;
}

/** Every script a page loads (the entry, its routes' modules and their chunks), as the manifest lists them. */
export function scriptsOf(routeId: string, manifest: Manifest = readManifest()): string[] {
  const scripts = new Set([manifest.entry.module, ...manifest.entry.imports]);
  for (let id: string | undefined = routeId; id; id = manifest.routes[id].parentId) {
    scripts.add(manifest.routes[id].module);
    for (const chunk of manifest.routes[id].imports ?? []) scripts.add(chunk);
  }
  return [...scripts];
}

/** A built file's bytes as sent gzipped: its .gz copy, or the file itself when too small to have one. */
export function gzippedSize(script: string): number {
  const file = path.join(PUBLIC, script);
  return fs.statSync(fs.existsSync(`${file}.gz`) ? `${file}.gz` : file).size;
}

/** A page's script, gzipped as sent, in bytes. */
export function pageScriptBytes(routeId: string, manifest: Manifest = readManifest()): number {
  return scriptsOf(routeId, manifest).reduce((total, s) => total + gzippedSize(s), 0);
}

export function scriptText(script: string): string {
  return fs.readFileSync(path.join(PUBLIC, script), "utf8");
}
