// Run by `npm run build`, after Remix's build: compiles the production server and the
// processes it starts (the job worker and the county pack's builder) to plain JavaScript in
// build/server/, so `npm start` runs them with node alone, not under tsx, which compiles
// TypeScript in memory on every start and holds on to well over a hundred megabytes for it.
// Packages stay in node_modules (imported, not copied); the app's own modules are bundled.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Bare imports ("express", "node:path") stay imports; the app's own ("~/…", "../…") are bundled. */
const packagesStayInNodeModules: Plugin = {
  name: "packages-stay-in-node-modules",
  setup(b) {
    b.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }));
  },
};

export const SERVER_ENTRIES = ["serve", "worker", "build-county-pack", "pdf-worker"] as const;

await build({
  absWorkingDir: root,
  entryPoints: SERVER_ENTRIES.map((name) => `scripts/${name}.ts`),
  outdir: "build/server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  plugins: [packagesStayInNodeModules],
  jsx: "automatic",
  tsconfig: "tsconfig.json",
  // Each entry is its own program; code they share is bundled into each rather than split.
  splitting: false,
  sourcemap: "linked",
  logLevel: "warning",
});
console.log(`Compiled the server to build/server/: ${SERVER_ENTRIES.map((n) => `${n}.js`).join(", ")}.`);
