/**
 * @module Finding and reading the JSON files `vpce import` is given: one file, or a folder walked recursively
 * (Batfish's layout: one folder per Region; S3 outputs in `s3/<bucket>/`). Unreadable files are reported, not fatal.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { SourceDocument } from '../analyzer/documents.js';
import type { ImportFinding } from '../analyzer/findings.js';
import { regionInfo } from '../model/regions.js';

function jsonFiles(path: string): string[] {
  const st = statSync(path);
  if (!st.isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => {
    if (name.startsWith('.')) return [];
    const p = join(path, name);
    return statSync(p).isDirectory() ? jsonFiles(p) : name.toLowerCase().endsWith('.json') ? [p] : [];
  });
}

/** What the path says about a file: the Region folder, the bucket folder, a prefix list id in the name. */
function placeOf(root: string, file: string): Pick<SourceDocument, 'region' | 'bucket' | 'prefixListId' | 'serviceId'> {
  const parts = relative(root, file).split(sep);
  const dirs = parts.slice(0, -1);
  const region = [...dirs].reverse().find((d) => regionInfo(d) !== undefined);
  const s3 = dirs.lastIndexOf('s3');
  const name = basename(file);
  const named = /^get-bucket-(?:policy|location)\.(.+)\.json$/i.exec(name)?.[1];
  const bucket = s3 >= 0 && dirs[s3 + 1] !== undefined ? dirs[s3 + 1] : named;
  const pl = /pl-[0-9a-f]{8,17}/.exec(name)?.[0];
  const svc = /vpce-svc-[0-9a-f]{8,17}/.exec(name)?.[0];
  return {
    ...(region !== undefined ? { region } : {}), ...(bucket !== undefined ? { bucket } : {}), ...(pl !== undefined ? { prefixListId: pl } : {}),
    ...(svc !== undefined ? { serviceId: svc } : {}),
  };
}

/** Every JSON document under `path` (a JSON array of outputs counts as one document each), and read problems. */
export function readSourceDocuments(path: string, progress?: (done: number, total: number) => void): { docs: SourceDocument[]; problems: ImportFinding[] } {
  const docs: SourceDocument[] = [];
  const problems: ImportFinding[] = [];
  const root = statSync(path).isDirectory() ? path : join(path, '..');
  const files = jsonFiles(path);
  for (const [n, file] of files.entries()) {
    progress?.(n + 1, files.length);
    let body: unknown;
    try {
      body = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch (e) {
      problems.push({ severity: 'warning', code: 'unreadable-file', message: `not JSON (${(e as Error).message}); skipped`, file });
      continue;
    }
    const place = placeOf(root, file);
    for (const b of Array.isArray(body) ? body : [body]) docs.push({ file, ...place, body: b });
  }
  return { docs, problems };
}
