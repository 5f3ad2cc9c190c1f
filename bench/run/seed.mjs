// Seeds N SecureString parameters under a path in an SSM endpoint (moto), 16 at a time.
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'

const [endpoint, prefix, count = '1000'] = process.argv.slice(2)
const client = new SSMClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
})
let next = 0
const n = Number(count)
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (next < n) {
      const i = next++
      const group = `g${i % 10}`
      await client.send(
        new PutParameterCommand({
          Name: `${prefix}/${group}/param-${i}`,
          Value: `value-${i}-${'x'.repeat(32)}`,
          Type: 'SecureString',
          Overwrite: true,
        }),
      )
    }
  }),
)
client.destroy()
console.error(`seeded ${n} parameters under ${prefix}`)
