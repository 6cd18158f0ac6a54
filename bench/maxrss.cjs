// Preloaded into a child (`node --require bench/maxrss.cjs ...`): prints its peak RSS on exit.
process.on('exit', () => {
  require('node:fs').writeSync(2, `\nAS_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
