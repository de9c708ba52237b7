// Loaded into the portal server by `npm run bench` (node --import), never in production: the
// server's own CPU time, memory and event-loop delay, answered over the IPC channel that
// fork() opens, so the bench reads them without an HTTP route of the portal's own.
import { monitorEventLoopDelay } from "node:perf_hooks";

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let peakRss = 0;
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50).unref();

process.channel?.unref();
process.on("message", (message) => {
  if (!message || message.type !== "probe") return;
  const cpu = process.cpuUsage();
  process.send?.({
    type: "probe",
    id: message.id,
    // Every thread's CPU time (the PDF workers' too), in microseconds.
    cpuMicros: cpu.user + cpu.system,
    rssBytes: process.memoryUsage.rss(),
    peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
    loop: { maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6, meanMs: loop.mean / 1e6 },
  });
  if (message.reset) {
    loop.reset();
    peakRss = 0;
  }
});
