import {expect} from 'chai';
import {spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {CLI} from './helpers/cli.js';
import pg from 'pg';

import {cliWorld, cloneProcesses, databaseExists, PG_URL} from './helpers/world.js';

const templates = fileURLToPath(new URL('./fixtures/templates', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Reg = {clones: Array<{id: string; state: string; database: string; pids?: Record<string, number>}>};
const registry = (home: string): Reg => (existsSync(join(home, 'registry.json')) ? JSON.parse(readFileSync(join(home, 'registry.json'), 'utf8')) : {clones: []});

describe('spin faults leave nothing half-made', function () {
  this.timeout(120_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  beforeEach(async () => (world = await cliWorld({ASYM_TEMPLATES_DIR: templates})));
  afterEach(async () => world.cleanup());

  it('a failing migration: MIGRATION_FAILED naming the file, no clone, no database', async () => {
    const r = await world.run(['spin', 'test-badmigration', '--name', 'badmig-1', '--json']);
    expect(r.code).to.equal(1);
    const err = r.json<{error: {code: string; message: string}}>().error;
    expect(err.code).to.equal('MIGRATION_FAILED');
    expect(err.message).to.include('002_broken.sql');
    expect(registry(world.home).clones).to.deep.equal([]);
    expect(await databaseExists('clone_badmig_1')).to.equal(false);
  });

  it('a backend that never gets healthy: HEALTH_TIMEOUT naming asym logs, process and database gone', async () => {
    await world.run(['config', 'set', 'healthTimeoutSeconds', '2']);
    const r = await world.run(['spin', 'test-unhealthy', '--name', 'unhealthy-1']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include("didn't become healthy in 2s").and.include('asym logs unhealthy-1');
    expect(r.stderr).to.include('HEALTH_TIMEOUT');
    expect(registry(world.home).clones).to.deep.equal([]);
    expect(cloneProcesses('unhealthy-1')).to.deep.equal([]);
    expect(await databaseExists('clone_unhealthy_1')).to.equal(false);
  });

  it('Ctrl-C in the middle of spin rolls back before exiting', async () => {
    const child = spawn(process.execPath, [CLI, 'spin', 'test-slow', '--name', 'sigint-1'], {env: {...process.env, ...world.env}, stdio: ['ignore', 'ignore', 'pipe']});
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    for (let i = 0; i < 200 && cloneProcesses('sigint-1').length === 0; i++) await sleep(50);
    expect(cloneProcesses('sigint-1')).to.have.length(1);
    child.kill('SIGINT');
    expect(await exited).to.equal(130);
    // It says what it undid.
    expect(stderr).to.include('Interrupted: sigint-1 was rolled back').and.include('dropped database clone_sigint_1').and.include('removed its registry record');
    expect(registry(world.home).clones).to.deep.equal([]);
    expect(cloneProcesses('sigint-1')).to.deep.equal([]);
    expect(await databaseExists('clone_sigint_1')).to.equal(false);
  });

  it('Ctrl-C while spinning several templates also undoes the ones already up', async () => {
    const child = spawn(process.execPath, [CLI, 'spin', 'slack', 'test-slow', '--name', 'multi'], {env: {...process.env, ...world.env}, stdio: 'ignore'});
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const up = () => registry(world.home).clones.some((c) => c.id === 'multi-1' && c.state === 'running');
    for (let i = 0; i < 400 && !up(); i++) await sleep(50);
    expect(up(), 'slack came up while test-slow was still starting').to.equal(true);
    child.kill('SIGINT');
    expect(await exited).to.equal(130);
    expect(registry(world.home).clones).to.deep.equal([]);
    expect(cloneProcesses('multi-1')).to.deep.equal([]);
    expect(cloneProcesses('multi-2')).to.deep.equal([]);
    expect(await databaseExists('clone_multi_1')).to.equal(false);
    expect(await databaseExists('clone_multi_2')).to.equal(false);
  });

  it('a killed CLI (SIGKILL) leaves a record that doctor finds and --fix cleans', async () => {
    const child = spawn(process.execPath, [CLI, 'spin', 'test-slow', '--name', 'killed-1'], {env: {...process.env, ...world.env}, stdio: 'ignore'});
    const exited = new Promise((r) => child.on('exit', r));
    for (let i = 0; i < 200 && cloneProcesses('killed-1').length === 0; i++) await sleep(50);
    child.kill('SIGKILL');
    await exited;
    expect(registry(world.home).clones.map((c) => [c.id, c.state])).to.deep.equal([['killed-1', 'creating']]);

    const check = await world.run(['doctor']);
    expect(check.code).to.equal(1);
    expect(check.stdout).to.include('killed-1').and.include('asym doctor --fix');

    const fix = await world.run(['doctor', '--fix', '--json']);
    const checks = fix.json<{checks: Array<{name: string; fixed?: boolean}>}>().checks;
    expect(checks.find((c) => c.name === 'clone killed-1')?.fixed).to.equal(true);
    expect(registry(world.home).clones).to.deep.equal([]);
    expect(cloneProcesses('killed-1')).to.deep.equal([]);
    expect(await databaseExists('clone_killed_1')).to.equal(false);
  });

  it('a mode the template does not have: MODE_NOT_FOUND listing the modes, nothing made', async () => {
    const r = await world.run(['spin', 'test-slow', '--mode', 'full', '--json']);
    expect(r.code).to.equal(1);
    expect(r.json<{error: {code: string; message: string}}>().error).to.include({code: 'MODE_NOT_FOUND'});
    expect(registry(world.home).clones).to.deep.equal([]);
  });

  it('an unknown template: TEMPLATE_NOT_FOUND with the install command of a first-party template', async () => {
    // As an installed CLI sees it: a checkout would find the workspace's linear template.
    const r = await world.run(['spin', 'linear'], {ASYM_WORKSPACE_TEMPLATES: '0'});
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include('Unknown template "linear"').and.include('asymmetric plugins install @asym/template-linear');
  });

  it('a database of the same name from another ASYM_HOME: NAME_TAKEN, and that database is left alone', async () => {
    const admin = async (sql: string) => {
      const c = new pg.Client({connectionString: PG_URL});
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    await admin('CREATE DATABASE clone_shared_name_1'); // as another home's clone would have it
    try {
      const r = await world.run(['spin', 'test-slow', '--name', 'shared-name-1', '--json']);
      expect(r.code).to.equal(1);
      const err = r.json<{error: {code: string; message: string}}>().error;
      expect(err.code).to.equal('NAME_TAKEN');
      expect(err.message).to.include('clone_shared_name_1');
      expect(await databaseExists('clone_shared_name_1')).to.equal(true);
    } finally {
      await admin('DROP DATABASE IF EXISTS clone_shared_name_1');
    }
  });

  it('bad --name, --group and --seed values are refused before anything is made', async () => {
    for (const args of [['--name', 'Bad Name!'], ['--group', 'bad group!'], ['--seed', 'stripe=acct']]) {
      const r = await world.run(['spin', 'test-slow', ...args, '--json']);
      expect(r.code, args.join(' ')).to.equal(1);
      const err = r.json<{error: {code: string; message: string}}>().error;
      expect(err.code).to.equal('INVALID_INPUT');
    }
    expect(registry(world.home).clones).to.deep.equal([]);
  });
});
