import { password } from '@inquirer/prompts'
import { render } from '@inquirer/testing'
import { describe, expect, it } from 'vitest'
import { PROMPT_THEME } from '../../../src/shared/human-output.js'

/**
 * Issue 23.19: an answered prompt showed inquirer's "✔" right above "Wrong passphrase". The
 * project's prompts use a neutral mark once answered.
 */
describe('prompts never show a success mark', () => {
  it('an answered passphrase prompt shows the neutral mark, not ✔', async () => {
    const { answer, events, getScreen } = await render(password, {
      message: 'Passphrase for the keychain',
      mask: false,
      theme: PROMPT_THEME,
    })
    events.type('wrong')
    events.keypress('enter')
    await expect(answer).resolves.toBe('wrong')
    expect(getScreen()).not.toContain('✔')
    expect(getScreen()).toContain('›')
  })
})
