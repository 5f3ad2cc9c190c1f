import type { Prompter } from '../../shared/human-output.js'
import { choiceLabel, filterChoices, type RoleChoice } from './role-choice.js'

/** The searchable picker's configuration for `@inquirer/prompts` `search` (testable with @inquirer/testing). */
export function rolePickerConfig(choices: RoleChoice[]) {
  return {
    message: 'Choose an AWS account and role (type to search)',
    pageSize: 12,
    source: async (term: string | undefined) =>
      filterChoices(choices, term).map((choice) => ({ name: choiceLabel(choice), value: choice })),
  }
}

/** Asks the human to pick a role through the output port's searchable list. */
export function pickRole(prompt: Prompter, choices: RoleChoice[]): Promise<RoleChoice> {
  const { message, source, pageSize } = rolePickerConfig(choices)
  return prompt.choose(message, source, pageSize)
}
