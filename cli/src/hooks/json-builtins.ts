import type {Command, Hook, Interfaces} from '@oclif/core';

/**
 * oclif's own `--version` and `help` answer text only; with `--json` (as every asymmetric command
 * takes) they answer JSON here instead, before oclif prints its text: `--version --json` gives the
 * CLI's name and version, `help --json` the commands, `help <command> --json` (or
 * `<command> --help --json`) one command's description, arguments, flags and examples.
 */
const words = (argv: string[]) => argv.filter((a) => !a.startsWith('-'));

function commandJson(c: Command.Loadable, bin: string) {
  return {
    args: Object.fromEntries(Object.entries(c.args ?? {}).map(([name, a]) => [name, {description: a.description, required: Boolean(a.required)}])),
    description: c.description,
    examples: (c.examples ?? []).map((e) => (typeof e === 'string' ? e : e.command).replaceAll('<%= config.bin %>', bin)),
    flags: Object.fromEntries(
      Object.entries(c.flags ?? {})
        .filter(([, f]) => !f.hidden)
        .map(([name, f]) => [name, {char: f.char, description: f.description, multiple: f.type === 'option' ? Boolean(f.multiple) : false, options: f.type === 'option' ? f.options : undefined, type: f.type}]),
    ),
    id: c.id.replaceAll(':', ' '),
    summary: c.summary ?? c.description?.split('\n')[0],
  };
}

function print(value: unknown): never {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  process.exit(0);
}

export function versionJson(config: Interfaces.Config) {
  return {arch: config.arch, bin: config.bin, name: config.name, node: process.version, platform: config.platform, version: config.version};
}

const hook: Hook<'init'> = async function (opts) {
  const argv = process.argv.slice(2);
  if (!argv.includes('--json')) return;
  const {config} = opts;
  if (argv[0] === '--version' || argv[0] === '-v' || (argv[0] === 'version' && !config.findCommand('version'))) print(versionJson(config));
  const helpFlag = argv.includes('--help') || argv.includes('-h');
  const viaHelp = argv[0] === 'help';
  if (!helpFlag && !viaHelp) return;
  const target = (viaHelp ? words(argv.slice(1)) : words(argv)).join(':');
  const visible = config.commands.filter((c) => !c.hidden);
  if (!target) {
    print({
      bin: config.bin,
      commands: visible.map((c) => ({id: c.id.replaceAll(':', ' '), summary: c.summary ?? c.description?.split('\n')[0]})).sort((a, b) => a.id.localeCompare(b.id)),
      topics: config.topics.filter((t) => !t.hidden).map((t) => ({description: t.description, name: t.name})),
      version: config.version,
    });
  }
  const cmd = config.findCommand(target);
  if (cmd) print(commandJson(cmd, config.bin));
  const topic = visible.filter((c) => c.id.startsWith(`${target}:`));
  if (topic.length > 0) print({commands: topic.map((c) => commandJson(c, config.bin)), topic: target.replaceAll(':', ' ')});
  // Not a command: the command_not_found hook answers with UNKNOWN_COMMAND (and a suggestion).
  await config.runHook('command_not_found', {argv: [], id: target});
};
export default hook;
