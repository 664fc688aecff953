/** @module `vpce policy validate FILE --type ...` and `vpce policy eval SCENARIO.json|-`: thin wrappers over the IAM engine. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { evaluateScenario, formatDecision, POLICY_TYPES, validatePolicy, type PolicyType } from '../iam/index.js';

/** What a subcommand printed and how it ends; pure, so it can be tested without a process. */
export interface CliOutput {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** Exit codes: 0 valid / decision printed, 1 the policy is invalid (a finding), 2 bad input or usage. */
export function runPolicyValidate(text: string, type: string, json: boolean): CliOutput {
  if (!(POLICY_TYPES as readonly string[]).includes(type)) {
    return { exitCode: 2, stdout: '', stderr: `--type must be one of ${POLICY_TYPES.join(', ')}, got ${JSON.stringify(type)}\n` };
  }
  const result = validatePolicy(text, type as PolicyType);
  if (json) {
    const body = result.ok ? { valid: true, statements: result.policy.statements.length } : { valid: false, errors: result.errors };
    return { exitCode: result.ok ? 0 : 1, stdout: `${JSON.stringify(body, null, 2)}\n`, stderr: '' };
  }
  if (result.ok) return { exitCode: 0, stdout: `valid ${type} policy (${result.policy.statements.length} statement${result.policy.statements.length === 1 ? '' : 's'})\n`, stderr: '' };
  const lines = result.errors.map((e) => `  ${e.code}: ${e.message}\n    at ${e.path || '/'}: ${e.detail}`);
  return { exitCode: 1, stdout: `invalid ${type} policy:\n${lines.join('\n')}\n`, stderr: '' };
}

/** Evaluate a scenario (JSON text). Exit 0 whatever the decision; 2 when the scenario is malformed. */
export function runPolicyEval(text: string, json: boolean): CliOutput {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    return { exitCode: 2, stdout: '', stderr: `the scenario is not valid JSON: ${err instanceof Error ? err.message : String(err)}\n` };
  }
  const result = evaluateScenario(value);
  if (!result.ok) {
    return { exitCode: 2, stdout: '', stderr: `the scenario has problems; fix these:\n${result.errors.map((e) => `  ${e.path || '(top)'}: ${e.message}`).join('\n')}\n` };
  }
  const out = json ? `${JSON.stringify({ decision: result.decision.decision, reasons: result.decision.reasons }, null, 2)}\n` : `${formatDecision(result.decision)}\n`;
  return { exitCode: 0, stdout: out, stderr: '' };
}

function readInput(file: string): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: readFileSync(file === '-' ? 0 : file, 'utf8') };
  } catch (err) {
    return { ok: false, message: `cannot read ${file === '-' ? 'stdin' : file}: ${err instanceof Error ? err.message : String(err)}\n` };
  }
}

function emit(out: CliOutput): void {
  if (out.stdout) process.stdout.write(out.stdout);
  if (out.stderr) process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
}

/** Usage errors from commander end with exit code 2, help with 0. */
function usageExit(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : 2);
}

/** Add `policy validate` and `policy eval` to a commander program. */
export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('validate IAM policies and evaluate requests against them').exitOverride(usageExit);
  policy
    .command('validate')
    .description('check a policy document as AWS would (MalformedPolicyDocument and friends)')
    .argument('<file>', 'policy JSON file, or - for stdin')
    .addOption(new Option('--type <type>', 'policy type').choices([...POLICY_TYPES]).makeOptionMandatory())
    .option('--json', 'print the result as JSON')
    .exitOverride(usageExit)
    .action((file: string, opts: { type: string; json?: boolean }) => {
      const input = readInput(file);
      if (!input.ok) { emit({ exitCode: 2, stdout: '', stderr: input.message }); return; }
      emit(runPolicyValidate(input.text, opts.type, opts.json === true));
    });
  policy
    .command('eval')
    .description('evaluate a scenario {request, policies}; prints the decision and its reasons')
    .argument('<scenario>', 'scenario JSON file, or - for stdin')
    .option('--json', 'print {"decision", "reasons"} as JSON')
    .exitOverride(usageExit)
    .action((file: string, opts: { json?: boolean }) => {
      const input = readInput(file);
      if (!input.ok) { emit({ exitCode: 2, stdout: '', stderr: input.message }); return; }
      emit(runPolicyEval(input.text, opts.json === true));
    });
}
