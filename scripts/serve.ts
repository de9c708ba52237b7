// The production server: Express serving the built Remix app and its static files, with
// the client's address passed to loaders and actions for the audit log and throttling.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function startServer(options: { port: number; host: string }) {
  process.env.NODE_ENV ??= "production";
  const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, set TRUST_PROXY (e.g. "1" or "loopback") so req.ip is the client's.
  if (process.env.TRUST_PROXY) {
    const value = process.env.TRUST_PROXY;
    app.set("trust proxy", /^\d+$/.test(value) ? Number(value) : value);
  }
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, getLoadContext: (req) => ({ ip: req.ip ?? "unknown" }) }));
  return new Promise<import("node:http").Server>((resolve) => {
    const server = app.listen(options.port, options.host, () => resolve(server));
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
