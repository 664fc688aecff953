/**
 * @module The predefined ELBv2 security policies (AWS: "Security policies for your Application Load Balancer" and
 * "... for your Network Load Balancer"): name, TLS protocol versions and ciphers in priority order.
 */

/** TLS 1.3 cipher suites, in AWS's priority order. */
const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
/** ECDHE suites with AES-GCM only (the "Res" policies). */
const ECDHE_GCM = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'];
/** ECDHE suites for TLS 1.2 (GCM and SHA-2 CBC). */
const ECDHE_12 = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384',
];
/** Every ECDHE suite (adds the SHA-1 CBC ones). */
const ECDHE_ALL = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA', 'ECDHE-ECDSA-AES256-SHA',
];
/** RSA key exchange suites for TLS 1.2. */
const RSA_12 = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256'];
/** Every RSA key exchange suite. */
const RSA_ALL = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES128-SHA', 'AES256-GCM-SHA384', 'AES256-SHA256', 'AES256-SHA'];
/** The classic default suite list (ELBSecurityPolicy-2016-08). */
const CLASSIC = [...ECDHE_ALL, ...RSA_ALL];

const V10 = ['TLSv1', 'TLSv1.1', 'TLSv1.2'];
const V11 = ['TLSv1.1', 'TLSv1.2'];
const V12 = ['TLSv1.2'];

export interface SslPolicy {
  readonly name: string;
  readonly protocols: readonly string[];
  readonly ciphers: readonly string[];
  readonly loadBalancerTypes: readonly ('application' | 'network')[];
}

const BOTH = ['application', 'network'] as const;

function policy(name: string, protocols: readonly string[], ciphers: readonly string[]): SslPolicy {
  return { name, protocols, ciphers, loadBalancerTypes: BOTH };
}

/** AWS's predefined policies; `ELBSecurityPolicy-2016-08` is the API default for HTTPS and TLS listeners. */
export const SSL_POLICIES: readonly SslPolicy[] = [
  policy('ELBSecurityPolicy-TLS13-1-2-2021-06', ['TLSv1.2', 'TLSv1.3'], [...TLS13, ...ECDHE_12]),
  policy('ELBSecurityPolicy-TLS13-1-2-Res-2021-06', ['TLSv1.2', 'TLSv1.3'], [...TLS13, ...ECDHE_GCM]),
  policy('ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', ['TLSv1.2', 'TLSv1.3'], [...TLS13, ...ECDHE_12, ...RSA_12]),
  policy('ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', ['TLSv1.2', 'TLSv1.3'], [...TLS13, ...CLASSIC]),
  policy('ELBSecurityPolicy-TLS13-1-1-2021-06', ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'], [...TLS13, ...CLASSIC]),
  policy('ELBSecurityPolicy-TLS13-1-0-2021-06', ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], [...TLS13, ...CLASSIC]),
  policy('ELBSecurityPolicy-TLS13-1-3-2021-06', ['TLSv1.3'], TLS13),
  policy('ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04', ['TLSv1.2', 'TLSv1.3'], ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', ...ECDHE_12]),
  policy('ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04', ['TLSv1.3'], ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384']),
  policy('ELBSecurityPolicy-2016-08', V10, CLASSIC),
  policy('ELBSecurityPolicy-TLS-1-0-2015-04', V10, [...CLASSIC, 'DES-CBC3-SHA']),
  policy('ELBSecurityPolicy-TLS-1-1-2017-01', V11, CLASSIC),
  policy('ELBSecurityPolicy-TLS-1-2-2017-01', V12, [...ECDHE_12, ...RSA_12]),
  policy('ELBSecurityPolicy-TLS-1-2-Ext-2018-06', V12, CLASSIC),
  policy('ELBSecurityPolicy-FS-2018-06', V10, ECDHE_ALL),
  policy('ELBSecurityPolicy-FS-1-1-2019-08', V11, ECDHE_ALL),
  policy('ELBSecurityPolicy-FS-1-2-2019-08', V12, ECDHE_ALL),
  policy('ELBSecurityPolicy-FS-1-2-Res-2019-08', V12, ECDHE_12),
  policy('ELBSecurityPolicy-FS-1-2-Res-2020-10', V12, ECDHE_GCM),
  policy('ELBSecurityPolicy-2015-05', V10, CLASSIC),
];

export function isSslPolicyName(name: string): boolean {
  return SSL_POLICIES.some((p) => p.name === name);
}
