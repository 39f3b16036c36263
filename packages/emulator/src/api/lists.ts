import type Stripe from 'stripe';
import { invalidRequest } from './errors.js';

export interface ListParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
}

/**
 * Stripe's cursor pagination over items sorted newest first: `starting_after` pages forward (older),
 * `ending_before` pages backward (newer); `has_more` says whether the same direction has more.
 */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  params: ListParams,
  url: string,
): Stripe.ApiList<T> {
  const limit = params.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidRequest(`Invalid limit: must be between 1 and 100, received ${limit}.`, { param: 'limit' });
  }
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', {
      code: 'parameters_exclusive',
      param: 'ending_before',
    });
  }
  if (params.starting_after !== undefined) {
    const index = cursorIndex(items, params.starting_after, 'starting_after');
    const rest = items.slice(index + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (params.ending_before !== undefined) {
    const index = cursorIndex(items, params.ending_before, 'ending_before');
    const before = items.slice(0, index);
    return {
      object: 'list',
      data: before.slice(Math.max(0, before.length - limit)),
      has_more: before.length > limit,
      url,
    };
  }
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url };
}

function cursorIndex(items: readonly { id: string }[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) {
    throw invalidRequest(`No such object: '${id}'; ${param} must be the id of an object in this list.`, {
      code: 'resource_missing',
      param,
    });
  }
  return index;
}

/** Map values newest first (Maps keep insertion order, i.e. oldest first). */
export function newestFirst<T>(values: Iterable<T>): T[] {
  return [...values].reverse();
}
