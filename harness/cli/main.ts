#!/usr/bin/env node
// The `atomic-skills` command line: one module per command under commands/, wired here.
import { Command, CommanderError } from 'commander';
import { ConfigError, InputError } from '../core/errors.js';
import { redactText } from '../core/secrets.js';
import { HARNESS_VERSION } from '../core/version.js';
import * as run from './commands/run.js';
import * as validate from './commands/validate.js';
import * as tasks from './commands/tasks.js';
import * as report from './commands/report.js';
import * as compare from './commands/compare.js';
import * as gate from './commands/gate.js';
import * as plan from './commands/plan.js';
import * as images from './commands/images.js';
import * as sandbox from './commands/sandbox.js';
import * as importer from './commands/import.js';
import * as environments from './commands/environments.js';
import * as synthesizeCommand from './commands/synthesize.js';
import * as merge from './commands/merge.js';

export function buildProgram(): Command {
  const program = new Command('atomic-skills')
    .description('Score a coding model or agent configuration on five atomic skills, each in a sandbox.')
    .version(HARNESS_VERSION)
    .showHelpAfterError();
  for (const command of [
    run,
    merge,
    validate,
    report,
    compare,
    gate,
    plan,
    images,
    sandbox,
    tasks,
    importer,
    environments,
    synthesizeCommand,
  ])
    command.register(program);
  return program;
}

async function main(): Promise<void> {
  // `atomic-skills tasks list | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    // Bad input or a configuration that cannot work is the user's to fix: say what and where, no stack trace.
    if (err instanceof InputError || err instanceof ConfigError) {
      process.stderr.write(redactText(`error: ${err.message}\n`));
      process.exit(2);
    }
    process.stderr.write(redactText(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`));
    process.exit(1);
  }
}

await main();
