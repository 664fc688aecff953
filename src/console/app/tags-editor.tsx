/**
 * @module A resource's tags, shown and edited: the changes go out as one DeleteTags (keys removed) and one
 * CreateTags (keys added or changed), the calls the CLI would make; the API judges keys and values.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ec2, type Scope } from './api.js';
import { ErrorBox } from './ui.js';

interface Row { readonly key: string; readonly value: string }

/** Sends the removals then the additions and changes (for services whose tag calls are not EC2's). */
export type TagWriter = (removed: readonly string[], changed: readonly Row[]) => Promise<void>;

export function TagsEditor({ scope, resourceId, tags, onSaved, write }: {
  readonly scope: Scope;
  readonly resourceId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly onSaved: () => void;
  /** Default: EC2's DeleteTags and CreateTags. */
  readonly write?: TagWriter;
}): JSX.Element {
  const [rows, setRows] = useState<readonly Row[] | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const entries = Object.entries(tags);

  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (rows === undefined) return;
    const wanted = rows.filter((r) => r.key !== '');
    const removed = Object.keys(tags).filter((k) => !wanted.some((r) => r.key === k));
    const changed = wanted.filter((r) => tags[r.key] !== r.value);
    setBusy(true);
    setError(undefined);
    try {
      if (write !== undefined) await write(removed, changed);
      else {
        if (removed.length > 0) {
          const p: Record<string, string> = { 'ResourceId.1': resourceId };
          removed.forEach((k, i) => { p[`Tag.${i + 1}.Key`] = k; });
          await ec2(scope, 'DeleteTags', p);
        }
        if (changed.length > 0) {
          const p: Record<string, string> = { 'ResourceId.1': resourceId };
          changed.forEach((r, i) => { p[`Tag.${i + 1}.Key`] = r.key; p[`Tag.${i + 1}.Value`] = r.value; });
          await ec2(scope, 'CreateTags', p);
        }
      }
      setRows(undefined);
      onSaved();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      {rows === undefined ? (
        <>
          {entries.length === 0 ? <p class="muted">No tags.</p> : (
            <div class="table-wrap"><table>
              <thead><tr><th scope="col">Key</th><th scope="col">Value</th></tr></thead>
              <tbody>{entries.map(([k, v]) => <tr key={k}><td>{k}</td><td>{v}</td></tr>)}</tbody>
            </table></div>
          )}
          <p><button type="button" onClick={() => { setRows(entries.map(([key, value]) => ({ key, value }))); setError(undefined); }}>Edit tags</button></p>
        </>
      ) : (
        <form class="stack" onSubmit={(e) => { void save(e); }}>
          {rows.map((t, i) => (
            <div class="inline" key={i}>
              <label>Key <input type="text" name={`tag-key-${i}`} value={t.key} onInput={(e) => setRows(rows.map((r, j) => j === i ? { ...r, key: e.currentTarget.value } : r))} /></label>
              <label>Value <input type="text" name={`tag-value-${i}`} value={t.value} onInput={(e) => setRows(rows.map((r, j) => j === i ? { ...r, value: e.currentTarget.value } : r))} /></label>
              <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={`Remove tag ${t.key || i + 1}`}>Remove</button>
            </div>
          ))}
          <p><button type="button" onClick={() => setRows([...rows, { key: '', value: '' }])}>Add tag</button></p>
          {error !== undefined ? <ErrorBox error={error} /> : null}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>Save tags</button>
            <button type="button" onClick={() => { setRows(undefined); setError(undefined); }}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}
