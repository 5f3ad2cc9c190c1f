import { describe, expect, it } from 'vitest'
import { formatHint } from '../../../src/cli/error-report.js'
import { usageErrorFromParse } from '../../../src/cli/parse-error.js'
import { subcommandTypo } from '../../../src/cli/suggest.js'

/**
 * Issue 23.16: oclif's raw parse errors ("The following errors occurred: …", "Missing
 * required flag profile") become one line in the project's style with a `next:` hint.
 * Before, BaseCommand printed oclif's message text as it was.
 */
const run = { commandId: 'run', flagNames: ['path', 'imds', 'ecs', 'store'] }
const help = (id: string) => `See \`secrets ${id} --help\`.`

describe('usageErrorFromParse', () => {
  it.each<
    [
      string,
      { message: string; flags?: string[]; args?: string[] },
      { commandId: string; flagNames: string[] },
      string,
      string,
      string,
    ]
  >([
    [
      'exclusive flags, both directions reported once',
      {
        message:
          'The following errors occurred:\n  --ecs=true cannot also be provided when using --imds\n  --imds=true cannot also be provided when using --ecs\nSee more help with --help',
      },
      run,
      '--ecs and --imds cannot be used together.',
      `Pick one of --ecs or --imds. ${help('run')}`,
      'ExclusiveFlags',
    ],
    [
      'a missing required flag',
      {
        message: 'The following error occurred:\n  Missing required flag profile\nSee more help with --help',
      },
      { commandId: 'add-key', flagNames: ['profile'] },
      '--profile is required.',
      `Add --profile VALUE. ${help('add-key')}`,
      'MissingFlag',
    ],
    [
      'an unknown flag with a close one',
      { message: 'Nonexistent flag: --pth\nSee more help with --help', flags: ['--pth'] },
      run,
      'Unknown flag --pth.',
      '--pth: did you mean --path? (See `secrets run --help` for the flags.)',
      'UnknownFlag',
    ],
    [
      'a missing argument',
      { message: 'Missing 1 required arg:\npath  Parameter path\nSee more help with --help' },
      { commandId: 'get', flagNames: [] },
      'Missing the argument PATH.',
      help('get'),
      'MissingArgument',
    ],
    [
      'a value not among the options',
      { message: 'Expected --store=sm to be one of: ssm, local\nSee more help with --help' },
      run,
      '--store must be one of: ssm, local (not "sm").',
      'Did you mean --store ssm?',
      'InvalidFlagValue',
    ],
    [
      'an extra word for a topic command',
      { message: 'Unexpected argument: extra\nSee more help with --help', args: ['extra'] },
      { commandId: 'rotate:aws-key', flagNames: [] },
      'Unexpected argument: extra.',
      help('rotate aws-key'),
      'UnexpectedArgument',
    ],
  ])('%s', (_name, error, context, message, hint, code) => {
    const converted = usageErrorFromParse({ ...error, oclif: { exit: 2 } }, context)
    expect({
      message: converted.message,
      hint: converted.hint,
      code: converted.code,
      exit: converted.exitCode,
    }).toEqual({
      message,
      hint,
      code,
      exit: 2,
    })
  })

  it('`set PATH VALUE` never repeats the value, only its length (issue 19.14)', () => {
    const value = 'hunter2-correct-horse-1'
    const converted = usageErrorFromParse(
      {
        message: `Unexpected argument: ${value}\nSee more help with --help`,
        args: [value],
        oclif: { exit: 2 },
      },
      { commandId: 'set', flagNames: [] },
    )
    expect(converted.message).toBe(
      'unexpected argument (23 characters): values are read from stdin or a prompt, never from argv.',
    )
    expect(JSON.stringify({ m: converted.message, h: converted.hint })).not.toContain(value)
  })
})

describe('next: lines start the same way everywhere', () => {
  it.each([
    ['refresh your AWS credentials', 'Refresh your AWS credentials.'],
    ['run `secrets login --profile dev`', 'Run `secrets login --profile dev`.'],
    ['See `secrets list`.', 'See `secrets list`.'],
    ['`secrets --help` lists the commands', '`secrets --help` lists the commands.'],
    ['Did you mean x? (see y)', 'Did you mean x? (see y)'],
  ])('%s → %s', (hint, shown) => expect(formatHint(hint)).toBe(shown))
})

describe('a topic positional that is a mistyped subcommand (issue 23.15)', () => {
  const ids = ['rotate', 'rotate:aws-key', 'imds', 'imds:trigger', 'imds:cert']
  it.each<[string, string | undefined, string | undefined]>([
    ['rotate', 'aws-kye', 'Did you mean `secrets rotate aws-key`?'],
    ['rotate', '/app/dev/db/password', undefined],
    ['rotate', 'zzzzzzzz', undefined],
    ['rotate', undefined, undefined],
  ])('%s %s', (topic, word, hint) => expect(subcommandTypo(topic, word, ids)?.hint).toBe(hint))
})

describe('other parse failures keep their detail on one line', () => {
  it('a bad integer names the value', () => {
    const converted = usageErrorFromParse(
      {
        message:
          'Parsing --port \n\tExpected an integer less than or equal to 65535 but received: 70000\nSee more help with --help',
        oclif: { exit: 2 },
      },
      { commandId: 'imds', flagNames: ['port'] },
    )
    expect(converted.message).toBe(
      'Parsing --port: Expected an integer less than or equal to 65535 but received: 70000',
    )
  })
})
