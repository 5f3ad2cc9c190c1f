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
  if (words[0] === 'help') {
    const Help = await loadHelpClass(config)
    await new Help(config).showHelp([...words.slice(1), ...(argv ?? [])])
    return true
  }
  const typed = words.join(' ')
  const ids = config.commandIDs
    .filter((c) => !config.findCommand(c)?.hidden)
    .map((c) => c.replaceAll(':', ' '))
  const close = suggestions(typed, ids)
  const error = new UsageError(`There is no command \`secrets ${typed}\`.`, {
    hint: close.length
      ? `did you mean ${close.map((c) => `\`secrets ${c}\``).join(' or ')}? (\`secrets --help\` lists the commands)`
      : '`secrets --help` lists the commands',
    code: 'CommandNotFound',
  })
  reportError(error, ExitCode.usage, { commandId: '', json: (argv ?? []).includes('--json') })
  process.exitCode = ExitCode.usage
  return true
}

export default hook
