import { loadHelpClass, type Hook } from '@oclif/core'
import { ExitCode, UsageError } from '../../shared/errors.js'
import { reportError } from '../error-report.js'
import { suggestions } from '../suggest.js'

/**
 * oclif's `command_not_found` hook: `secrets help [COMMAND...]` shows that command's help,
 * and a mistyped command gets exit 2 with the closest commands ("did you mean").
 */
const hook: Hook<'command_not_found'> = async function ({ id, argv, config }) {
  const words = id.split(':')
  const ids = config.commandIDs
    .filter((c) => !config.findCommand(c)?.hidden)
    .map((c) => c.replaceAll(':', ' '))
  if (words[0] === 'help') {
    const topic = [...words.slice(1), ...(argv ?? []).filter((a) => !a.startsWith('-'))]
    const named = topic.join(':')
    if (!named || config.findCommand(named) || config.findTopic(named)) {
      const Help = await loadHelpClass(config)
      await new Help(config).showHelp([...words.slice(1), ...(argv ?? [])])
      return true
    }
    return notFound(topic.join(' '), ids, 'help ', argv ?? [])
  }
  return notFound(words.join(' '), ids, '', argv ?? [])
}

/** Reports "There is no command" with the closest commands, as the project's own error (exit 2). */
function notFound(typed: string, ids: string[], prefix: string, argv: string[]): boolean {
  const close = VERSION_WORDS.has(typed) ? ['--version'] : suggestions(typed, ids)
  const error = new UsageError(`There is no command \`secrets ${prefix}${typed}\`.`, {
    hint: close.length
      ? `Did you mean ${close.map((c) => `\`secrets ${c === '--version' ? '' : prefix}${c}\``).join(' or ')}? (\`secrets --help\` lists the commands)`
      : '`secrets --help` lists the commands',
    code: 'CommandNotFound',
  })
  reportError(error, ExitCode.usage, { commandId: '', json: argv.includes('--json') })
  process.exitCode = ExitCode.usage
  return true
}

/** What other CLIs take for "print the version": `secrets --version` is ours. */
const VERSION_WORDS = new Set(['-v', '-V', 'version', '--v', '-version'])

export default hook
