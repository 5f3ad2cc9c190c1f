import { suggestions } from '../shared/suggest.js'

/** "Did you mean" for the command line; the distance itself lives in shared/suggest.ts. */
export { editDistance, suggestions } from '../shared/suggest.js'

/**
 * A topic command's positional that is really a mistyped subcommand (`secrets rotate aws-kye`):
 * the hint naming the closest subcommands, or undefined when the word is not close to any
 * (it is then the command's own argument). Parameter paths (`/...`) are never subcommands.
 */
export function subcommandTypo(
  topic: string,
  word: string | undefined,
  commandIds: readonly string[],
): { message: string; hint: string } | undefined {
  if (!word || word.startsWith('/')) return undefined
  const subcommands = commandIds
    .filter((id) => id.startsWith(`${topic}:`))
    .map((id) => id.slice(topic.length + 1))
  const close = suggestions(word, subcommands)
  if (close.length === 0) return undefined
  return {
    message: `There is no command \`secrets ${topic} ${word}\`.`,
    hint: `Did you mean ${close.map((c) => `\`secrets ${topic} ${c}\``).join(' or ')}?`,
  }
}
