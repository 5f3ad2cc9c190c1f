#!/usr/bin/env node
import { execute } from '@oclif/core'

await execute({ dir: import.meta.url })

// Exit once stdout has drained: idle keep-alive sockets (AWS SDK) must not hold the process.
const done = () => process.exit(process.exitCode ?? 0)
if (process.stdout.writableLength > 0) process.stdout.once('drain', done)
else done()
