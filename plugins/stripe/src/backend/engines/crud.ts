/**
 * A faithful stateful CRUD for resource families without a lifecycle of their own: objects start
 * from the real object's complete shape (generated from the spec and fixtures) and are filled from
 * the parameters; children under a parent (`/v1/accounts/{id}/persons`) need the parent to exist;
 * actions (`/cancel`, `/archive`, `/expire` …) move `status` (or `active`) the way the verb says.
 */
import {randomString} from '@asym/template-kit';

import type {Api, Req} from '../api.js';
import {mayHaveStatus, prefixOf} from '../catalogue.js';
import {invalid, noSuch} from '../errors.js';
import events from '../generated/event-types.json' with {type: 'json'};
import shapes from '../generated/shapes.json' with {type: 'json'};
import {type ListObject, listOf} from '../lists.js';
import {newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {applyUpdate, metadataOf} from '../update.js';

const SHAPES = shapes as Record<string, Record<string, unknown>>;
const EVENT_TYPES = new Set(events as string[]);

/** What an action verb does to `status` (and to `active` / `approved` for the verbs that switch them). */
const VERBS: Record<string, {status?: string; active?: boolean; approved?: boolean}> = {
  accept: {status: 'accepted'},
  activate: {active: true, status: 'active'},
  approve: {approved: true},
  archive: {active: false, status: 'archived'},
  cancel: {status: 'canceled'},
  close: {status: 'closed'},
  deactivate: {active: false, status: 'inactive'},
  decline: {approved: false, status: 'closed'},
  expire: {status: 'expired'},
  fail: {status: 'failed'},
  finalize: {status: 'open'},
  post: {status: 'posted'},
  reject: {status: 'rejected'},
  return: {status: 'returned'},
  succeed: {status: 'succeeded'},
  unarchive: {active: true, status: 'active'},
  verify: {status: 'verified'},
  void: {status: 'void'},
};

/** A fresh document of that type: every key of the real object, then the ones given. */
export function shapeOf(object: string, fields: Record<string, unknown>): Obj {
  return {...structuredClone(SHAPES[object] ?? {}), object, ...fields} as Obj;
}

/** Any stored object by id (connected accounts live in their own table). */
export async function findAny(api: Api, req: Req, id: string): Promise<Obj | undefined> {
  const o = await api.store.get(req.account, id);
  if (o && !o._deleted) return o;
  if (id.startsWith('acct_')) {
    const row = (await api.ctx.db.query('SELECT data FROM accounts WHERE id = $1', [id])).rows[0];
    if (row) return {...row.data, id, object: 'account'} as Obj;
  }
  return undefined;
}

/** The parent a child route hangs under, or Stripe's 404 naming it. */
export async function parentOf(api: Api, req: Req, id: string, param: string): Promise<Obj> {
  const p = await findAny(api, req, id);
  if (!p) throw noSuch(param.replace(/Id$/, '').replace('exposed_id', ''), id, param);
  return p;
}

/** Top-level parameters copied onto the object where it has the key (metadata merged as Stripe does). */
function fill(o: Obj, params: Record<string, unknown>): void {
  // Objects of no known shape, and `/v2` objects (given as JSON), keep what they are given.
  const open = Object.keys(SHAPES[o.object] ?? {}).length === 0 || String(o.object).startsWith('v2.');
  for (const [k, v] of Object.entries(params)) {
    if (k === 'expand' || k === 'id' || k === 'object' || (!(k in o) && !open)) continue;
    o[k] = k === 'metadata' ? metadataOf(v) : v;
  }
}

async function emit(api: Api, req: Req, o: Obj, what: string, previous?: Record<string, unknown>): Promise<void> {
  const type = `${o.object}.${what}`;
  if (EVENT_TYPES.has(type)) await api.emit(req, type, o, previous);
}

export async function createObject(api: Api, req: Req, object: string, parent?: Obj): Promise<Obj> {
  const now = await api.now(req.account);
  const o = shapeOf(object, {id: newId(prefixOf(object))});
  if ('created' in o) o.created = now;
  if ('livemode' in o) o.livemode = false;
  if ('metadata' in o && o.metadata === null) o.metadata = {};
  if ('client_secret' in o && !o.client_secret) o.client_secret = `${o.id}_secret_${randomString(24)}`;
  // Things are made active unless told otherwise (shipping rates, tax rates, value lists …).
  if (typeof o.active === 'boolean') o.active = true;
  fill(o, req.params);
  // A token given for the object (`external_account=btok_…`): the object is what the token carries (once).
  for (const v of Object.values(req.params)) {
    const token = typeof v === 'string' && /^b?tok_/.test(v) ? await api.store.get(req.account, v) : undefined;
    const carried = token?.object === 'token' ? (token.bank_account ?? token.card) : undefined;
    if (!carried || (object !== carried.object && object in SHAPES)) continue;
    if (token!.used) throw invalid(`You cannot use a Stripe token more than once: ${token!.id}.`, undefined, 'token_already_used');
    Object.assign(o, structuredClone(carried), {id: o.id});
    token!.used = true;
    await api.store.save(req.account, token!);
  }
  if (parent) {
    o._parent = parent.id;
    if (parent.object in o) o[parent.object] = parent.id;
  }
  await api.store.insert(req.account, o);
  await emit(api, req, o, 'created');
  return o;
}

/** A stored object of that type; reference data (tax codes, country specs …) answers from its shape. */
export async function retrieveObject(api: Api, req: Req, object: string, id: string, param: string, reference: boolean): Promise<Obj> {
  const o = await api.store.get(req.account, id);
  if (o && !o._deleted && (o.object === object || !reference)) return o;
  if (reference) return shapeOf(object, {id});
  throw noSuch(object.split('.').pop()!.replaceAll('_', ' '), id, param);
}

export async function updateObject(api: Api, req: Req, o: Obj): Promise<Obj> {
  const keys = Object.keys(req.params).filter((k) => k in o && !['id', 'object', 'expand'].includes(k));
  const prev = applyUpdate(o, req.params, keys);
  await api.store.save(req.account, o);
  if (Object.keys(prev).length > 0) await emit(api, req, o, 'updated', prev);
  return o;
}

export async function deleteObject(api: Api, req: Req, o: Obj): Promise<Obj> {
  await api.store.remove(req.account, o.id);
  await emit(api, req, o, 'deleted');
  return {deleted: true, id: o.id, object: o.object};
}

const PAGING = new Set(['limit', 'starting_after', 'ending_before', 'expand', 'created']);

/** Newest first, under the parent if any, filtered by the scalar parameters that name a field (`value_list=…`). */
export async function listObjects(api: Api, req: Req, object: string, parent?: Obj): Promise<ListObject> {
  const shape = SHAPES[object] ?? {};
  const eq: Record<string, string | boolean | number> = parent ? {_parent: parent.id} : {};
  for (const [k, v] of Object.entries(req.params)) {
    if (PAGING.has(k) || !(k in shape) || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) continue;
    eq[k] = typeof shape[k] === 'boolean' && typeof v === 'string' ? v === 'true' : typeof shape[k] === 'number' && typeof v === 'string' ? Number(v) : v;
  }
  return listOf(api, req, object, {eq});
}

export async function actOn(api: Api, req: Req, o: Obj, verb: string): Promise<Obj> {
  const change = VERBS[verb];
  const prev: Record<string, unknown> = {};
  if (change?.status !== undefined && 'status' in o && mayHaveStatus(o.object, change.status)) {
    prev.status = o.status;
    o.status = change.status;
  }
  for (const flag of ['active', 'approved'] as const) {
    if (change?.[flag] === undefined || !(flag in o)) continue;
    prev[flag] = o[flag];
    o[flag] = change[flag];
  }
  fill(o, req.params);
  await api.store.save(req.account, o);
  if (Object.keys(prev).length > 0) await emit(api, req, o, 'updated', prev);
  return o;
}

/** A singleton of the account (`/v1/tax/settings`) or of a parent (`…/{id}/cash_balance`): stored once written. */
export async function singleton(api: Api, req: Req, object: string, owner: string, write: boolean): Promise<Obj> {
  const id = `${prefixOf(object)}_${owner}`;
  const stored = await api.store.get(req.account, id);
  const o = stored ?? shapeOf(object, {id});
  if (write) {
    fill(o, req.params);
    if (stored) await api.store.save(req.account, o);
    else await api.store.insert(req.account, o);
  }
  if ('id' in (SHAPES[object] ?? {})) return o;
  const {id: _own, ...rest} = o;
  void _own;
  return rest as Obj;
}
