// Run by `npm run build`: writes a Brotli (.br) and a gzip (.gz) copy beside every script and
// stylesheet in public/build, at the strongest settings, once. The server sends the copy the
// browser accepts (express-static-gzip in scripts/serve.ts), so no request spends CPU
// compressing a file that never changes.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const BUILD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../public/build");
const COMPRESSIBLE = /\.(js|css|svg|json|map)$/;

function filesIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? filesIn(file) : COMPRESSIBLE.test(e.name) ? [file] : [];
  });
}

let raw = 0;
let brotli = 0;
const files = filesIn(BUILD);
for (const file of files) {
  const body = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  const gz = zlib.gzipSync(body, { level: zlib.constants.Z_BEST_COMPRESSION });
  // A tiny file can grow when compressed: then only the original is sent.
  if (br.length < body.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < body.length) fs.writeFileSync(`${file}.gz`, gz);
  raw += body.length;
  brotli += Math.min(br.length, body.length);
}
console.log(`Precompressed ${files.length} files in public/build: ${(raw / 1024).toFixed(0)} KB, ${(brotli / 1024).toFixed(0)} KB with Brotli.`);
