// The baseline a user could write: the SDK v3 paginator over GetParametersByPath.
import { paginateGetParametersByPath, SSMClient } from '@aws-sdk/client-ssm'

const [prefix] = process.argv.slice(2)
const client = new SSMClient({})
let n = 0
for await (const page of paginateGetParametersByPath(
  { client },
  { Path: prefix, Recursive: true, WithDecryption: true },
)) {
  n += page.Parameters?.length ?? 0
}
console.error(`${n} parameters`)
