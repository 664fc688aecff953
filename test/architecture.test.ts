/**
 * @module The layering rule, enforced: imports point down only (docs/ARCHITECTURE.md), and the pure layers
 * (model, iam, engine, protocol, services, analyzer) do no I/O of their own.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Which layers each layer may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  errors: ['specs', 'shared'],
  specs: [],
  iam: ['shared'],
  persistence: ['shared'],
  protocol: ['specs', 'errors', 'shared'],
  model: ['persistence', 'errors', 'shared', 'iam'],
  engine: ['model', 'iam', 'errors', 'shared'],
  services: ['model', 'engine', 'iam', 'protocol', 'specs', 'errors', 'shared'],
  analyzer: ['engine', 'model', 'iam', 'errors', 'shared'],
  lint: ['analyzer', 'engine', 'model', 'iam', 'errors', 'shared'],
  server: ['services', 'protocol', 'model', 'engine', 'iam', 'persistence', 'specs', 'errors', 'shared', 'lint'],
  console: ['analyzer', 'services', 'model', 'engine', 'iam', 'errors', 'shared', 'specs'],
  cli: ['server', 'console', 'analyzer', 'lint', 'services', 'protocol', 'model', 'engine', 'iam', 'persistence', 'specs', 'errors', 'shared'],
};

/**
 * Ports: a service declares the storage it needs (`services/<name>/storage.ts` or `store.ts`, types only) and
 * `persistence` implements it, importing those types (`import type`) and nothing else from above.
 */
const PORT = /\/services\/[^/]+\/(storage|store)\.js$/;

/** Node modules that do I/O; the pure layers may not import them. */
const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|dgram|dns|worker_threads|cluster)$/;
const PURE = new Set(['model', 'iam', 'engine', 'protocol', 'services', 'analyzer', 'lint']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function layerOf(file: string): string {
  return relative(SRC, file).split('/')[0]!;
}

describe('architecture', () => {
  const files = sourceFiles(SRC);
  it('knows every layer folder', () => {
    for (const f of files) {
      const layer = layerOf(f);
      if (layer.endsWith('.ts')) continue;
      assert.ok(layer in ALLOWED, `unknown layer folder src/${layer}: add it to ALLOWED and docs/ARCHITECTURE.md`);
    }
  });

  it('imports point down only, and pure layers do no I/O', () => {
    const problems: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(import|export)\s(type\s)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const spec = m[3]!;
        const typeOnly = m[2] !== undefined;
        const where = relative(SRC, file);
        if (spec.startsWith('.')) {
          const target = layerOf(resolve(dirname(file), spec));
          const port = layer === 'persistence' && target === 'services' && typeOnly && PORT.test(spec);
          if (target !== layer && !port && !(ALLOWED[layer] ?? []).includes(target)) problems.push(`${where} imports ${target} (${spec})`);
        } else if (PURE.has(layer) && IO_MODULES.test(spec)) {
          problems.push(`${where} is in a pure layer but imports ${spec}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
