/** @module Lenient readers of AWS CLI JSON (`aws ... describe-*` output): absent or mistyped members read as undefined, never throw. */
import type { Tags } from '../model/tags.js';

/** A JSON object as the CLI prints it. */
export type Json = Readonly<Record<string, unknown>>;

export function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
}

/** The objects of a list member (non-objects dropped). */
export function objs(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(obj).filter((o): o is Json => o !== undefined) : [];
}

/** The strings of a list member. */
export function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** `Tags: [{Key, Value}]` as the model keeps them. */
export function tagsOf(o: Json): Tags {
  return objs(o['Tags'] ?? o['TagSet']).flatMap((t) => {
    const key = str(t['Key']);
    return key === undefined ? [] : [{ key, value: str(t['Value']) ?? '' }];
  });
}

/**
 * Epoch milliseconds of a CLI timestamp: ISO 8601 (`2020-03-03T01:21:04+00:00`, also with a space as the CLI's
 * older output prints it) or epoch seconds; `fallback` when absent or unreadable.
 */
export function time(v: unknown, fallback: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? v * 1000 : v;
  if (typeof v !== 'string') return fallback;
  const t = Date.parse(v.replace(' ', 'T'));
  return Number.isFinite(t) ? t : fallback;
}
