import type { NotificationData } from './notifications.types';

/** What stands where a secret (a one-time code, a link with a token) was. */
export const REDACTED = '[redacted]';

interface RenderedParts {
  subject?: string;
  text?: string;
  html?: string;
  title?: string;
  payload?: Record<string, unknown>;
}

/** The variables as they may be kept: the ones a template declares sensitive are replaced. */
export function redactVariables(
  variables: Record<string, unknown>,
  sensitive: readonly string[] = [],
): Record<string, unknown> {
  if (sensitive.length === 0) return variables;
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name, sensitive.includes(name) ? REDACTED : value]),
  );
}

/**
 * Whether this channel's rendered content shows the value of a sensitive variable: only then
 * must its text go once delivered (an in-app note saying "we sent you a code" may stay).
 */
export function carriesSecret(
  content: RenderedParts,
  variables: Record<string, unknown>,
  sensitive: readonly string[] = [],
): boolean {
  const rendered = [
    content.subject,
    content.text,
    content.html,
    content.title,
    JSON.stringify(content.payload),
  ]
    .filter(Boolean)
    .join('\n');
  return sensitive.some((name) => {
    const value = variables[name];
    return (
      value !== undefined && value !== null && String(value).length > 0 && rendered.includes(String(value))
    );
  });
}

/** The stored content once a secret-bearing notification is finished: nothing left to leak. */
export function scrubbed(data: NotificationData): { body: string; data: NotificationData } {
  const { html: _html, payload: _payload, title: _title, ...kept } = data;
  return { body: REDACTED, data: { ...kept, sensitive: true, scrubbed: true } };
}
