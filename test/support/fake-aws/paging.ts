/** Opaque page tokens (Marker / nextToken) as AWS hands them out: callers must not parse them. */

export function encodeToken(position: Record<string, number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64');
}

export function decodeToken(token: string | undefined | null): Record<string, number> | undefined {
  if (!token) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, number>) : undefined;
  } catch {
    return undefined;
  }
}

/** One page of `items` from the offset in `marker`; `next` is absent on the last page. */
export function page<T>(items: readonly T[], marker: string | null | undefined, limit: number): { items: T[]; next?: string } {
  const start = decodeToken(marker)?.offset ?? 0;
  const end = start + limit;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { next: encodeToken({ offset: end }) } : {}),
  };
}
