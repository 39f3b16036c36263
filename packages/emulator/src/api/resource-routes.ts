import type { Request, Response, Router } from 'express';
import { resourceMissing } from './errors.js';
import { newestFirst, paginate } from './lists.js';
import { coerceParams } from './params.js';
import { apiLocals } from './request.js';
import { listParams, object, expand as expandSchema, type ParamSchema } from './schema.js';

const retrieveSchema = object({ expand: expandSchema() });

/** GET `/v1/<path>/:id` and GET `/v1/<path>` (newest first, cursor pagination, optional filter params). */
export function mountRetrieveAndList<T extends { id: string }>(
  router: Router,
  options: {
    path: string;
    kind: string;
    store: Map<string, T>;
    filters?: Record<string, ParamSchema>;
    matches?: (item: T, filters: Record<string, unknown>) => boolean;
  },
): void {
  const listSchema = listParams(options.filters ?? {});
  router.get(`/v1/${options.path}`, (_req: Request, res: Response) => {
    const list = coerceParams<Record<string, unknown>>(listSchema, apiLocals(res).params);
    const items = newestFirst(options.store.values()).filter((item) => options.matches?.(item, list) ?? true);
    res.json(paginate(items, list, `/v1/${options.path}`));
  });
  router.get(`/v1/${options.path}/:id`, (req: Request, res: Response) => {
    coerceParams(retrieveSchema, apiLocals(res).params);
    const id = String(req.params.id);
    const item = options.store.get(id);
    if (!item) throw resourceMissing(options.kind, id);
    res.json(item);
  });
}
