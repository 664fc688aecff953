/** @module Small hooks: data loaded from the API, and the hash route. */
import { useCallback, useEffect, useState } from 'preact/hooks';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly value: T }
  | { readonly state: 'error'; readonly error: Error };

/**
 * Run `load` whenever `deps` change; `reload` runs it again. A stale answer never overwrites a newer one. `reload`
 * shows "loading" at once, in the same render as the caller's own changes: a form that closes after a save never
 * draws one frame of the value from before the save.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => { if (live) setResult({ state: 'ok', value }); },
      (error: unknown) => { if (live) setResult({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }); },
    );
    return () => { live = false; };
  }, [...deps, tick]);
  const reload = useCallback(() => {
    setResult({ state: 'loading' });
    setTick((t) => t + 1);
  }, []);
  return [result, reload];
}

/** The path after `#` (`/endpoints/vpce-1`), kept in sync with the address bar. */
export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const on = (): void => setRoute(currentRoute());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

function currentRoute(): string {
  const h = location.hash.replace(/^#/, '');
  return h === '' ? '/endpoints' : h;
}

export function navigate(route: string): void {
  location.hash = `#${route}`;
}
