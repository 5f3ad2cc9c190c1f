import { describe, expect, it } from 'vitest'
import { readSecretValue, type SecretInput } from '../../../src/cli/secret-input.js'

/** Issue 23 (Also): an empty value at the prompt re-prompts once; before, it failed at once. */
function prompting(answers: string[]): SecretInput & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    piped: async () => undefined,
    prompt: () => ({
      secret: async (message: string) => {
        asked.push(message)
        return answers.shift() ?? ''
      },
      text: async () => '',
      choose: async () => {
        throw new Error('not used')
      },
    }),
  }
}

describe('readSecretValue', () => {
  it('an empty answer is asked once more', async () => {
    const input = prompting(['', 's3cret'])
    expect(await readSecretValue('/app/x', input)).toBe('s3cret')
    expect(input.asked).toHaveLength(2)
  })

  it('two empty answers: refused, nothing written', async () => {
    const input = prompting(['', ''])
    await expect(readSecretValue('/app/x', input)).rejects.toThrow(
      'Empty value for /app/x: nothing was written.',
    )
    expect(input.asked).toHaveLength(2)
  })

  it('an empty pipe is refused without a prompt', async () => {
    const input: SecretInput = {
      piped: async () => '\n',
      prompt: () => {
        throw new Error('no prompt')
      },
    }
    await expect(readSecretValue('/app/x', input)).rejects.toThrow('Empty value')
  })
})
