/**
 * @module The console's ELBv2 Query API calls (load balancers for the endpoint service form), posted to `/` like the
 * EC2 calls in `api.ts` but signed for `elasticloadbalancing` with ELBv2's version; answers are XML with `member` lists.
 */
import { ApiError, child, postForm, text, type Params, type Scope } from './api.js';

/** One ELBv2 call; resolves to the response's root element, rejects with ApiError on an AWS error. */
export async function elbv2Call(scope: Scope, action: string, params: Params = {}): Promise<Element> {
  const res = await postForm(scope, 'elasticloadbalancing', '/', new URLSearchParams({ Action: action, Version: '2015-12-01', ...params }));
  const body = await res.text();
  const root = new DOMParser().parseFromString(body, 'application/xml').documentElement;
  if (root === null || root.getElementsByTagName('parsererror').length > 0) {
    throw new ApiError('BadResponse', `vpce answered ${res.status} with something that is not XML: ${body.slice(0, 200)}`, res.status);
  }
  const error = root.getElementsByTagName('Error')[0];
  if (error !== undefined || !res.ok) throw new ApiError(text(error, 'Code') || `HTTP${res.status}`, text(error, 'Message') || body.slice(0, 200), res.status);
  return root;
}

export interface LoadBalancer { readonly arn: string; readonly name: string; readonly type: string; readonly vpcId: string; readonly state: string; readonly scheme: string }

/** Every load balancer of the account and Region (DescribeLoadBalancers, following `NextMarker`). */
export async function describeLoadBalancers(scope: Scope): Promise<LoadBalancer[]> {
  const out: LoadBalancer[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 50; page++) {
    const root = await elbv2Call(scope, 'DescribeLoadBalancers', marker === undefined ? {} : { Marker: marker });
    const result = child(root, 'DescribeLoadBalancersResult');
    for (const m of Array.from(child(result, 'LoadBalancers')?.children ?? [])) {
      out.push({
        arn: text(m, 'LoadBalancerArn'), name: text(m, 'LoadBalancerName'), type: text(m, 'Type'), vpcId: text(m, 'VpcId'),
        state: text(child(m, 'State'), 'Code'), scheme: text(m, 'Scheme'),
      });
    }
    marker = text(result, 'NextMarker') || undefined;
    if (marker === undefined) break;
  }
  return out;
}
