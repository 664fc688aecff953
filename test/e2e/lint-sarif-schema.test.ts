/**
 * @module `vpce import` then `vpce lint --format sarif`, as an engineer runs them in CI: the SARIF validates against
 * the official 2.1.0 JSON Schema (test/fixtures/sarif-2.1.0.json, from oasis-tcs/sarif-spec) with ajv, and a
 * finding on an imported record points at the file the record came from, as GitHub code scanning shows it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { awsPrefixListFor } from '../../src/model/aws-prefix-lists.js';
import { runVpce } from './process.js';

const FIXTURE = new URL('../../../test/fixtures/analyzer/endpoint-account/', import.meta.url);
const SCHEMA = JSON.parse(readFileSync(new URL('../../../test/fixtures/sarif-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;

interface Sarif {
  runs: { results: { ruleId: string; level: string; locations: { physicalLocation?: { artifactLocation: { uri: string } }; logicalLocations?: { fullyQualifiedName?: string }[] }[] }[] }[];
}

let root = '';
let snapshot = '';
let state = '';

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'vpce-lint-sarif-'));
  snapshot = join(root, 'account');
  state = join(root, 'state');
  cpSync(FIXTURE, snapshot, { recursive: true });
  // The pitfall: a route more specific than the S3 prefix list's ranges, to an internet gateway, shadows the
  // gateway endpoint's route for those addresses (AWS: "Route priority", longest prefix match).
  const s3Range = awsPrefixListFor('us-west-2', 's3')!.cidrs[0]!;
  const tables = join(snapshot, 'us-west-2', 'describe-route-tables.json');
  const doc = JSON.parse(readFileSync(tables, 'utf8')) as { RouteTables: { Routes: object[] }[] };
  doc.RouteTables[0]!.Routes.push({ DestinationCidrBlock: s3Range, GatewayId: 'igw-0d0fb496b3EXAMPLE', Origin: 'CreateRoute', State: 'active' });
  writeFileSync(tables, JSON.stringify(doc));
  writeFileSync(join(snapshot, 'us-west-2', 'describe-internet-gateways.json'), JSON.stringify({
    InternetGateways: [{ Attachments: [{ State: 'available', VpcId: 'vpc-0a60eb65b4EXAMPLE' }], InternetGatewayId: 'igw-0d0fb496b3EXAMPLE', OwnerId: '123456789012', Tags: [] }],
  }));
  const imported = await runVpce(['import', snapshot, '--state', state, '--json']);
  assert.equal(imported.code, 0, imported.stderr);
});
after(() => { rmSync(root, { recursive: true, force: true }); });

describe('vpce lint --format sarif on an imported account', () => {
  it('validates against the SARIF 2.1.0 schema, and the shadowed endpoint route points at the imported route-table file', async () => {
    const r = await runVpce(['lint', '--state', state, '--format', 'sarif', '--fail-on', 'error']);
    assert.equal(r.code, 1, r.stderr);
    const sarif = JSON.parse(r.stdout) as Sarif;
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(SCHEMA);
    assert.ok(validate(sarif), ajv.errorsText(validate.errors));
    const shadowed = sarif.runs[0]!.results.filter((x) => x.ruleId === 'VPCE001');
    assert.ok(shadowed.length > 0, JSON.stringify(sarif.runs[0]!.results.map((x) => x.ruleId)));
    const uris = shadowed.flatMap((x) => x.locations.map((l) => l.physicalLocation?.artifactLocation.uri ?? ''));
    assert.ok(uris.some((u) => u.endsWith('us-west-2/describe-route-tables.json')), uris.join(', '));
  });

  it('the schema check is real: a result without a message is refused', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(SCHEMA);
    const bad = { version: '2.1.0', runs: [{ tool: { driver: { name: 'vpce' } }, results: [{ ruleId: 'VPCE001' }] }] };
    assert.equal(validate(bad), false);
  });
});
