import {envNameArg, EnvStartStopCommand} from '../../env-start-stop-command.js';

export default class EnvStart extends EnvStartStopCommand {
  static args = envNameArg;
  static description = `Start every member of an environment (after a reboot), in parallel.

Each member is started as \`asym start <id>\` would. One failing does not stop the others: the failure goes to stderr and the exit code is 1, and the environment is \`partial\`.`;
  static examples = ['<%= config.bin %> env start acme'];
  protected readonly action = 'start' as const;
}
