import {expect} from 'chai';
import {readFileSync} from 'node:fs';
import {readdirSync} from 'node:fs';

import * as c from '../src/index.js';

const now = '2026-01-01T00:00:00.000Z';
const record = {composeProject: 'asym-slack-a1b2', createdAt: now, database: 'clone_slack_a1b2', id: 'slack-a1b2', mode: 'api', ports: {backend: 3001}, redisPrefix: 'slack-a1b2:', state: 'running', template: 'slack', updatedAt: now};
const manifest = JSON.parse(readFileSync(new URL('../../plugins/slack/clone.manifest.json', import.meta.url), 'utf8'));

/** For each schema: inputs it must accept and inputs it must refuse. */
const cases: Array<[string, {safeParse(v: unknown): {success: boolean}}, unknown[], unknown[]]> = [
  ['PortRange', c.PortRange, [{from: 3000, to: 3999}], [{from: 4000, to: 3000}, {from: 0, to: 10}, {from: 1, to: 2, x: 1}]],
  ['SeedSpec', c.SeedSpec, [{}, {fixture: 'acme-corp'}, {ai: true}, {ai: {volume: 'large'}, fixture: 'x'}], [{fixture: ''}, {ai: {volume: 'huge'}}, {other: 1}]],
  ['CloneSpec', c.CloneSpec, [{template: 'slack'}, {expose: true, mode: 'api', name: 'my-slack', portRange: {from: 1, to: 2}, seed: {fixture: 'a'}, template: 'slack'}], [{}, {name: 'Bad Name', template: 'slack'}, {template: 'slack', unknown: 1}]],
  ['CloneRecord', c.CloneRecord, [record, {...record, tokens: {botToken: 'xoxb-1'}}], [{...record, state: 'sleeping'}, {...record, ports: {backend: 'x'}}, {id: 'x'}]],
  ['CloneInstance', c.CloneInstance, [{...record, endpoints: {api: 'http://127.0.0.1:3001/api'}}], [record]],
  ['CloneStatus', c.CloneStatus, [{database: 'd', endpoints: {api: 'u'}, environment: null, id: 'a', mode: 'api', ports: {}, seed: null, services: [], state: 'stopped', template: 't'}], [{id: 'a'}]],
  ['CloneTokens', c.CloneTokens, [{}, {appId: 'A1', botToken: 'xoxb', extra: {signingSecret: 's'}, userToken: 'xoxp', workspaceId: 'T1'}], [{botToken: 1}, {nope: 'x'}]],
  ['SeedResult', c.SeedResult, [{fixture: {name: 'acme', rows: 150}, id: 'a', warnings: []}], [{id: 'a'}, {fixture: {name: 'a', rows: -1}, id: 'a', warnings: []}]],
  ['Environment', c.Environment, [{createdAt: now, members: ['a'], name: 'acme', spec: null, state: 'partial', updatedAt: now}], [{members: [], name: 'x'}, {createdAt: now, members: [], name: 'x', state: 'weird', updatedAt: now}]],
  ['EnvironmentFile', c.EnvironmentFile, [{clones: [{template: 'slack'}], name: 'acme'}], [{clones: [], name: 'acme'}, {clone: [], name: 'acme'}, {clones: [{template: 'slack'}]}]],
  ['FidelityScore', c.FidelityScore, [{elapsedMs: 5, measuredAt: now, operations: [{ok: true, operation: 'auth.test', part: 'surface'}], overall: 0.9, parts: {behaviour: {passed: 0, score: null, total: 0}, errors: {passed: 1, score: 1, total: 1}, shape: {passed: 4, score: 0.8, total: 5}, surface: {passed: 9, score: 0.9, total: 10}}, realProduct: 'slack', reference: {name: 'Slack Web API', source: 'fidelity/samples.json', version: '1.7.0'}, template: 'slack', version: '0.1.0'}], [{overall: 2}]],
  ['LogOptions', c.LogOptions, [{}, {follow: true, service: 'backend', tail: 10}], [{tail: -1}]],
  ['LogLine', c.LogLine, [{line: 'x', service: 'backend'}], [{line: 1}]],
  ['Config', c.Config, [{}, {portRange: {from: 4000, to: 4999}, provider: 'process'}], [{portRange: '3000-3999'}, {provider: 'kubernetes'}, {postgresUrl: 'mysql://x'}, {extra: 1}]],
  ['TemplateManifest', c.TemplateManifest, [manifest], [{...manifest, name: 'Slack!'}, {...manifest, modes: {api: ['nope']}}, {...manifest, engine: undefined}, {...manifest, services: {backend: {health: '/h', port: 1}}}]],
  ['RegistryFileV2', c.RegistryFileV2, [{clones: [record], environments: [], version: 2}], [{clones: [], version: 2}, {clones: [], environments: [], version: 3}]],
  // Issue 16: a stored record whose names are not derived from a valid id is refused.
  ['StoredCloneRecord', c.StoredCloneRecord, [record], [
    {...record, id: '../../x'},
    {...record, id: 'x'},
    {...record, database: 'otherdb'},
    {...record, database: 'clone_slack_a1b2; drop'},
    {...record, redisPrefix: ''},
    {...record, redisPrefix: '*'},
    {...record, redisPrefix: 'slack-a1b2*'},
    {...record, composeProject: 'other'},
  ]],
  ['RegistryFileV1', c.RegistryFileV1, [{clones: [{...record, group: 'g'}], groups: [{members: ['a'], name: 'g'}], version: 1}, {clones: []}], [{clones: [], environments: [], version: 1}]],
];

describe('contract schemas', () => {
  for (const [name, schema, good, bad] of cases) {
    it(`${name} accepts valid and refuses invalid input`, () => {
      for (const g of good) expect(schema.safeParse(g).success, `${name} should accept ${JSON.stringify(g)}`).to.equal(true);
      for (const b of bad) expect(schema.safeParse(b).success, `${name} should refuse ${JSON.stringify(b)}`).to.equal(false);
    });
  }

  it('formats issues as dot-paths', () => {
    const r = c.TemplateManifest.safeParse({...manifest, modes: {api: ['nope']}});
    expect(r.success).to.equal(false);
    if (!r.success) expect(c.formatIssues(r.error)).to.match(/^modes\.api\[0\]: mode "api" names service "nope"/);
  });
});

describe('named errors render their fix', () => {
  const params = {action: 'x', command: 'stauts', dir: 'my-template', members: 2, detail: 'clones: at least one clone is needed', provider: 'docker', file: 'f', first: 'a', fix: 'do this', fixture: 'fx', fixtures: 'a', from: 3000, id: 'slack-a1b2', install: '@asym/template-x', mode: 'm', plugin: '@asym/template-x', registry: 'http://127.0.0.1:4873/', modes: 'api', name: 'acme', path: '/p', port: 3001, product: 'Slack', range: '^2', rejected: 3, seconds: 90, second: 'b', state: 'creating', supported: 2, template: 'slack', to: 3999, version: 3, what: 'Redis'};
  for (const code of Object.keys(c.ERRORS) as c.ErrorCode[]) {
    it(`${code}`, () => {
      const e = c.asymError(code, params as never);
      expect(e.code).to.equal(code);
      expect(e.exitCode).to.equal(code === 'INTERRUPTED' ? 130 : 1);
      expect(e.message.length).to.be.greaterThan(10);
      expect(e.message).to.not.include('undefined');
      expect(e.toJSON()).to.include({code});
    });
  }
});

describe('manifest JSON Schema', () => {
  it('is current with the zod source (regenerate: pnpm --filter @asym/contract gen:schema)', async () => {
    const {z} = await import('zod');
    const generated = JSON.stringify({...z.toJSONSchema(c.TemplateManifest, {io: 'input', unrepresentable: 'any'}), title: 'asymmetric template manifest (clone.manifest.json)'}, null, 2) + '\n';
    expect(readFileSync(new URL('../schema/manifest.schema.json', import.meta.url), 'utf8')).to.equal(generated);
  });
  it('is shipped in the package', () => {
    expect(readdirSync(new URL('../schema', import.meta.url))).to.include('manifest.schema.json');
  });
});
