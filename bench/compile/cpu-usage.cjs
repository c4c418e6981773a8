// Preloaded into every timed compile or build (`node --require`): at exit, writes the process's CPU time
// (user + system, all threads, ms) to $XCS_BENCH_CPU_FILE. Wall time on a shared 2-core machine
// swings with whatever else runs; CPU time is what a compile costs whoever else is busy.
const { writeFileSync } = require("node:fs");

process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  writeFileSync(process.env.XCS_BENCH_CPU_FILE, String((user + system) / 1000));
});
