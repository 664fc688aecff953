/** @module Customer-managed prefix list operations through @aws-sdk/client-ec2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupIngressCommand, CreateManagedPrefixListCommand, CreateSecurityGroupCommand, CreateVpcCommand,
  DeleteManagedPrefixListCommand, DescribeManagedPrefixListsCommand, DescribeRouteTablesCommand, GetManagedPrefixListEntriesCommand,
  ModifyManagedPrefixListCommand, RevokeSecurityGroupIngressCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';

let h: Harness;
let ec2: EC2Client;
before(async () => { h = await startHarness(); ec2 = h.ec2('111111111111'); });
after(async () => { await h.close(); });

const create = (extra: Record<string, unknown> = {}) => ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: 'corp', MaxEntries: 5, AddressFamily: 'IPv4', ...extra }));

describe('CreateManagedPrefixList / DescribeManagedPrefixLists', () => {
  it('creates version 1 (create-in-progress in the response) with an ARN, owner and entries', async () => {
    const { PrefixList: pl } = await create({
      PrefixListName: 'office', Entries: [{ Cidr: '203.0.113.0/24', Description: 'hq' }, { Cidr: '198.51.100.0/24' }],
      TagSpecifications: [{ ResourceType: 'prefix-list', Tags: [{ Key: 'env', Value: 'prod' }] }],
    });
    assert.match(pl!.PrefixListId!, /^pl-[0-9a-f]{17}$/);
    assert.equal(pl!.State, 'create-in-progress');
    assert.equal(pl!.Version, 1);
    assert.equal(pl!.MaxEntries, 5);
    assert.equal(pl!.AddressFamily, 'IPv4');
    assert.equal(pl!.OwnerId, '111111111111');
    assert.equal(pl!.PrefixListArn, `arn:aws:ec2:us-east-1:111111111111:prefix-list/${pl!.PrefixListId}`);
    assert.deepEqual(pl!.Tags, [{ Key: 'env', Value: 'prod' }]);
    const d = await ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [pl!.PrefixListId!] }));
    assert.equal(d.PrefixLists![0]!.State, 'create-complete');
    const entries = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: pl!.PrefixListId }));
    assert.deepEqual(entries.Entries, [{ Cidr: '203.0.113.0/24', Description: 'hq' }, { Cidr: '198.51.100.0/24' }]);
  });

  it('filters by owner-id, prefix-list-id, prefix-list-name and tags, and pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await create({ PrefixListName: `batch-${i}`, TagSpecifications: [{ ResourceType: 'prefix-list', Tags: [{ Key: 'batch', Value: 'x' }] }] })).PrefixList!.PrefixListId!);
    const byName = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: ['batch-*'] }] }));
    assert.equal(byName.PrefixLists!.length, 3);
    const byId = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-id', Values: [ids[1]!] }] }));
    assert.deepEqual(byId.PrefixLists!.map((p) => p.PrefixListName), ['batch-1']);
    const byOwner = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'owner-id', Values: ['111111111111'] }, { Name: 'tag:batch', Values: ['x'] }] }));
    assert.equal(byOwner.PrefixLists!.length, 3);
    const page1 = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'tag-key', Values: ['batch'] }], MaxResults: 2 }));
    assert.equal(page1.PrefixLists!.length, 2);
    const page2 = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'tag-key', Values: ['batch'] }], MaxResults: 2, NextToken: page1.NextToken }));
    assert.equal(page2.PrefixLists!.length, 1);
    assert.equal(page2.NextToken, undefined);
    await rejectsWith(ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['pl-0123456789abcdef0'] })), 'InvalidPrefixListID.NotFound');
    await rejectsWith(ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['prefix-1'] })), 'InvalidPrefixListId.Malformed');
    await rejectsWith(ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'vpc-id', Values: ['x'] }] })), 'InvalidParameterValue');
  });

  it('rejects bad input (AWS: name may not start with com.amazonaws, MaxEntries 1..1000, entries match the family and fit)', async () => {
    await rejectsWith(create({ PrefixListName: 'com.amazonaws.mine' }), 'InvalidParameterValue');
    await rejectsWith(create({ PrefixListName: '' }), 'MissingParameter');
    await rejectsWith(create({ MaxEntries: 0 }), 'InvalidParameterValue');
    await rejectsWith(create({ MaxEntries: 1001 }), 'InvalidParameterValue');
    await rejectsWith(create({ AddressFamily: 'IPv5' }), 'InvalidParameterValue');
    await rejectsWith(create({ Entries: [{ Cidr: '2001:db8::/32' }] }), 'InvalidParameterValue');
    await rejectsWith(create({ AddressFamily: 'IPv6', Entries: [{ Cidr: '10.0.0.0/8' }] }), 'InvalidParameterValue');
    await rejectsWith(create({ Entries: [{ Cidr: '10.0.0.300/8' }] }), 'InvalidParameterValue');
    await rejectsWith(create({ Entries: [{ Cidr: '10.0.0.0/8' }, { Cidr: '10.0.0.0/8' }] }), 'InvalidParameterValue');
    await rejectsWith(create({ MaxEntries: 1, Entries: [{ Cidr: '10.0.0.0/8' }, { Cidr: '11.0.0.0/8' }] }), 'InvalidParameterValue');
    await rejectsWith(create({ TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }] }), 'InvalidParameterValue');
    const v6 = await create({ PrefixListName: 'v6', AddressFamily: 'IPv6', Entries: [{ Cidr: '2001:db8::/32' }] });
    assert.equal(v6.PrefixList!.AddressFamily, 'IPv6');
  });

  it('is idempotent per ClientToken (AWS: IdempotentParameterMismatch when the parameters differ)', async () => {
    const a = await create({ PrefixListName: 'idem', ClientToken: 'pl-tok' });
    const b = await create({ PrefixListName: 'idem', ClientToken: 'pl-tok' });
    assert.equal(a.PrefixList!.PrefixListId, b.PrefixList!.PrefixListId);
    await rejectsWith(create({ PrefixListName: 'idem2', ClientToken: 'pl-tok' }), 'IdempotentParameterMismatch');
    const d = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: ['idem'] }] }));
    assert.equal(d.PrefixLists!.length, 1);
  });
});

describe('ModifyManagedPrefixList / GetManagedPrefixListEntries', () => {
  it('adds and removes entries as new versions; TargetVersion reads an old one; renaming keeps the version', async () => {
    const id = (await create({ PrefixListName: 'versions', Entries: [{ Cidr: '10.0.0.0/16' }] })).PrefixList!.PrefixListId!;
    const m1 = await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, CurrentVersion: 1, AddEntries: [{ Cidr: '10.1.0.0/16', Description: 'b' }] }));
    assert.equal(m1.PrefixList!.Version, 2);
    assert.equal(m1.PrefixList!.State, 'modify-in-progress');
    const m2 = await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, RemoveEntries: [{ Cidr: '10.0.0.0/16' }], AddEntries: [{ Cidr: '10.2.0.0/16' }] }));
    assert.equal(m2.PrefixList!.Version, 3);
    const now = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id }));
    assert.deepEqual(now.Entries!.map((e) => e.Cidr).sort(), ['10.1.0.0/16', '10.2.0.0/16']);
    const v1 = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, TargetVersion: 1 }));
    assert.deepEqual(v1.Entries!.map((e) => e.Cidr), ['10.0.0.0/16']);
    await rejectsWith(ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, TargetVersion: 9 })), 'InvalidParameterValue');
    const renamed = await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, PrefixListName: 'renamed' }));
    assert.equal(renamed.PrefixList!.Version, 3);
    assert.equal(renamed.PrefixList!.PrefixListName, 'renamed');
    const d = await ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [id] }));
    assert.equal(d.PrefixLists![0]!.State, 'modify-complete');
    await rejectsWith(ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-0123456789abcdef0' })), 'InvalidPrefixListID.NotFound');
  });

  it('pages entries with MaxResults/NextToken', async () => {
    const id = (await create({ PrefixListName: 'paged', MaxEntries: 10, Entries: Array.from({ length: 7 }, (_, i) => ({ Cidr: `10.${i}.0.0/16` })) })).PrefixList!.PrefixListId!;
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, MaxResults: 3, NextToken: token }));
      assert.ok(page.Entries!.length <= 3);
      seen.push(...page.Entries!.map((e) => e.Cidr!));
      token = page.NextToken;
    } while (token);
    assert.equal(seen.length, 7);
  });

  it('rejects a stale CurrentVersion (AWS: PrefixListVersionMismatch), entries with MaxEntries together, and overflows', async () => {
    const id = (await create({ PrefixListName: 'strict', MaxEntries: 2, Entries: [{ Cidr: '10.0.0.0/16' }] })).PrefixList!.PrefixListId!;
    await rejectsWith(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, CurrentVersion: 7, AddEntries: [{ Cidr: '10.1.0.0/16' }] })), 'PrefixListVersionMismatch');
    await rejectsWith(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, MaxEntries: 3, AddEntries: [{ Cidr: '10.1.0.0/16' }] })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, AddEntries: [{ Cidr: '10.1.0.0/16' }, { Cidr: '10.2.0.0/16' }] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, RemoveEntries: [{ Cidr: '10.9.0.0/16' }] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, AddEntries: [{ Cidr: '10.0.0.0/16' }] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, PrefixListName: 'com.amazonaws.x' })), 'InvalidParameterValue');
    // AWS: MaxEntries can be resized, but not below the current number of entries.
    await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, AddEntries: [{ Cidr: '10.1.0.0/16' }] }));
    await rejectsWith(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, MaxEntries: 1 })), 'InvalidParameterValue');
    const resized = await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, MaxEntries: 10 }));
    assert.equal(resized.PrefixList!.MaxEntries, 10);
    assert.equal(resized.PrefixList!.Version, 2);
    await rejectsWith(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: 'pl-0123456789abcdef0', PrefixListName: 'x' })), 'InvalidPrefixListID.NotFound');
  });
});

describe('DeleteManagedPrefixList', () => {
  it('deletes an unreferenced list (delete-in-progress in the response), then it is not found', async () => {
    const id = (await create({ PrefixListName: 'doomed' })).PrefixList!.PrefixListId!;
    const d = await ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id }));
    assert.equal(d.PrefixList!.State, 'delete-in-progress');
    await rejectsWith(ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [id] })), 'InvalidPrefixListID.NotFound');
    await rejectsWith(ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id })), 'InvalidPrefixListID.NotFound');
  });

  it('refuses while a security group rule references it (AWS: "You must first remove all references")', async () => {
    const id = (await create({ PrefixListName: 'sg-ref', Entries: [{ Cidr: '192.0.2.0/24' }] })).PrefixList!.PrefixListId!;
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'pl', Description: 'pl' }))).GroupId!;
    const perm = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: id }] };
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [perm] }));
    await rejectsWith(ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id })), 'DependencyViolation');
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [perm] }));
    await ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id }));
  });

  it('refuses while a route table route has it as destination', async () => {
    const id = (await create({ PrefixListName: 'rt-ref', Entries: [{ Cidr: '192.0.2.0/24' }] })).PrefixList!.PrefixListId!;
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.41.0.0/16' }))).Vpc!.VpcId!;
    const rt = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
    // The route-table operations are another family's; place the route through the model directly.
    const withRoute = (on: boolean): void => h.world.transact((tx) => {
      const p = tx.in('111111111111', 'us-east-1');
      const table = p.get('routeTable', rt)!;
      const routes = table.routes.filter((r) => !(r.destination.type === 'prefixList' && r.destination.prefixListId === id));
      if (on) routes.push({ destination: { type: 'prefixList', prefixListId: id }, target: { type: 'local' }, origin: 'CreateRoute' });
      p.put({ ...table, routes });
    });
    withRoute(true);
    await rejectsWith(ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id })), 'DependencyViolation');
    withRoute(false);
    await ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id }));
  });
});
