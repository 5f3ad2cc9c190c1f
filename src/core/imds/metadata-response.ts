/** A request as the routing functions see it: no sockets, just what decides the answer. */
export interface MetadataRequest {
  method: string
  /** The path without the query string, e.g. `/latest/meta-data/iam/info`. */
  path: string
  /** Header names lower-cased, as Node gives them. */
  headers: Record<string, string | undefined>
}

/** What a route answers; the server writes it as is (headers complete, length included). */
export interface MetadataResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** The exact bytes to send instead of `body` (user data, which may be gzip). */
  bytes?: Buffer
}

/** Temporary credentials as they are vended (never long-term keys). */
export interface VendedCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: Date
  /** When we obtained them (IMDS `LastUpdated`). */
  lastUpdated: Date
}

const TEXT = 'text/plain'
const JSON_TYPE = 'application/json'

/** Builds a response with its complete headers, so the server writes them without copying. */
function respond(
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): MetadataResponse {
  return {
    status,
    headers: {
      'content-type': type,
      'content-length': String(Buffer.byteLength(body)),
      server: 'EC2ws',
      ...extra,
    },
    body,
  }
}

/** Answers plain text (IMDS values and listings). */
export function textResponse(
  body: string,
  status = 200,
  headers: Record<string, string> = {},
): MetadataResponse {
  return respond(status, TEXT, body, headers)
}

/** Answers raw bytes (user data); `body` is their UTF-8 reading, for tests and logs. */
export function bytesResponse(bytes: Buffer): MetadataResponse {
  const response = respond(200, 'application/octet-stream', '')
  response.headers['content-length'] = String(bytes.length)
  return { ...response, body: bytes.toString('utf8'), bytes }
}

/** Answers a JSON document. */
export function jsonResponse(value: unknown, status = 200): MetadataResponse {
  return respond(status, JSON_TYPE, JSON.stringify(value, null, 2))
}

/**
 * Answers an error as JSON carrying both `{code,message}` (the ECS agent's style) and
 * `{Code,Message}` (the EC2 style), so every SDK's error parsing finds what it looks for.
 */
export function errorResponse(status: number, code: string, message: string): MetadataResponse {
  return respond(status, JSON_TYPE, JSON.stringify({ code, message, Code: code, Message: message }))
}

/** Formats a date the way IMDS does: `YYYY-MM-DDTHH:MM:SSZ` (no milliseconds). */
export function awsTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}
