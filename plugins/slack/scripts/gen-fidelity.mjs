// Writes fidelity/samples.json, the reference `asym verify slack` scores against: every Web API method
// of Slack's OpenAPI description (the surface), with the trimmed response sample of the methods
// test/oracles/samples has (the shape) and a request for each of those (empty arguments: reads answer,
// writes fail validation, so nothing is changed). Usage: node plugins/slack/scripts/gen-fidelity.mjs <slack_web_openapi_v2.json>
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const spec = process.argv[2];
if (!spec) {
  console.error('usage: gen-fidelity.mjs <slack_web_openapi_v2.json>');
  process.exit(1);
}
const doc = JSON.parse(readFileSync(spec, 'utf8'));
const samplesDir = fileURLToPath(new URL('../test/oracles/samples/', import.meta.url));
const samples = new Map(readdirSync(samplesDir).filter((f) => f.endsWith('.json')).map((f) => [f.slice(0, -5), JSON.parse(readFileSync(samplesDir + f, 'utf8'))]));
const methods = new Set([...Object.keys(doc.paths).map((p) => p.replace(/^\//, '')), ...samples.keys()]);
const operations = [...methods].sort().map((m) => ({
  operation: m,
  ...(samples.has(m) ? {request: {body: {}, method: 'POST', path: `/${m}`}, response: samples.get(m)} : {}),
}));
const out = {
  error: {error: '', ok: false},
  name: `${doc.info.title} methods with java-slack-sdk response samples`,
  operations,
  version: `OpenAPI ${doc.info.version}`,
};
writeFileSync(fileURLToPath(new URL('../fidelity/samples.json', import.meta.url)), JSON.stringify(out) + '\n');
console.log(`${operations.length} methods, ${samples.size} with samples`);
