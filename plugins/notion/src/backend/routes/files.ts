/**
 * /v1/file_uploads: create (single_part, multi_part, external_url), send parts as multipart form
 * data, complete, retrieve and list. An uploaded file is attached by id in file blocks, files
 * properties, icons and covers; its content is served from the clone at `/_files/<id>/<name>`.
 */
import {type Hono, outboundFetch} from '@asym/template-kit';

import {type Call, list, type NotionState, pageSizeOf, paginate, route} from '../context.js';
import {notFound, shouldBe, validation} from '../errors.js';
import {newId, normalizeId} from '../ids.js';
import {iso, MAX_UPLOAD_BYTES} from '../render.js';

const MAX_PART = 20 * 1024 * 1024;
const MODES = ['single_part', 'multi_part', 'external_url'];

function render(call: Call, f: Record<string, any>): Record<string, unknown> {
  return {
    object: 'file_upload',
    id: f.id,
    created_time: iso(f.created_time),
    created_by: {id: f.created_by, type: 'bot'},
    last_edited_time: iso(f.last_edited_time),
    expiry_time: f.expiry_time ? iso(f.expiry_time) : null,
    ...(f.status === 'pending' ? {upload_url: `${call.origin}/v1/file_uploads/${f.id}/send`} : {}),
    ...(f.status === 'pending' && f.mode === 'multi_part' ? {complete_url: `${call.origin}/v1/file_uploads/${f.id}/complete`} : {}),
    in_trash: f.in_trash,
    status: f.status,
    filename: f.filename,
    content_type: f.content_type,
    content_length: f.content_length === null ? null : Number(f.content_length),
    ...(f.import_result ? {file_import_result: f.import_result} : {}),
    ...(f.mode === 'multi_part' ? {number_of_parts: {sent: Object.keys(f.parts ?? {}).length, total: f.number_of_parts}} : {}),
    ...(call.version.noArchived ? {} : {archived: f.in_trash}),
  };
}

const guessType = (name: string | null) => {
  const ext = (name ?? '').split('.').pop()?.toLowerCase();
  return ({csv: 'text/csv', gif: 'image/gif', jpeg: 'image/jpeg', jpg: 'image/jpeg', json: 'application/json', md: 'text/markdown', mp3: 'audio/mpeg', mp4: 'video/mp4', pdf: 'application/pdf', png: 'image/png', svg: 'image/svg+xml', txt: 'text/plain', webp: 'image/webp'} as Record<string, string>)[ext ?? ''] ?? null;
};

async function create(call: Call): Promise<Record<string, unknown>> {
  const b = call.body;
  const mode = b.mode ?? 'single_part';
  if (!MODES.includes(mode)) throw shouldBe('body.mode', '`"single_part"`, `"multi_part"` or `"external_url"`', b.mode);
  if (b.filename !== undefined && (typeof b.filename !== 'string' || b.filename.length > 900)) throw shouldBe('body.filename', 'a string of at most 900 characters', b.filename);
  let parts: number | null = null;
  if (mode === 'multi_part') {
    if (!Number.isInteger(b.number_of_parts) || b.number_of_parts < 1 || b.number_of_parts > 1000) throw shouldBe('body.number_of_parts', 'an integer between 1 and 1000', b.number_of_parts);
    if (!b.filename) throw shouldBe('body.filename', 'defined', undefined);
    parts = b.number_of_parts;
  }
  if (mode === 'external_url' && (typeof b.external_url !== 'string' || !/^https:\/\//.test(b.external_url))) throw shouldBe('body.external_url', 'an https URL', b.external_url);
  const filename = b.filename ?? (mode === 'external_url' ? String(b.external_url).split('/').pop() : null) ?? null;
  const r = await call.store.db.query(
    `INSERT INTO file_uploads (id, mode, status, filename, content_type, number_of_parts, external_url, created_time, last_edited_time, expiry_time, created_by)
     VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $7, $8, $9) RETURNING *`,
    [newId(), mode, filename, b.content_type ?? guessType(filename), parts, b.external_url ?? null, call.now, new Date(call.now.getTime() + 3_600_000), call.bot.id],
  );
  if (mode === 'external_url') void importExternal(call.state, r.rows[0].id, b.external_url);
  return render(call, r.rows[0]);
}

/** An external_url upload is fetched after the answer, as Notion imports it in the background. */
async function importExternal(state: NotionState, id: string, url: string): Promise<void> {
  const done = (status: string, result: unknown, data?: Buffer, type?: string | null) =>
    state.ctx.db
      .query(`UPDATE file_uploads SET status = $2, import_result = $3, data = $4, content_length = $5, content_type = coalesce(content_type, $6), last_edited_time = now() WHERE id = $1`, [id, status, result, data ?? null, data?.length ?? null, type ?? null])
      .catch(() => undefined);
  try {
    const res = await outboundFetch(url, {signal: AbortSignal.timeout(10_000)});
    const data = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), {statusCode: res.status});
    if (data.length > MAX_UPLOAD_BYTES) throw new Error(`the file is larger than ${MAX_UPLOAD_BYTES} bytes`);
    await done('uploaded', {imported_time: new Date().toISOString(), success: {}, type: 'success'}, data, res.headers.get('content-type')?.split(';')[0]);
  } catch (error) {
    const e = error as Error & {statusCode?: number};
    await done('failed', {error: {code: 'download_failed', message: `Could not download ${url}: ${e.message}`, parameter: 'external_url', status_code: e.statusCode ?? null, type: 'download_error'}, imported_time: new Date().toISOString(), type: 'error'});
  }
}

async function one(call: Call): Promise<Record<string, any>> {
  const id = normalizeId(call.params.id);
  const row = id ? (await call.store.db.query('SELECT * FROM file_uploads WHERE id = $1', [id])).rows[0] : undefined;
  if (!row) throw notFound('file upload', call.params.id ?? '');
  return row;
}

async function send(call: Call): Promise<Record<string, unknown>> {
  const f = await one(call);
  if (f.status !== 'pending') throw validation(`File upload ${f.id} is ${f.status}; parts can only be sent to a pending upload.`);
  if (f.mode === 'external_url') throw validation('An external_url upload takes no content.');
  let form: FormData;
  try {
    form = await call.raw.req.formData();
  } catch {
    throw validation('body failed validation: the request should be multipart/form-data with a `file` field.');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw shouldBe('body.file', 'defined', undefined);
  const data = Buffer.from(await file.arrayBuffer());
  if (data.length > MAX_PART) throw validation(`The file is larger than ${MAX_PART} bytes; use a multi_part upload.`);
  const contentType = f.content_type ?? (file.type ? file.type.split(';')[0] : null) ?? guessType(f.filename ?? (file as File).name);
  const filename = f.filename ?? (file as File).name ?? 'file';
  if (f.mode === 'multi_part') {
    const part = Number(form.get('part_number'));
    if (!Number.isInteger(part) || part < 1 || part > f.number_of_parts) throw shouldBe('body.part_number', `an integer between 1 and ${f.number_of_parts}`, form.get('part_number') ?? undefined);
    const parts = {...f.parts, [part]: data.toString('base64')};
    const r = await call.store.db.query('UPDATE file_uploads SET parts = $2, last_edited_time = $3 WHERE id = $1 RETURNING *', [f.id, parts, call.now]);
    return render(call, r.rows[0]);
  }
  if (data.length > MAX_UPLOAD_BYTES) throw validation(`The file is ${data.length} bytes; this workspace accepts files up to ${MAX_UPLOAD_BYTES} bytes.`);
  const r = await call.store.db.query(
    `UPDATE file_uploads SET data = $2, content_length = $3, content_type = $4, filename = $5, status = 'uploaded', last_edited_time = $6 WHERE id = $1 RETURNING *`,
    [f.id, data, data.length, contentType, filename, call.now],
  );
  return render(call, r.rows[0]);
}

async function complete(call: Call): Promise<Record<string, unknown>> {
  const f = await one(call);
  if (f.mode !== 'multi_part') throw validation('Only multi_part uploads are completed.');
  if (f.status !== 'pending') throw validation(`File upload ${f.id} is ${f.status}.`);
  const parts = f.parts ?? {};
  for (let i = 1; i <= f.number_of_parts; i++) if (!parts[i]) throw validation(`Part ${i} of ${f.number_of_parts} has not been sent.`);
  const data = Buffer.concat(Array.from({length: f.number_of_parts}, (_, i) => Buffer.from(parts[i + 1], 'base64')));
  const r = await call.store.db.query(
    `UPDATE file_uploads SET data = $2, content_length = $3, parts = '{}', status = 'uploaded', last_edited_time = $4 WHERE id = $1 RETURNING *`,
    [f.id, data, data.length, call.now],
  );
  return render(call, r.rows[0]);
}

async function listUploads(call: Call): Promise<Record<string, unknown>> {
  const status = call.query.get('status');
  if (status && !['pending', 'uploaded', 'expired', 'failed'].includes(status)) throw shouldBe('query.status', '`pending`, `uploaded`, `expired` or `failed`', status);
  const rows = (await call.store.db.query(`SELECT * FROM file_uploads WHERE NOT in_trash ${status ? 'AND status = $1' : ''} ORDER BY seq DESC`, status ? [status] : [])).rows;
  const size = pageSizeOf(call.query.get('page_size') ?? undefined, 'query.page_size');
  const {page, next} = paginate(rows, (r) => r.id, call.query.get('start_cursor') ?? undefined, size, 'start_cursor');
  return list('file_upload', page.map((f) => render(call, f)), next);
}

export function mountFiles(app: Hono, v1: Hono, state: NotionState): void {
  v1.post('/file_uploads', route(state, create));
  v1.get('/file_uploads', route(state, listUploads));
  v1.get('/file_uploads/:id', route(state, async (call) => render(call, await one(call))));
  v1.post('/file_uploads/:id/send', route(state, send, {multipart: true}));
  v1.post('/file_uploads/:id/complete', route(state, complete));
  // The content of an uploaded file (what the `file.url` of an attached file points at).
  app.get('/_files/:id/:name', async (c) => {
    const id = normalizeId(c.req.param('id'));
    const r = id ? await state.ctx.db.query(`SELECT data, content_type FROM file_uploads WHERE id = $1 AND status = 'uploaded'`, [id]) : {rows: []};
    const f = r.rows[0];
    if (!f?.data) return c.text('Not Found', 404);
    return c.body(new Uint8Array(f.data), 200, {'content-type': f.content_type ?? 'application/octet-stream'});
  });
}
