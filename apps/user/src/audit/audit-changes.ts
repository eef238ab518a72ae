/**
 * Builds the `changes` document of an audit record: only the fields that differ between
 * `before` and `after`, with anything that looks like a credential removed at every depth.
 * The audit log is append-only, so a secret written there could never be erased.
 */

// Matched against field names, case-insensitively: passwordHash, refresh_token, apiKey, keyHash…
const SECRET_FIELD =
  /password|passwd|passphrase|hash|token|secret|key|credential|salt|otp|cookie|authorization/i;

export type AuditChanges = { before?: Record<string, unknown>; after?: Record<string, unknown> };

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** A JSON-safe copy of `value` without secret fields; Dates become ISO strings. */
export function stripSecrets(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(stripSecrets);
  if (typeof value === 'object') {
    const clean: Record<string, unknown> = {};
    for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
      if (isSecretField(field) || inner === undefined || typeof inner === 'function') continue;
      clean[field] = stripSecrets(inner);
    }
    return clean;
  }
  return value;
}

export function diffChanges(before?: object | null, after?: object | null): AuditChanges {
  const from = (before ? stripSecrets(before) : {}) as Record<string, unknown>;
  const to = (after ? stripSecrets(after) : {}) as Record<string, unknown>;
  if (!before && !after) return {};
  if (!before) return { after: to };
  if (!after) return { before: from };
  const changes: Required<AuditChanges> = { before: {}, after: {} };
  for (const field of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (JSON.stringify(from[field] ?? null) === JSON.stringify(to[field] ?? null)) continue;
    changes.before[field] = from[field] ?? null;
    changes.after[field] = to[field] ?? null;
  }
  return changes;
}
