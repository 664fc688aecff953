#!/usr/bin/env node
/** @module The `vpce` command line: one subcommand per file. */
import { Command } from 'commander';
import { registerExecCommand } from './exec.js';
import { registerExplainCommand } from './explain.js';
import { registerCostCommand } from './cost.js';
import { registerImportCommand } from './import.js';
import { registerSnapshotCommand } from './snapshot.js';
import { registerLintCommand } from './lint.js';
import { registerLogsCommand } from './logs.js';
import { registerPolicyCommand } from './policy.js';
import { registerServeCommand } from './serve.js';
import { registerWhatIfCommand } from './what-if.js';
import { VERSION } from './version.js';

const program = new Command();
program
  .name('vpce')
  .description('A local, faithful emulator of AWS VPC networking and VPC endpoints.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .enablePositionalOptions();
registerServeCommand(program);
registerPolicyCommand(program);
registerExplainCommand(program);
registerExecCommand(program);
registerLogsCommand(program);
registerImportCommand(program);
registerSnapshotCommand(program);
registerLintCommand(program);
registerCostCommand(program);
registerWhatIfCommand(program);
program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
// Not awaited: the bundle runs as a CommonJS script (scripts/bundle.mjs), where a top-level await cannot be; a
// rejection still ends the process with its error, as an unhandled one does.
void program.parseAsync(process.argv);
