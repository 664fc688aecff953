/**
 * @module The account and Region the console acts as, remembered in localStorage; credentials, when the user gives
 * them, only in sessionStorage (this tab, until it closes), never beside the account choice.
 */
import type { Scope } from './api.js';
import type { Credentials } from './sigv4.js';

const ACCOUNT_KEY = 'vpce.console.account';
const REGION_KEY = 'vpce.console.region';
const RECENT_KEY = 'vpce.console.recentAccounts';
const CREDENTIALS_KEY = 'vpce.console.credentials';

export const ACCOUNT_ID = /^\d{12}$/;

function read(key: string): string | null {
  try { return localStorage.getItem(key); } catch { return null; }
}

function write(key: string, value: string): void {
  try { localStorage.setItem(key, value); } catch { /* storage disabled: the choice lasts for this page only */ }
}

/** The server's default account, written into index.html by the server. */
function serverDefaultAccount(): string {
  const v = document.querySelector('meta[name="vpce-default-account"]')?.getAttribute('content') ?? '';
  return ACCOUNT_ID.test(v) ? v : '000000000000';
}

export function initialScope(): Scope {
  const account = read(ACCOUNT_KEY);
  const region = read(REGION_KEY);
  const credentials = sessionCredentials();
  return {
    account: account !== null && ACCOUNT_ID.test(account) ? account : serverDefaultAccount(),
    region: region !== null && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) ? region : 'us-east-1',
    ...(credentials === undefined ? {} : { credentials }),
  };
}

function sessionCredentials(): Credentials | undefined {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(CREDENTIALS_KEY) ?? 'null');
    if (typeof v !== 'object' || v === null) return undefined;
    const { accessKeyId, secretAccessKey, sessionToken } = v as Record<string, unknown>;
    if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') return undefined;
    return typeof sessionToken === 'string' && sessionToken !== '' ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  } catch {
    return undefined;
  }
}

/** Keep (or, with undefined, forget) the credentials for this tab. */
export function rememberCredentials(credentials: Credentials | undefined): void {
  try {
    if (credentials === undefined) sessionStorage.removeItem(CREDENTIALS_KEY);
    else sessionStorage.setItem(CREDENTIALS_KEY, JSON.stringify(credentials));
  } catch { /* storage disabled: the credentials last for this page only */ }
}

export function rememberScope(scope: Scope): void {
  write(ACCOUNT_KEY, scope.account);
  write(REGION_KEY, scope.region);
  const recent = recentAccounts().filter((a) => a !== scope.account);
  write(RECENT_KEY, JSON.stringify([scope.account, ...recent].slice(0, 8)));
}

export function recentAccounts(): string[] {
  try {
    const v: unknown = JSON.parse(read(RECENT_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string' && ACCOUNT_ID.test(a)) : [];
  } catch {
    return [];
  }
}
