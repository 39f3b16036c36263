import type { Response } from 'express';
import { invalidRequest } from './errors.js';

/** What the REST middleware leaves for route handlers. */
export interface ApiLocals {
  apiVersion: string;
  params: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | null;
}

export function apiLocals(res: Response): ApiLocals {
  return res.locals as ApiLocals;
}

/**
 * The `expand[]` paths of a request, checked against what the resource can expand. In list calls paths
 * start with `data.`, which is stripped.
 */
export function expansions(
  expand: readonly string[] | undefined,
  expandable: ReadonlySet<string>,
  options: { list?: boolean } = {},
): Set<string> {
  const result = new Set<string>();
  for (const path of expand ?? []) {
    const local = options.list ? (path.startsWith('data.') ? path.slice(5) : undefined) : path;
    if (local === undefined || !expandable.has(local)) {
      throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
    }
    result.add(local);
  }
  return result;
}
