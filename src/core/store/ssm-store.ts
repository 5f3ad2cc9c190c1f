import type { SSMClient } from '@aws-sdk/client-ssm'
import { lazyAwsClient, type LazyAwsClient } from '../../shared/aws-client.js'
import type { AwsContext } from '../../shared/aws-config.js'
import { toRemoteError } from '../../shared/aws-errors.js'
import { errorName } from '../../shared/errors.js'
import type {
  LabelResult,
  Parameter,
  ParameterInfo,
  ParameterStore,
  ParameterType,
  PutOptions,
} from './parameter.js'
import { selectedName, type SelectedPath } from './parameter-selector.js'

type SsmModule = typeof import('@aws-sdk/client-ssm')

export interface SsmStoreDeps {
  aws: AwsContext
  /** The command to suggest when credentials are rejected. */
  loginHint?: string
}

/**
 * AWS Systems Manager Parameter Store. The SDK is imported on first use (start-up stays
 * lean for the local store). Reads are recursive, decrypted and fully paginated; the SDK's
 * adaptive retry mode backs off on ThrottlingException.
 */
export class SsmStore implements ParameterStore {
  readonly kind = 'ssm' as const
  readonly #client: LazyAwsClient<'ssm'>

  constructor(private readonly deps: SsmStoreDeps) {
    this.#client = lazyAwsClient('ssm', deps.aws, { maxAttempts: 6 })
  }

  async #call<T>(what: string, fn: (sdk: SsmModule, client: SSMClient) => Promise<T>): Promise<T> {
    const { sdk, client } = await this.#client()
    try {
      return await fn(sdk, client)
    } catch (error) {
      throw toRemoteError(error, what, this.deps.loginHint)
    }
  }

  getByPath(prefix: string): Promise<Parameter[]> {
    return this.#call(`reading ${prefix} from SSM`, async (sdk, client) => {
      const out: Parameter[] = []
      const pages = sdk.paginateGetParametersByPath(
        { client, pageSize: 10 },
        { Path: prefix, Recursive: true, WithDecryption: true },
      )
      for await (const page of pages) {
        for (const p of page.Parameters ?? []) out.push(fromSdk(p))
      }
      return out
    })
  }

  /** Versions without decryption (the value field then holds ciphertext, and is dropped). */
  versionsByPath(prefix: string): Promise<ParameterInfo[]> {
    return this.#call(`reading versions under ${prefix} from SSM`, async (sdk, client) => {
      const out: ParameterInfo[] = []
      const pages = sdk.paginateGetParametersByPath(
        { client, pageSize: 10 },
        { Path: prefix, Recursive: true, WithDecryption: false },
      )
      for await (const page of pages) for (const p of page.Parameters ?? []) out.push(infoOf(fromSdk(p)))
      return out
    })
  }

  versionOf(path: string): Promise<ParameterInfo | undefined> {
    return this.#call(`reading the version of ${path} from SSM`, async (sdk, client) => {
      try {
        const result = await client.send(new sdk.GetParameterCommand({ Name: path, WithDecryption: false }))
        return result.Parameter ? infoOf(fromSdk(result.Parameter)) : undefined
      } catch (error) {
        if (errorName(error) === 'ParameterNotFound') return undefined
        throw error
      }
    })
  }

  get(path: string): Promise<Parameter | undefined> {
    return this.#call(`reading ${path} from SSM`, (sdk, client) => getOne(sdk, client, path))
  }

  /**
   * Plain and selected names with GetParameters, 10 names a call (its limit), calls in
   * parallel. A batch never holds two names of one parameter, so each answer maps back to
   * the name asked by its Name alone (moto does not return the Selector field AWS sends).
   */
  getSelected(selected: SelectedPath[]): Promise<(Parameter | undefined)[]> {
    const names = selected.map(selectedName)
    const what = names.length === 1 ? (names[0] ?? '') : `${names.length} parameters`
    return this.#call(`reading ${what} from SSM`, async (sdk, client) => {
      const found = new Map<string, Parameter>()
      await Promise.all(
        batchByParameter(selected).map(async (batch) => {
          const byPath = new Map(batch.map((s) => [s.path, selectedName(s)]))
          const result = await client.send(
            new sdk.GetParametersCommand({ Names: [...byPath.values()], WithDecryption: true }),
          )
          for (const p of result.Parameters ?? []) {
            const asked = byPath.get(p.Name ?? '')
            if (asked !== undefined) found.set(asked, fromSdk(p))
          }
        }),
      )
      return names.map((n) => found.get(n))
    })
  }

  label(path: string, version: number | undefined, labels: string[]): Promise<LabelResult> {
    return this.#call(`labelling ${path} in SSM`, async (sdk, client) => {
      try {
        const result = await client.send(
          new sdk.LabelParameterVersionCommand({
            Name: path,
            Labels: labels,
            ...(version !== undefined ? { ParameterVersion: version } : {}),
          }),
        )
        return {
          found: true,
          version: result.ParameterVersion ?? version ?? 0,
          invalidLabels: result.InvalidLabels ?? [],
        }
      } catch (error) {
        const name = errorName(error)
        if (name === 'ParameterNotFound' || name === 'ParameterVersionNotFound') return { found: false }
        throw error
      }
    })
  }

  put(path: string, value: string, options: PutOptions = {}): Promise<{ version: number }> {
    return this.#call(`writing ${path} to SSM`, async (sdk, client) => {
      const result = await client.send(
        new sdk.PutParameterCommand({
          Name: path,
          Value: value,
          Type: options.type ?? 'SecureString',
          Overwrite: true,
        }),
      )
      return { version: result.Version ?? 0 }
    })
  }

  history(path: string): Promise<Parameter[]> {
    return this.#call(`reading the history of ${path} from SSM`, async (sdk, client) => {
      const out: Parameter[] = []
      try {
        const pages = sdk.paginateGetParameterHistory(
          { client, pageSize: 50 },
          { Name: path, WithDecryption: true },
        )
        for await (const page of pages) {
          for (const p of page.Parameters ?? []) {
            out.push({
              path,
              value: p.Value ?? '',
              version: p.Version ?? 0,
              lastModified: p.LastModifiedDate ?? new Date(0),
              type: (p.Type as ParameterType | undefined) ?? 'String',
              ...(p.Labels?.length ? { labels: p.Labels } : {}),
              ...(p.LastModifiedUser ? { modifiedBy: p.LastModifiedUser } : {}),
            })
          }
        }
      } catch (error) {
        if (errorName(error) === 'ParameterNotFound') return []
        throw error
      }
      return out.sort((a, b) => a.version - b.version)
    })
  }

  delete(path: string): Promise<boolean> {
    return this.#call(`deleting ${path} from SSM`, async (sdk, client) => {
      try {
        await client.send(new sdk.DeleteParameterCommand({ Name: path }))
        return true
      } catch (error) {
        if (errorName(error) === 'ParameterNotFound') return false
        throw error
      }
    })
  }
}

/** Batches of at most 10 distinct names, no parameter twice in one batch. */
function batchByParameter(selected: SelectedPath[]): SelectedPath[][] {
  const batches: SelectedPath[][] = []
  const seen = new Set<string>()
  for (const s of selected) {
    const name = selectedName(s)
    if (seen.has(name)) continue
    seen.add(name)
    let batch = batches.find((b) => b.length < 10 && !b.some((o) => o.path === s.path))
    if (!batch) batches.push((batch = []))
    batch.push(s)
  }
  return batches
}

async function getOne(sdk: SsmModule, client: SSMClient, path: string): Promise<Parameter | undefined> {
  try {
    const result = await client.send(new sdk.GetParameterCommand({ Name: path, WithDecryption: true }))
    return result.Parameter ? fromSdk(result.Parameter) : undefined
  } catch (error) {
    if (errorName(error) === 'ParameterNotFound') return undefined
    throw error
  }
}

function fromSdk(p: import('@aws-sdk/client-ssm').Parameter): Parameter {
  return {
    path: p.Name ?? '',
    value: p.Value ?? '',
    version: p.Version ?? 0,
    lastModified: p.LastModifiedDate ?? new Date(0),
    type: (p.Type as ParameterType | undefined) ?? 'String',
  }
}

function infoOf({ value: _value, ...info }: Parameter): ParameterInfo {
  return info
}
