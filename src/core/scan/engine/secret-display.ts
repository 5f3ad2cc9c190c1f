import { UsageError } from '../../../shared/errors.js'

/**
 * Refuses `--show-secrets` unless stdout is a terminal: raw secrets may only reach a human's
 * screen, never a pipe, file or CI log. Checked before scanning, so nothing is written first.
 */
export function checkSecretDisplay(showSecrets: boolean, stdoutIsTerminal: boolean): void {
  if (showSecrets && !stdoutIsTerminal)
    throw new UsageError('--show-secrets only works when stdout is a terminal.', {
      hint: 'Drop --show-secrets.',
    })
}
