import type { Rule } from '../types.js'
import { azureKeyRules } from './azure-key-rules.js'
import { chatOpsRules } from './chat-ops-rules.js'
import { cloudRules } from './cloud-rules.js'
import { containerRules } from './container-rules.js'
import { conventionRules } from './convention-rules.js'
import { credentialRules } from './credential-rules.js'
import { developerRules } from './developer-rules.js'
import { formatRules } from './format-rules.js'
import { genericRules } from './generic-rules.js'
import { providerContextRules } from './provider-context-rules.js'
import { serviceRules } from './service-rules.js'
import { tokenFormatRules } from './token-format-rules.js'

/** Every built-in rule, specific first. Ids are unique (a unit test checks). */
export const BUILTIN_RULES: readonly Rule[] = [
  ...cloudRules,
  ...developerRules,
  ...serviceRules,
  ...tokenFormatRules,
  ...credentialRules,
  ...formatRules,
  ...azureKeyRules,
  ...chatOpsRules,
  ...containerRules,
  ...conventionRules,
  ...providerContextRules,
  ...genericRules,
]

export { isGenericSecret } from './generic-rules.js'
