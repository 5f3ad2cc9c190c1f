import * as Flags from '@oclif/core/flags'
import { FORMATS } from '../core/scan/index.js'

/** The one flag table of `secrets scan`; its start-up fast path reads it from oclif.manifest.json. */
export const scanFlags = {
  staged: Flags.boolean({
    description: 'Scan the index (what the next commit adds)',
    exclusive: ['history'],
  }),
  history: Flags.boolean({
    description: 'Scan every blob reachable in the git history',
    exclusive: ['staged'],
  }),
  since: Flags.string({
    description: 'With --history: only commits not reachable from REV',
    dependsOn: ['history'],
  }),
  range: Flags.string({
    description:
      'With --history: only the blobs the commits of BASE..HEAD introduced (a pull request), under the scan policy and baseline of BASE',
    dependsOn: ['history'],
    exclusive: ['since'],
  }),
  'fetch-missing': Flags.boolean({
    description: 'With --history in a partial clone: fetch the missing blobs in one batch',
    dependsOn: ['history'],
  }),
  'require-full-history': Flags.boolean({
    description: 'With --history: exit 5 when the history is shallow or blobs could not be read',
    dependsOn: ['history'],
  }),
  verbose: Flags.boolean({
    description:
      'Name every file not scanned (oversized, symbolic link, not a regular file, too deep) and every blob that could not be read (stderr)',
  }),
  format: Flags.string({ description: 'Output format', options: [...FORMATS], default: 'text' }),
  baseline: Flags.string({
    description:
      'Ignore findings recorded in this baseline file (default: .secrets-baseline.json at the top, if any)',
    exclusive: ['no-baseline'],
  }),
  'no-baseline': Flags.boolean({ description: 'Apply no baseline, not even .secrets-baseline.json' }),
  'write-baseline': Flags.string({
    description:
      'Merge current findings into the baseline FILE (salted slow hashes, never the secrets), say what changed, exit 0',
  }),
  prune: Flags.boolean({
    description: 'With --write-baseline: drop the entries no current finding matches',
    dependsOn: ['write-baseline'],
  }),
  'list-rules': Flags.boolean({ description: 'Print the rules (id, description, source) and exit' }),
  'show-secrets': Flags.boolean({ description: 'Print secrets unredacted (only on a terminal)' }),
  verify: Flags.boolean({
    description:
      "Ask each found credential's own issuer whether it is live (AWS keys: STS GetCallerIdentity)",
  }),
  'only-verified': Flags.boolean({
    description: 'Report only credentials their issuer confirmed live (implies --verify)',
  }),
  'known-values': Flags.boolean({
    description:
      "Also find the project's own current secret values (store paths and env-file references), by name",
  }),
}
