/** At most `max` characters; a shortened text ends with an ellipsis so readers see it was cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
