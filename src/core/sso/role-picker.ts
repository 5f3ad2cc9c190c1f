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

/** Asks the user to pick a role on the terminal (drawn on stderr; stdout stays the result). */
export async function pickRoleInteractive(choices: RoleChoice[]): Promise<RoleChoice> {
  const { search } = await import('@inquirer/prompts')
  return search(rolePickerConfig(choices), { output: process.stderr })
}
