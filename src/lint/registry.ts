/** @module Every lint rule, in id order. A new rule gets the next id; an id is never reused. */
import { vpce001 } from './rules/vpce001-shadowed-gateway-route.js';
import { vpce002 } from './rules/vpce002-source-ip-through-endpoint.js';
import { vpce003 } from './rules/vpce003-source-vpce-unrouted.js';
import { vpce004 } from './rules/vpce004-admin-lockout.js';
import { vpce005 } from './rules/vpce005-sg-egress-to-service.js';
import { vpce006 } from './rules/vpce006-endpoint-sg-ingress.js';
import { vpce007 } from './rules/vpce007-nacl-blocks-service.js';
import { vpce008 } from './rules/vpce008-private-dns-without-vpc-dns.js';
import { vpce009 } from './rules/vpce009-duplicate-private-dns.js';
import { vpce010 } from './rules/vpce010-gateway-endpoint-from-peer.js';
import { vpce011 } from './rules/vpce011-nat-instead-of-gateway-endpoint.js';
import { vpce012 } from './rules/vpce012-single-az-interface-endpoint.js';
import { vpce013 } from './rules/vpce013-open-endpoint-service.js';
import { vpce014 } from './rules/vpce014-unused-endpoint.js';
import { vpce015 } from './rules/vpce015-endpoint-in-other-region.js';
import { vpce016 } from './rules/vpce016-endpoint-policy-blocks-managed-buckets.js';
import { vpce017 } from './rules/vpce017-bucket-in-other-region.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [
  vpce001, vpce002, vpce003, vpce004, vpce005, vpce006, vpce007, vpce008, vpce009, vpce010, vpce011, vpce012, vpce013, vpce014, vpce015, vpce016, vpce017,
];
