import type { Request, Response, Router } from 'express';
import { resourceMissing } from './errors.js';
import { newestFirst, paginate } from './lists.js';
import { coerceParams } from './params.js';
import { apiLocals, expansions } from './request.js';
import { listParams, object, expand as expandSchema, type ParamSchema } from './schema.js';

const retrieveSchema = object({ expand: expandSchema() });

/**
 * How a resource expands each field it can expand: the `expand[]` path → the object with that field replaced by
 * the object its id names (stripe-node types such fields `string | Foo`). https://docs.stripe.com/expand
 */
export type Expanders<T> = Readonly<Record<string, (item: T) => T>>;

/**
 * `item` with the request's `expand[]` paths applied. A path the resource cannot expand answers Stripe's
 * `This property cannot be expanded` 400; in list calls paths start with `data.`.
 */
export function expandItem<T>(
  item: T,
  expand: readonly string[] | undefined,
  expanders: Expanders<T>,
  options: { list?: boolean } = {},
): T {
  let result = item;
  for (const path of expansions(expand, new Set(Object.keys(expanders)), options)) {
    result = expanders[path]!(result);
  }
  return result;
}

/** GET `/v1/<path>/:id` and GET `/v1/<path>` (newest first, cursor pagination, optional filter params). */
export function mountRetrieveAndList<T extends { id: string }>(
  router: Router,
  options: {
    path: string;
    kind: string;
    store: Map<string, T>;
    filters?: Record<string, ParamSchema>;
    matches?: (item: T, filters: Record<string, unknown>) => boolean;
    /** The fields `expand[]` can name; none by default. */
    expanders?: Expanders<T>;
  },
): void {
  const listSchema = listParams(options.filters ?? {});
  const expanders = options.expanders ?? {};
  router.get(`/v1/${options.path}`, (_req: Request, res: Response) => {
    const list = coerceParams<Record<string, unknown>>(listSchema, apiLocals(res).params);
    const expand = list.expand as string[] | undefined;
    const items = newestFirst(options.store.values()).filter((item) => options.matches?.(item, list) ?? true);
    // Checked before paging, so a wrong path is refused even when the page is empty.
    expansions(expand, new Set(Object.keys(expanders)), { list: true });
    const page = paginate(items, list, `/v1/${options.path}`);
    res.json({
      ...page,
      data: page.data.map((item) => expandItem(item, expand, expanders, { list: true })),
    });
  });
  router.get(`/v1/${options.path}/:id`, (req: Request, res: Response) => {
    const { expand } = coerceParams<{ expand?: string[] }>(retrieveSchema, apiLocals(res).params);
    const id = String(req.params.id);
    const item = options.store.get(id);
    if (!item) throw resourceMissing(options.kind, id);
    res.json(expandItem(item, expand, expanders));
  });
}
