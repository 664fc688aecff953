/**
 * @module One frozen wire object per immutable model record (and whatever else the wire form depends on), so
 * Describe calls neither rebuild nor re-serialize items that have not changed (the serializer reuses the XML of
 * frozen values). Records are replaced, never mutated, so a record reference is a complete cache key.
 */

export interface WireMemo<R extends object, W extends object> {
  /** The wire form of `record` for `variant` (e.g. derived state + region), built by `build` only when new. */
  get(record: R, variant: string, build: () => W): Readonly<W>;
}

export function wireMemo<R extends object, W extends object>(): WireMemo<R, W> {
  const cache = new WeakMap<R, { readonly variant: string; readonly wire: Readonly<W> }>();
  return {
    get(record, variant, build) {
      const hit = cache.get(record);
      if (hit && hit.variant === variant) return hit.wire;
      const wire = Object.freeze(build());
      cache.set(record, { variant, wire });
      return wire;
    },
  };
}
