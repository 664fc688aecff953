/** @module What an import tells its user: problems found in the data, each with where it came from. Never thrown. */

export type FindingSeverity = 'error' | 'warning' | 'note';

/**
 * One thing the import noticed. `error`: a record could not be imported (it is left out); `warning`: imported, but
 * something it names is missing (a route to a missing gateway stays, as AWS shows it: a blackhole); `note`: a file
 * or member that is not imported.
 */
export interface ImportFinding {
  readonly severity: FindingSeverity;
  /** A stable code (`missing-reference`, `unknown-file`, ...). */
  readonly code: string;
  readonly message: string;
  /** The file the record came from. */
  readonly file?: string;
  readonly resourceId?: string;
}

export class Findings {
  readonly list: ImportFinding[] = [];

  add(severity: FindingSeverity, code: string, message: string, where: { file?: string | undefined; resourceId?: string | undefined } = {}): void {
    this.list.push({
      severity, code, message,
      ...(where.file !== undefined ? { file: where.file } : {}),
      ...(where.resourceId !== undefined ? { resourceId: where.resourceId } : {}),
    });
  }
}
