/** @module GetCallerIdentity: who the request's credentials stand for. */
import { AwsError } from '../../errors/aws-error.js';
import { userIdOf } from '../../model/credentials.js';
import { iamPartitionKey } from '../../model/iam-ids.js';
import { GLOBAL } from '../../model/world.js';
import type { StsHandlerTable } from './context.js';

export const callerIdentityHandlers: StsHandlerTable = {
  /**
   * AWS: needs no permission. UserId is the account id for the root, `AIDA…` for a user and `AROA…:<session>`
   * for an assumed role; a session reports what it was minted with, even if its role is gone.
   */
  GetCallerIdentity(ctx) {
    const { caller } = ctx.call;
    if (caller.principalArn === '*') throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    const session = caller.accessKeyId !== undefined ? ctx.world.partition(GLOBAL).get('stsSession', caller.accessKeyId) : undefined;
    const userId = session?.principalArn === caller.principalArn
      ? session.userId
      : userIdOf((a) => ctx.world.partition(iamPartitionKey(a)), caller.principalArn);
    return { UserId: userId, Account: caller.account, Arn: caller.principalArn };
  },
};
