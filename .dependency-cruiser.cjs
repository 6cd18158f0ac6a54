// The import layering of docs/architecture.md, checked by `npm test` (npm run lint:deps).
//   cli → runner → tasks → skills → sandbox → core
//   agent → models → config → core;  agent → sandbox;  images → sandbox
//   reports → results, stats, skills (the registry: order and summary sections), core
// Each rule names what a layer must NOT import; type-only imports count too.
const layer = (name) => `^harness/${name}/`;
const any = (...paths) => `^(${paths.join('|')})/`;

/** `from` must not import any of `to`. */
function forbid(name, comment, from, to) {
  return { name, comment, severity: 'error', from: { path: from }, to: { path: to } };
}

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'modules form no import cycle', severity: 'error', from: {}, to: { circular: true } },
    forbid(
      'core-is-the-base',
      'core holds the shared contracts and imports nothing of ours',
      layer('core'),
      any('harness/(?!core/)[^/]+', 'skills', 'reports'),
    ),
    forbid(
      'stats-is-pure',
      'statistics import nothing of ours but core',
      layer('stats'),
      any('harness/(?!(core|stats)/)[^/]+', 'skills', 'reports'),
    ),
    forbid(
      'config-below-agent',
      'configuration is read by agent and models, never the reverse',
      layer('config'),
      any('harness/(?!(core|config)/)[^/]+', 'skills', 'reports'),
    ),
    forbid(
      'sandbox-knows-no-caller',
      'sandbox backends know only the contract in core',
      layer('sandbox'),
      any('harness/(?!(core|sandbox)/)[^/]+', 'skills', 'reports'),
    ),
    forbid(
      'models-below-agent',
      'model providers never import the agent or anything above it',
      layer('models'),
      any('harness/(agent|runner|cli|tasks|results|sandbox|images)', 'skills', 'reports'),
    ),
    forbid(
      'agent-below-runner',
      'the agent never imports the runner, skills, tasks, results or reports',
      layer('agent'),
      any('harness/(runner|cli|tasks|results|images)', 'skills', 'reports'),
    ),
    forbid(
      'skills-below-runner',
      'a skill never imports the runner, the agent, models, tasks, results or reports',
      '^skills/',
      any('harness/(runner|cli|agent|models|tasks|results|config|images)', 'reports'),
    ),
    forbid(
      'tasks-below-runner',
      'the task loader never imports the runner, agent, models, results or reports',
      layer('tasks'),
      any('harness/(runner|cli|agent|models|results|images)', 'reports'),
    ),
    forbid(
      'results-is-storage',
      'the run folder store knows no skill, runner or report',
      layer('results'),
      any('harness/(runner|cli|agent|models|tasks|sandbox|images|config)', 'skills', 'reports'),
    ),
    forbid(
      'runner-never-reports',
      'the CLI renders reports; the runner never imports them or the CLI',
      layer('runner'),
      any('harness/cli', 'reports'),
    ),
    forbid(
      'reports-read-run-folders',
      'reports read run folders: no runner, agent, models, sandbox or task loader',
      '^reports/',
      any('harness/(runner|cli|agent|models|sandbox|tasks|images)'),
    ),
    forbid('nothing-imports-cli', 'the CLI is the top', any('harness/(?!cli/)[^/]+', 'skills', 'reports'), layer('cli')),
    forbid('no-test-code', 'shipped code never imports tests', any('harness', 'skills', 'reports'), '^test/'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
