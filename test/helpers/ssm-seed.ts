import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { motoEnv } from './moto.js'

/** An SSM client pointed at moto, for seeding test data. */
export function motoSsm(url: string): SSMClient {
  const env = motoEnv(url)
  return new SSMClient({
    endpoint: url,
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    },
  })
}

/** Writes parameters (SecureString) with bounded concurrency. */
export async function seedParameters(
  url: string,
  params: Record<string, string>,
  concurrency = 8,
): Promise<void> {
  const client = motoSsm(url)
  const entries = Object.entries(params)
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < entries.length) {
        const [name, value] = entries[next++] as [string, string]
        await client.send(
          new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Overwrite: true }),
        )
      }
    }),
  )
  client.destroy()
}
