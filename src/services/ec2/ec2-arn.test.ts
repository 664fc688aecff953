/** @module ec2Arn (templates split once) against the Service Authorization Reference's templates filled in by text replacement. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ec2Authorization } from '../../specs/ec2-authorization.js';
import { ec2Arn } from './authorization.js';

/** The template filled in the plain way: `${Partition}`, the first `${Region}` and `${Account}`, the trailing variable. */
const filled = (template: string, region: string, account: string, id: string): string =>
  template.replace('${Partition}', 'aws').replace('${Region}', () => region).replace('${Account}', () => account).replace(/\$\{[A-Za-z0-9]+\}$/, () => id);

describe('ec2Arn', () => {
  it('fills every resource type template as the reference writes it (ids taken as text, `$&` included)', () => {
    for (const [type, template] of Object.entries(ec2Authorization.resourceTypes)) {
      for (const id of ['vpc-0123456789abcdef0', '*', '$&x$1', '']) {
        assert.equal(ec2Arn(type, 'eu-west-1', '111122223333', id), filled(template, 'eu-west-1', '111122223333', id), `${type} ${id}`);
      }
    }
  });

  it('names a type the reference lacks as arn:aws:ec2:<region>:<account>:<type>/<id>', () => {
    assert.equal(ec2Arn('no-such-type', 'us-east-1', '111122223333', 'x-1'), 'arn:aws:ec2:us-east-1:111122223333:no-such-type/x-1');
  });
});
