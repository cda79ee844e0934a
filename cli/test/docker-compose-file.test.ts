import {isErrorCode, type TemplateManifest} from '@asym/contract';
import {expect} from 'chai';
import {parse} from 'yaml';

import {type ComposeFileInput, composeYaml, modeServices} from '../src/providers/docker/compose-file.js';
import {LABELS} from '../src/providers/docker/labels.js';

const manifest = {
  modes: {api: ['backend'], full: ['backend', 'frontend']},
  name: 'slack',
  services: {backend: {entry: './dist/backend.js', health: '/_asym/health', port: 3001}, frontend: {build: './frontend', health: '/', optional: true, port: 5173}},
} as unknown as TemplateManifest;

const input = (over: Partial<ComposeFileInput> = {}): ComposeFileInput => ({
  cloneId: 'slack-a1b2',
  databaseUrl: 'postgres://postgres:pw@asym-postgres:5432/clone_slack_a1b2',
  images: {backend: 'sha256:b', frontend: 'sha256:f'},
  manifest,
  mode: 'api',
  ports: {backend: 3005, frontend: 3006},
  redisPrefix: 'slack-a1b2:',
  redisUrl: 'redis://asym-redis:6379',
  secrets: {control: 'ctl', jwt: 'jwt'},
  ...over,
});

type Doc = {services: Record<string, {ports: string[]; environment: Record<string, string>; labels: Record<string, string>; networks: string[]; image: string}>; networks: Record<string, {labels?: Record<string, string>; external?: boolean; name?: string}>; volumes: Record<string, {labels: Record<string, string>}>};
const doc = (i: ComposeFileInput) => parse(composeYaml(i)) as Doc;

describe('docker compose file of a clone', () => {
  it('runs the services of the mode, on 127.0.0.1 host ports, with the clone environment', () => {
    const d = doc(input());
    expect(Object.keys(d.services)).to.deep.equal(['backend']);
    const b = d.services.backend!;
    expect(b.image).to.equal('sha256:b');
    expect(b.ports).to.deep.equal(['127.0.0.1:3005:3001']);
    expect(b.environment).to.include({
      ASYM_CLONE_ID: 'slack-a1b2',
      ASYM_CONTROL_TOKEN: 'ctl',
      // deliveries to loopback URLs the user registered go to the host
      ASYM_HOST_ALIAS: 'host.docker.internal',
      DATABASE_URL: 'postgres://postgres:pw@asym-postgres:5432/clone_slack_a1b2',
      HOST: '0.0.0.0',
      JWT_SECRET: 'jwt',
      PORT: '3001',
      REDIS_PREFIX: 'slack-a1b2:',
      REDIS_URL: 'redis://asym-redis:6379',
    });
    expect(b.networks).to.deep.equal(['clone', 'shared']);
    expect(d.networks.shared).to.deep.equal({external: true, name: 'asym-shared'});
  });

  it('labels every container, volume and network it owns with the clone and template', () => {
    const d = doc(input({mode: 'full'}));
    const want = {[LABELS.clone]: 'slack-a1b2', [LABELS.template]: 'slack'};
    expect(Object.keys(d.services)).to.deep.equal(['backend', 'frontend']);
    for (const s of Object.values(d.services)) expect(s.labels).to.include(want);
    for (const v of Object.values(d.volumes)) expect(v.labels).to.deep.equal(want);
    expect(d.networks.clone!.labels).to.deep.equal(want);
    expect(composeYaml(input())).not.to.match(/[&*]a\d/);
  });

  it('binds 0.0.0.0 only with expose', () => {
    expect(doc(input({expose: true})).services.backend!.ports).to.deep.equal(['0.0.0.0:3005:3001']);
  });

  it('names the modes when asked for an unknown one', () => {
    const err = (() => {
      try {
        modeServices(manifest, 'nope');
      } catch (error) {
        return error;
      }
    })();
    expect(isErrorCode(err, 'MODE_NOT_FOUND')).to.equal(true);
    expect((err as Error).message).to.include('api, full');
  });
});
