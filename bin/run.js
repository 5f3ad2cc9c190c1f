#!/usr/bin/env node
import { execute } from '@oclif/core/execute'

// The AWS SDK warns on every Node 20 start that its 2027 releases will need Node 22. stderr
// belongs to the user's command (`secrets run`): drop that one advisory, keep all others.
const emitWarning = process.emitWarning.bind(process)
process.emitWarning = (warning, ...rest) => {
  if (
    String(typeof warning === 'string' ? warning : warning?.message).startsWith('NodeVersionSupportWarning')
  )
    return
  emitWarning(warning, ...rest)
}

await execute({ dir: import.meta.url })

// Exit once stdout has drained: idle keep-alive sockets (AWS SDK) must not hold the process.
const done = () => process.exit(process.exitCode ?? 0)
if (process.stdout.writableLength > 0) process.stdout.once('drain', done)
else done()
