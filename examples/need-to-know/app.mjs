// The app of the need-to-know demo: it knows nothing about `secrets`. Its settings arrive in
// the environment, its AWS identity from the metadata endpoint (the SDK's default chain).
// It prints who it is, what it got, and what it cannot see; never a value.
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'

const sts = new STSClient({ region: process.env.AWS_REGION ?? 'us-east-1' })
const me = await sts.send(new GetCallerIdentityCommand({}))
console.log(`app: running as ${me.Arn}`)
console.log(
  `app: DB_PASSWORD ${process.env.DB_PASSWORD ? 'present' : 'missing'}, API_URL ${process.env.API_URL ?? 'missing'}`,
)
console.log(`app: AWS keys in my environment: ${process.env.AWS_SECRET_ACCESS_KEY ? 'yes' : 'no'}`)
const aws = join(homedir(), '.aws')
console.log(`app: ~/.aws ${existsSync(join(aws, 'credentials')) ? 'visible' : 'hidden (empty)'}`)
