#!/usr/bin/env node
// A stand-in for the user's browser in tests (set BROWSER to this file): it requests the
// authorization URL given as argv[2] and follows the redirect (to the CLI's loopback
// callback), the way a browser does after the user approves. Loopback only.
const start = process.argv[2]
if (!start || !start.startsWith('http://127.0.0.1:')) process.exit(2)
let url = start
for (let hops = 0; hops < 5; hops++) {
  const res = await fetch(url, { redirect: 'manual' })
  const next = res.headers.get('location')
  await res.arrayBuffer()
  if (!next || res.status < 300 || res.status >= 400) break
  url = new URL(next, url).toString()
  if (!url.startsWith('http://127.0.0.1:')) break
}
