// Trims the VCR cassettes of ramnes/notion-sdk-py (tests/cassettes/*.yaml: real traffic against
// api.notion.com) into fidelity/recordings.json: per cassette, in order, each request's method,
// path, query, body (JSON, or a multipart file's name and text) and the recorded status and JSON
// body. Headers are dropped (the authorization was already redacted upstream).
// Usage: node plugins/notion/scripts/trim-oracles.mjs <folder holding the cassettes>
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {parse} from 'yaml';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: trim-oracles.mjs <cassettes folder>');
  process.exit(2);
}
const json = (s) => {
  try {
    return s ? JSON.parse(s) : null;
  } catch {
    return undefined;
  }
};
const out = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const doc = parse(readFileSync(join(dir, file), 'utf8'));
  const interactions = doc.interactions.map(({request, response}) => {
    const url = new URL(request.uri);
    const type = (request.headers?.['content-type'] ?? [''])[0];
    let body = json(request.body);
    let multipart;
    if (type.startsWith('multipart/form-data')) {
      const m = /filename="([^"]+)"\r?\nContent-Type: ([^\r\n]+)\r?\n\r?\n([\s\S]*?)\r?\n--/.exec(request.body ?? '');
      multipart = m ? {content: m[3], contentType: m[2], filename: m[1]} : {content: '', filename: 'file'};
      body = null;
    }
    return {
      body,
      host: url.host,
      method: request.method,
      multipart,
      path: url.pathname,
      query: url.search,
      response: json(response.body?.string ?? ''),
      status: response.status.code,
    };
  });
  out.push({cassette: file.replace(/\.yaml$/, ''), interactions});
}
const target = fileURLToPath(new URL('../fidelity/recordings.json', import.meta.url));
writeFileSync(target, JSON.stringify(out) + '\n');
console.log(`${out.length} cassettes, ${out.reduce((n, c) => n + c.interactions.length, 0)} interactions → ${target}`);
