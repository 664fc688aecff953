/** @module Every ELBv2 handler family, merged into one table keyed by operation name. */
import { catalogHandlers } from './catalog.js';
import type { Elbv2HandlerTable } from './context.js';
import { loadBalancerHandlers } from './load-balancers.js';
import { tagHandlers } from './tags.js';
import { targetGroupHandlers } from './target-groups.js';

export const elbv2Handlers: Elbv2HandlerTable = { ...loadBalancerHandlers, ...targetGroupHandlers, ...tagHandlers, ...catalogHandlers };
