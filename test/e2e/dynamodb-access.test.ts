/**
 * @module DynamoDB authorization through the SDK: identity policies of IAM users (implicit and explicit
 * denies with DynamoDB's message wording), cross-account access by table ARN and table resource policies
 * (PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy, PolicyNotFoundException).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, DeleteResourcePolicyCommand, GetItemCommand, GetResourcePolicyCommand, ListTablesCommand, PutItemCommand,
  PutResourcePolicyCommand, QueryCommand, type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { rejectsWith, startHarness, type Harness } from './harness.js';

const OWNER = '111111111111';
const OTHER = '222222222222';
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${OWNER}:table/shared`;

describe('DynamoDB authorization', () => {
  let h: Harness;
  let owner: DynamoDBClient;
  before(async () => {
    h = await startHarness();
    owner = h.dynamodb(OWNER);
    await owner.send(new CreateTableCommand({
      TableName: 'shared', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }));
    await owner.send(new PutItemCommand({ TableName: 'shared', Item: { pk: { S: 'k1' }, v: { S: 'one' } } }));
  });
  after(async () => { await h.close(); });

  async function userClient(name: string, policy: object): Promise<{ client: DynamoDBClient; arn: string }> {
    const iam = h.iam(OWNER);
    const u = await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const creds = { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
    return { client: h.dynamodb(creds), arn: u.User!.Arn! };
  }

  it('allows what an identity policy allows and denies the rest with DynamoDB wording', async () => {
    const { client, arn } = await userClient('reader', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'], Resource: TABLE_ARN },
        { Effect: 'Deny', Action: 'dynamodb:PutItem', Resource: TABLE_ARN, Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['blocked'] } } },
      ],
    });
    const got = await client.send(new GetItemCommand({ TableName: 'shared', Key: { pk: { S: 'k1' } } }));
    assert.equal(got.Item?.['v']?.S, 'one');
    const q = await client.send(new QueryCommand({ TableName: 'shared', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'k1' } } }));
    assert.equal(q.Count, 1);
    let err = await rejectsWith(client.send(new ListTablesCommand({})), 'AccessDeniedException');
    assert.equal(err.message, `User: ${arn} is not authorized to perform: dynamodb:ListTables on resource: arn:aws:dynamodb:us-east-1:${OWNER}:table/* because no identity-based policy allows the dynamodb:ListTables action`);
    await client.send(new PutItemCommand({ TableName: 'shared', Item: { pk: { S: 'fine' } } }));
    err = await rejectsWith(client.send(new PutItemCommand({ TableName: 'shared', Item: { pk: { S: 'blocked' } } })), 'AccessDeniedException');
    assert.equal(err.message, `User: ${arn} is not authorized to perform: dynamodb:PutItem on resource: ${TABLE_ARN} with an explicit deny in an identity-based policy`);
    // AWS authorizes before saying whether the table exists.
    err = await rejectsWith(client.send(new GetItemCommand({ TableName: 'missing', Key: { pk: { S: 'x' } } })), 'AccessDeniedException');
    assert.match(err.message, /dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:111111111111:table\/missing because no identity-based policy allows/);
  });

  it('reaches another account\'s table by ARN only when its resource policy allows', async () => {
    const other = h.dynamodb(OTHER);
    let err = await rejectsWith(other.send(new GetItemCommand({ TableName: TABLE_ARN, Key: { pk: { S: 'k1' } } })), 'AccessDeniedException');
    assert.equal(err.message, `User: arn:aws:iam::${OTHER}:root is not authorized to perform: dynamodb:GetItem on resource: ${TABLE_ARN} because no resource-based policy allows the dynamodb:GetItem action`);
    // By name, the other account looks in its own namespace.
    await rejectsWith(other.send(new GetItemCommand({ TableName: 'shared', Key: { pk: { S: 'k1' } } })), 'ResourceNotFoundException');

    await rejectsWith(owner.send(new GetResourcePolicyCommand({ ResourceArn: TABLE_ARN })), 'PolicyNotFoundException');
    await rejectsWith(owner.send(new DeleteResourcePolicyCommand({ ResourceArn: TABLE_ARN })), 'PolicyNotFoundException');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'read', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'dynamodb:GetItem', Resource: TABLE_ARN },
        { Sid: 'noput', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'dynamodb:PutItem', Resource: TABLE_ARN },
      ],
    });
    const put = await owner.send(new PutResourcePolicyCommand({ ResourceArn: TABLE_ARN, Policy: policy, ExpectedRevisionId: 'NO_POLICY' }));
    assert.match(put.RevisionId ?? '', /^\d+$/);
    const again = await owner.send(new PutResourcePolicyCommand({ ResourceArn: TABLE_ARN, Policy: policy }));
    assert.equal(again.RevisionId, put.RevisionId, 'the same document keeps its revision');
    await rejectsWith(owner.send(new PutResourcePolicyCommand({ ResourceArn: TABLE_ARN, Policy: policy, ExpectedRevisionId: '123' })), 'PolicyNotFoundException');
    const read = await owner.send(new GetResourcePolicyCommand({ ResourceArn: TABLE_ARN }));
    assert.equal(read.Policy, policy);
    assert.equal(read.RevisionId, put.RevisionId);

    const got = await other.send(new GetItemCommand({ TableName: TABLE_ARN, Key: { pk: { S: 'k1' } } }));
    assert.equal(got.Item?.['v']?.S, 'one');
    err = await rejectsWith(other.send(new PutItemCommand({ TableName: TABLE_ARN, Item: { pk: { S: 'k2' } } })), 'AccessDeniedException');
    assert.equal(err.message, `User: arn:aws:iam::${OTHER}:root is not authorized to perform: dynamodb:PutItem on resource: ${TABLE_ARN} with an explicit deny in a resource-based policy`);

    const del = await owner.send(new DeleteResourcePolicyCommand({ ResourceArn: TABLE_ARN }));
    assert.equal(del.RevisionId, put.RevisionId);
    await rejectsWith(other.send(new GetItemCommand({ TableName: TABLE_ARN, Key: { pk: { S: 'k1' } } })), 'AccessDeniedException');
  });

  // AWS answers an invalid document "One or more parameter values were invalid: Invalid policy document: ...".
  it('validates resource policy documents with the policy engine', async () => {
    let err = await rejectsWith(owner.send(new PutResourcePolicyCommand({ ResourceArn: TABLE_ARN, Policy: '{not json' })), 'ValidationException');
    assert.match(err.message, /^One or more parameter values were invalid: Invalid policy document: /);
    err = await rejectsWith(owner.send(new PutResourcePolicyCommand({ ResourceArn: TABLE_ARN, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE_ARN }] }) })), 'ValidationException');
    assert.match(err.message, /^One or more parameter values were invalid: Invalid policy document: .*[Pp]rincipal/);
    await rejectsWith(owner.send(new PutResourcePolicyCommand({ ResourceArn: `arn:aws:dynamodb:us-east-1:${OWNER}:table/none`, Policy: '{}' })), 'ResourceNotFoundException');
  });
});
