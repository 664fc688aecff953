/**
 * @module CORS rules as S3 evaluates them, without I/O: validation of a PutBucketCors document, the first rule
 * matching a request (origin, method, requested headers), and the headers S3 answers a preflight or an actual
 * cross-origin request with.
 */
import { s3Errors } from '../../errors/s3.js';
import { s3ConfigErrors } from '../../errors/s3-config.js';

/** One CORS rule in its wire form (stored as is, returned by GetBucketCors). */
export interface CorsRule {
  readonly ID?: string;
  readonly AllowedOrigins: readonly string[];
  readonly AllowedMethods: readonly string[];
  readonly AllowedHeaders?: readonly string[];
  readonly ExposeHeaders?: readonly string[];
  readonly MaxAgeSeconds?: number;
}

/** AWS: the methods a CORS rule may allow. */
export const CORS_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'] as const;
/** AWS: at most 100 rules per configuration. */
const MAX_RULES = 100;
/** AWS: a rule ID is at most 255 characters. */
const MAX_ID = 255;

const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map((s) => String(s)) : undefined);

/** Validate a CORSConfiguration (parsed wire form); answers the rules to store. */
export function validateCorsRules(config: { readonly CORSRules?: unknown }): CorsRule[] {
  const raw = config.CORSRules;
  // AWS: the configuration holds 1 to 100 CORSRule elements.
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_RULES) throw s3Errors.malformedXml();
  return raw.map((r: Record<string, unknown>) => {
    const origins = list(r['AllowedOrigins']);
    const methods = list(r['AllowedMethods']);
    // AWS: each rule names at least one origin and one method.
    if (!origins?.length || !methods?.length) throw s3Errors.malformedXml();
    for (const m of methods) {
      if (!(CORS_METHODS as readonly string[]).includes(m)) throw s3Errors.invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
    }
    // AWS: an AllowedOrigin or AllowedHeader can contain at most one `*` wildcard.
    for (const o of origins) if (wildcards(o) > 1) throw s3Errors.invalidRequest(`AllowedOrigin "${o}" can not have more than one wildcard.`);
    const headers = list(r['AllowedHeaders']);
    for (const h of headers ?? []) if (wildcards(h) > 1) throw s3Errors.invalidRequest(`AllowedHeader "${h}" can not have more than one wildcard.`);
    const id = r['ID'];
    if (typeof id === 'string' && id.length > MAX_ID) throw s3Errors.invalidArgument('The ID length should not exceed allowed limit of 255', 'ID', id);
    const age = r['MaxAgeSeconds'];
    if (typeof age === 'number' && age < 0) throw s3Errors.malformedXml();
    const expose = list(r['ExposeHeaders']);
    const rule: { -readonly [K in keyof CorsRule]: CorsRule[K] } = { AllowedOrigins: origins, AllowedMethods: methods };
    if (typeof id === 'string') rule.ID = id;
    if (headers?.length) rule.AllowedHeaders = headers;
    if (expose?.length) rule.ExposeHeaders = expose;
    if (typeof age === 'number') rule.MaxAgeSeconds = age;
    return rule;
  });
}

const wildcards = (s: string): number => s.split('*').length - 1;

/** Whether `value` matches `pattern` (at most one `*`, which matches any run of characters). */
export function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
}

/** The header names of an `Access-Control-Request-Headers` value, lower-case. */
export function requestedHeaders(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
}

/**
 * AWS: the first rule whose AllowedOrigin matches the Origin, whose AllowedMethod is the (requested) method, and
 * whose AllowedHeader entries match every requested header (header names compare case-insensitively).
 */
export function matchingRule(rules: readonly CorsRule[], origin: string, method: string, headers: readonly string[] = []): CorsRule | undefined {
  return rules.find((r) =>
    r.AllowedOrigins.some((o) => wildcardMatch(o, origin))
    && r.AllowedMethods.includes(method)
    && headers.every((h) => (r.AllowedHeaders ?? []).some((a) => wildcardMatch(a.toLowerCase(), h))));
}

/** AWS: responses that depend on CORS vary by these request headers. */
export const CORS_VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/**
 * The Access-Control-* headers for a matched rule. AWS: a rule allowing any origin (`*`) answers `*` without
 * credentials; otherwise the request's origin, with `Access-Control-Allow-Credentials: true`.
 */
function allowHeaders(rule: CorsRule, origin: string): Record<string, string> {
  const anyOrigin = rule.AllowedOrigins.includes('*') && !rule.AllowedOrigins.some((o) => o !== '*' && wildcardMatch(o, origin));
  const out: Record<string, string> = {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
  };
  if (!anyOrigin) out['access-control-allow-credentials'] = 'true';
  if (rule.ExposeHeaders?.length) out['access-control-expose-headers'] = rule.ExposeHeaders.join(', ');
  if (rule.MaxAgeSeconds !== undefined) out['access-control-max-age'] = String(rule.MaxAgeSeconds);
  out['vary'] = CORS_VARY;
  return out;
}

/** A preflight's request facts (header values as sent). */
export interface PreflightRequest {
  readonly origin?: string;
  readonly method?: string;
  readonly requestHeaders?: string;
}

/**
 * Answer a preflight (`OPTIONS`) against a bucket's rules (undefined: the bucket has no CORS configuration).
 * AWS (API reference, "OPTIONS object"): Origin and Access-Control-Request-Method are required (400); no
 * configuration or no matching rule is 403; a match answers 200 with the rule's headers and the requested ones.
 */
export function preflightHeaders(rules: readonly CorsRule[] | undefined, req: PreflightRequest, resourceType: 'BUCKET' | 'OBJECT'): Record<string, string> {
  const { origin, method } = preflightFacts(req);
  if (rules === undefined) throw s3ConfigErrors.corsForbidden('CORSResponse: CORS is not enabled for this bucket.', method, resourceType);
  const headers = requestedHeaders(req.requestHeaders);
  const rule = matchingRule(rules, origin, method, headers);
  if (!rule) throw s3ConfigErrors.corsForbidden(s3ConfigErrors.CORS_NOT_ALLOWED, method, resourceType);
  const out = allowHeaders(rule, origin);
  if (headers.length > 0) out['access-control-allow-headers'] = headers.join(', ');
  return out;
}

/** The Origin and Access-Control-Request-Method a preflight must carry (400 BadRequest without them). */
export function preflightFacts(req: PreflightRequest): { origin: string; method: string } {
  if (req.origin === undefined || req.origin === '') throw s3ConfigErrors.preflightBadRequest('Insufficient information. Origin request header needed.');
  if (req.method === undefined || req.method === '') throw s3ConfigErrors.preflightBadRequest('Invalid Access-Control-Request-Method: null');
  return { origin: req.origin, method: req.method };
}

/**
 * The CORS headers of an actual (non-preflight) request carrying Origin: the matched rule's, else only Vary when
 * the bucket has a configuration; nothing without one.
 */
export function actualRequestHeaders(rules: readonly CorsRule[] | undefined, origin: string, method: string): Record<string, string> {
  if (rules === undefined) return {};
  const rule = matchingRule(rules, origin, method);
  return rule ? allowHeaders(rule, origin) : { vary: CORS_VARY };
}
