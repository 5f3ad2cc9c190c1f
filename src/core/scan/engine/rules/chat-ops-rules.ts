import type { Rule } from '../types.js'
import { ASSIGNMENT } from './rule-builders.js'

/**
 * Chat webhooks (anyone holding the URL can post as the integration) and operations
 * services' API keys, each from the provider's documented URL or key format.
 */

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
/** `&` in a URL, also as written inside JSON (`\u0026`) and HTML (`&amp;`). */
const AMP = String.raw`(?:&|\\u0026|&amp;)`
/** An assignment between a name and its value, and the value's opening quote if any. */
const ASSIGN = String.raw`${ASSIGNMENT}["'\`]?`

/**
 * The part of a provider-prefixed name after the provider (`_API_KEY` of `OPSGENIE_API_KEY`)
 * names a credential, or nothing at all (`opsgenie: …`); identifiers and public keys do not.
 */
function namesCredential(rest: string, notCredential: RegExp): boolean {
  const words = rest.toLowerCase()
  if (notCredential.test(words)) return false
  return words.replace(/[\W_]/g, '') === '' || /key|token|secret|auth|api|cred|pass/.test(words)
}

export const chatOpsRules: Rule[] = [
  // Google Chat incoming webhooks (developers.google.com/workspace/chat, "Build a Google Chat
  // app as a webhook"): https://chat.googleapis.com/v1/spaces/<space>/messages?key=<API key
  // `AIza` + 35>&token=<webhook token, base64url>. The key and token together post as the app.
  {
    id: 'google-chat-webhook-url',
    title: 'Google Chat webhook URL',
    keywords: ['chat.googleapis.com'],
    pattern: new RegExp(
      String.raw`chat\.googleapis\.com/v1/spaces/(?<secret>[A-Za-z0-9_-]{6,30}/messages\?` +
        String.raw`(?:key=AIza[A-Za-z0-9_-]{35}${AMP}token=[A-Za-z0-9_-]{20,100}(?:%3D|=){0,2}` +
        String.raw`|token=[A-Za-z0-9_-]{20,100}(?:%3D|=){0,2}${AMP}key=AIza[A-Za-z0-9_-]{35}))`,
      'g',
    ),
    priority: 1.5,
  },
  // Mattermost incoming webhooks (docs.mattermost.com, "Incoming webhooks"):
  // https://<your-mattermost-server>/hooks/<id>, the id 26 lower-case alphanumerics (Mattermost
  // ids). `/hooks/<26>` alone is not Mattermost's, so only on a host with a Mattermost name or
  // after a Mattermost word on the line (`MATTERMOST_WEBHOOK=https://chat.example.com/hooks/…`).
  {
    id: 'mattermost-webhook-url',
    title: 'Mattermost incoming webhook URL',
    keywords: ['mattermost'],
    pattern:
      /(?:(?:[Mm]attermost|MATTERMOST)[^\n]{0,200}?https?:\/\/[^\s/"'<>]{1,100}|https?:\/\/[^\s/"'<>]{0,100}?mattermost[^\s/"'<>]{0,100})\/hooks\/(?<secret>[a-z0-9]{26})(?![A-Za-z0-9])/g,
    minEntropy: 3.2,
  },
  // Zapier catch hooks ("Webhooks by Zapier", help.zapier.com): https://hooks.zapier.com/
  // hooks/catch/<account number>/<hook id>/; the URL alone triggers the Zap.
  {
    id: 'zapier-webhook-url',
    title: 'Zapier webhook URL',
    keywords: ['hooks.zapier.com'],
    pattern: /hooks\.zapier\.com\/hooks\/catch\/(?<secret>[0-9]{4,12}\/[a-z0-9]{5,16})(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  // Microsoft Teams "Workflows" webhooks (the successor of Office 365 connectors) and any Azure
  // Logic Apps / Power Automate HTTP trigger: https://<…>.logic.azure.com[:443]/workflows/<id>/
  // triggers/manual/paths/invoke?api-version=…&sp=…&sv=1.0&sig=<SAS signature, 43 base64url>,
  // or the same path on <env>.environment.api.powerplatform.com. The `sig` authorises the call.
  {
    id: 'azure-workflow-webhook-url',
    title: 'Teams Workflows / Logic Apps webhook URL (SAS signature)',
    keywords: ['logic.azure.com', 'api.powerplatform.com'],
    pattern:
      /https:\/\/[A-Za-z0-9.-]{1,120}\.(?:logic\.azure\.com|environment\.api\.powerplatform\.com)(?::\d{1,5})?\/[A-Za-z0-9/._%-]{1,300}\?[^\s"'<>#]{0,300}?\bsig=(?<secret>[A-Za-z0-9_-]{40,50})(?![A-Za-z0-9_-])/g,
    minEntropy: 3.5,
  },
  // Opsgenie API keys (docs.opsgenie.com, "API Access Management"): a UUID, sent as the
  // `Authorization: GenieKey <key>` header. A UUID is only an Opsgenie key after `GenieKey` or
  // under an Opsgenie key/token name (`OPSGENIE_API_KEY`), not an Opsgenie team or user id.
  {
    id: 'opsgenie-api-key',
    title: 'Opsgenie API key',
    keywords: ['geniekey', 'opsgenie'],
    pattern: new RegExp(
      `(?:geniekey[ \\t]{1,4}|opsgenie(?<name>[\\w.-]{0,40})${ASSIGN})(?<secret>${UUID})(?![A-Za-z0-9_-])`,
      'gi',
    ),
    minEntropy: 3,
    allowStructured: true,
    validate: (_secret, context) => {
      const name = context.groups.name
      return (
        name === undefined ||
        namesCredential(name, /id$|ids$|id[_.-]|uuid|team|user|schedule|escalation|responder|region/)
      )
    },
  },
  // Algolia admin API keys (algolia.com/doc, "API keys"): 32 hex characters; the application id
  // beside them is 10 upper-case alphanumerics. Only under an Algolia key name; search-only keys
  // (`ALGOLIA_SEARCH_KEY`, meant for browsers) and application ids are not secrets.
  {
    id: 'algolia-admin-key',
    title: 'Algolia admin API key',
    keywords: ['algolia'],
    pattern: new RegExp(
      `algolia(?<name>[\\w.-]{0,40})${ASSIGN}(?<secret>[a-f0-9]{32})(?![A-Za-z0-9_-])`,
      'gi',
    ),
    minEntropy: 3,
    validate: (secret, context) =>
      secret === secret.toLowerCase() &&
      namesCredential(context.groups.name ?? '', /search|public|read|app[_.-]?id|index|insight/),
  },
]
