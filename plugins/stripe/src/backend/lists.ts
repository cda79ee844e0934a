/** List objects `{object: "list", data, has_more, url}` with `limit`, `starting_after`, `ending_before`. */
import type {Api, Req} from './api.js';
import {invalid} from './errors.js';
import {int, str} from './forms.js';
import type {ListQuery, Obj} from './store.js';

export interface ListObject {
  object: 'list';
  data: Obj[];
  has_more: boolean;
  url: string;
}

export function limitOf(raw: unknown): number {
  const n = int(raw);
  if (raw === undefined) return 10;
  if (n === undefined || n < 1 || n > 100) throw invalid('Invalid integer: limit must be between 1 and 100', 'limit', 'parameter_invalid_integer');
  return n;
}

export async function listOf(api: Api, req: Req, type: string, q: Omit<ListQuery, 'limit'> = {}): Promise<ListObject> {
  const {data, hasMore} = await api.store.list(req.account, type, {
    created: req.params.created,
    endingBefore: str(req.params.ending_before),
    limit: limitOf(req.params.limit),
    startingAfter: str(req.params.starting_after),
    ...q,
  });
  return {data, has_more: hasMore, object: 'list', url: req.url};
}

export const listFrom = (data: Obj[], url: string): ListObject => ({data, has_more: false, object: 'list', url});
