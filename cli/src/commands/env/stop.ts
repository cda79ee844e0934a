import {envNameArg, EnvStartStopCommand} from '../../env-start-stop-command.js';

export default class EnvStop extends EnvStartStopCommand {
  static args = envNameArg;
  static description = `Stop every member of an environment, keeping their data and ports.

Each member is stopped as \`asym stop <id>\` would; \`asym env start\` brings them back. One failing does not stop the others (stderr, exit 1).`;
  static examples = ['<%= config.bin %> env stop acme'];
  protected readonly action = 'stop' as const;
}
