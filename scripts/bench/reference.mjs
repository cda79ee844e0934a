// The reference of `pnpm bench:api`: the least a server can do for a request that runs N statements
// on the same Postgres — node:http, a pg pool as large as a clone's, the body parsed, N statements
// one after another, a JSON answer. The clone's figures are read against it (the physical limit).
// Env: DATABASE_URL (a database the bench made), PORT (0: any). Prints the port it listens on.
import {createServer} from 'node:http';

import pg from 'pg';

const pool = new pg.Pool({connectionString: process.env.DATABASE_URL, max: 10});

async function handle(req, body) {
  const url = new URL(req.url, 'http://x');
  const n = Math.max(1, Number(url.searchParams.get('n') ?? '1'));
  if (url.pathname === '/write') {
    const params = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(body || '{}') : Object.fromEntries(new URLSearchParams(body));
    // N-1 reads by primary key (what a handler checks first), then the insert it exists for.
    for (let i = 1; i < n; i++) await pool.query('SELECT id, payload FROM ref_items WHERE id = $1', [1 + (i % 20)]);
    const {rows} = await pool.query('INSERT INTO ref_items (payload) VALUES ($1) RETURNING id, payload', [JSON.stringify(params)]);
    return {ok: true, item: rows[0]};
  }
  let rows = [];
  for (let i = 0; i < n; i++) rows = (await pool.query('SELECT id, payload FROM ref_items ORDER BY id DESC LIMIT 20')).rows;
  return {ok: true, items: rows};
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    handle(req, Buffer.concat(chunks).toString('utf8')).then(
      (out) => {
        const text = JSON.stringify(out);
        res.writeHead(200, {'content-length': Buffer.byteLength(text), 'content-type': 'application/json'});
        res.end(text);
      },
      (error) => {
        res.writeHead(500);
        res.end(String(error.message));
      },
    );
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
