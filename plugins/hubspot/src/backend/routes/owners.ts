/** `/crm/v3/owners`: the portal's users who can own records. */
import {requireScope} from '../auth.js';
import type {Crm} from '../crm.js';
import {notFound} from '../errors.js';
import {boolParam, collection, type HsApp, type HsContext, type Json, limitParam} from '../http.js';

export const ownerModel = (o: Json) => ({
  id: String(o.id),
  email: o.email,
  type: 'PERSON',
  firstName: o.first_name,
  lastName: o.last_name,
  userId: Number(o.user_id),
  userIdIncludingInactive: Number(o.user_id),
  createdAt: new Date(o.created_at).toISOString(),
  updatedAt: new Date(o.updated_at).toISOString(),
  archived: o.archived,
  teams: o.teams,
});

export function ownerRoutes(api: HsApp, crm: Crm): void {
  const list = async (c: HsContext) => {
    requireScope(c.get('caller'), 'crm.objects.owners.read');
    const limit = limitParam(c.req.query('limit'), 100, 500);
    const after = /^\d+$/.test(c.req.query('after') ?? '') ? c.req.query('after') : '0';
    const email = c.req.query('email');
    const r = await crm.db.query(`SELECT * FROM owners WHERE archived = $1 AND id >= $2 AND ($3::text IS NULL OR lower(email) = lower($3)) ORDER BY id LIMIT $4`, [boolParam(c, 'archived'), after, email ?? null, limit + 1]);
    const rows = r.rows.slice(0, limit);
    return c.json(collection(c, rows.map(ownerModel), r.rows.length > limit ? String(r.rows[limit].id) : undefined));
  };
  api.get('/crm/v3/owners', list);
  api.get('/crm/v3/owners/', list);
  api.get('/crm/v3/owners/:ownerId', async (c) => {
    requireScope(c.get('caller'), 'crm.objects.owners.read');
    const byUser = c.req.query('idProperty') === 'userId';
    const id = c.req.param('ownerId');
    const r = /^\d+$/.test(id) ? await crm.db.query(`SELECT * FROM owners WHERE ${byUser ? 'user_id' : 'id'} = $1 AND archived = $2`, [id, boolParam(c, 'archived')]) : {rows: []};
    if (!r.rows[0]) throw notFound(`Owner ${id} not found`);
    return c.json(ownerModel(r.rows[0]));
  });
}
