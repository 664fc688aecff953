/**
 * @module SARIF 2.1.0 output (OASIS Static Analysis Results Interchange Format), the subset GitHub code scanning
 * reads: tool.driver.rules (id, name, descriptions, help, helpUri, default level) and results (ruleId, ruleIndex,
 * level, message, locations, partialFingerprints). A resource is a logical location named by its ARN; a resource
 * that came from an imported file also gets a physical location in that file.
 */
import { createHash } from 'node:crypto';
import { proofLines } from './proof-text.js';
import type { LintReport, ResourceRef, SourceLocation } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  readonly toolVersion: string;
  /** Where an imported resource came from, if the state knows. */
  readonly sourceOf?: (resource: ResourceRef) => SourceLocation | undefined;
  /**
   * A repository-relative file that holds the state (e.g. `.vpce/state.db`), given to resources with no imported
   * source: GitHub code scanning needs a physical location with an artifact URI on every result.
   */
  readonly stateUri?: string;
}

function location(r: ResourceRef, o: SarifOptions): Record<string, unknown> {
  const logical = { name: r.id, fullyQualifiedName: r.arn, kind: 'resource' };
  const src = o.sourceOf?.(r) ?? (o.stateUri !== undefined ? { file: o.stateUri } : undefined);
  return {
    ...(src ? { physicalLocation: { artifactLocation: { uri: src.file } } } : {}),
    logicalLocations: [logical],
    ...(src?.pointer !== undefined ? { properties: { jsonPointer: src.pointer } } : {}),
  };
}

export function formatSarif(report: LintReport, o: SarifOptions): string {
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'vpce-lint',
          semanticVersion: o.toolVersion,
          informationUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints.html',
          rules: report.rules.map((r) => ({
            id: r.id, name: r.name,
            shortDescription: { text: r.title },
            fullDescription: { text: r.description },
            help: { text: `${r.help} See ${r.helpUri}`, markdown: `${r.help}\n\nAWS documentation: [${r.helpUri}](${r.helpUri})` },
            helpUri: r.helpUri,
            defaultConfiguration: { level: r.severity },
            properties: { tags: ['aws', 'vpc-endpoint', 'network'] },
          })),
        },
      },
      // A rule that failed to run is a tool execution notification, and the run unsuccessful.
      invocations: [{
        executionSuccessful: (report.failures ?? []).length === 0,
        toolExecutionNotifications: (report.failures ?? []).map((x) => ({ level: 'error', message: { text: `${x.ruleId} failed to run: ${x.message}` }, associatedRule: { id: x.ruleId, index: index.get(x.ruleId) ?? -1 } })),
      }],
      results: report.findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId) ?? 0,
        level: f.severity,
        message: { text: f.message },
        locations: f.resources.slice(0, 1).map((r) => location(r, o)),
        ...(f.resources.length > 1 ? { relatedLocations: f.resources.slice(1).map((r, i) => ({ id: i + 1, ...location(r, o) })) } : {}),
        // A stable identity across runs: the rule and the resources it names.
        partialFingerprints: { 'vpceFinding/v1': createHash('sha256').update(`${f.ruleId}|${f.resources.map((r) => r.arn).join('|')}`).digest('hex').slice(0, 32) },
        properties: { proof: f.proof.flatMap(proofLines), ...(f.data ? { data: f.data } : {}) },
      })),
      columnKind: 'unicodeCodePoints',
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
