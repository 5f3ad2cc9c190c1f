#!/usr/bin/env node
// A stand-in for the user's browser in tests (set BROWSER to this file): it requests the
// authorization URL given as argv[2] and follows the redirect (to the CLI's loopback
// callback), the way a browser does after the user approves. Loopback only. With
// FAKE_BROWSER_PAGE set, the last page's status, content type and body are written there.
import { writeFileSync } from 'node:fs'

const start = process.argv[2]
if (!start || !start.startsWith('http://127.0.0.1:')) process.exit(2)
let url = start
let last = { status: 0, type: '', body: '' }
for (let hops = 0; hops < 5; hops++) {
  const res = await fetch(url, { redirect: 'manual' })
  const next = res.headers.get('location')
  last = { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() }
  if (!next || res.status < 300 || res.status >= 400) break
  url = new URL(next, url).toString()
  if (!url.startsWith('http://127.0.0.1:')) break
}
if (process.env.FAKE_BROWSER_PAGE) writeFileSync(process.env.FAKE_BROWSER_PAGE, JSON.stringify(last))
