#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` via prepare).
import('../dist/harness/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/harness/cli/main.js')) {
    console.error('atomic-skills: not built yet. Run `npm ci` (or `npm run build`) first.');
    process.exit(2);
  }
  throw err;
});
