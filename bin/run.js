#!/usr/bin/env -S node --
// The `--` in the shebang is load-bearing. Node 20 scans its whole argv for `--env-file`,
// even after the script name: `secrets run --env-file nope.env -- true` would end in
// "node: nope.env: not found" (exit 9) before this file runs, and an existing file is read
// by Node first. `--` ends Node's own options, so every flag reaches our parser and our
// error (exit 125 for run, usage error for scan). `env -S` splits "node --" into two words
// (GNU coreutils >= 8.30, macOS and BSD env); npm's bin link is a symlink to this file, and
// npm's Windows shim reads the same shebang (`node -- run.js`). Calling the file by hand:
// `node -- bin/run.js ...`. See docs/architecture.md, "Start-up".

// Built-ins through process.getBuiltinModule, not `import`: Node's ES module facade of a
// built-in reads every export once, and node:fs's lazy `ReadStream` getter then loads the
// whole streams stack (~5 ms of every start on Node 24; scripts/bundle-fast.mjs does the same
// for the bundled fast paths).
const { lstatSync, mkdirSync } = process.getBuiltinModule('node:fs')
const module = process.getBuiltinModule('node:module')

// Node >= 22.1 keeps V8's compiled code of every module it loads in the user's cache dir
// (`$XDG_CACHE_HOME/secrets/compile-cache`, else `~/.cache/secrets/compile-cache`): later
// starts skip compiling them (bench/README.md, "Node lines and the compile cache"). Node 20
// has no enableCompileCache and starts as before. The API, not NODE_COMPILE_CACHE: an
// environment variable would reach the user's own processes under `secrets run`.
// SECRETS_COMPILE_CACHE=0 turns it off (the benchmark's A/B).
if (typeof module.enableCompileCache === 'function' && process.env.SECRETS_COMPILE_CACHE !== '0') {
  const xdg = process.env.XDG_CACHE_HOME
  const base = xdg?.startsWith('/') ? xdg : process.env.HOME ? `${process.env.HOME}/.cache` : undefined
  if (base) {
    const dir = `${base}/secrets/compile-cache`
    try {
      // Private like the rest of the cache dir: compiled code is run as is on the next start,
      // so a cache dir (or its parent) another user owns or can write is not used at all.
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      const ours = (p) => {
        const st = lstatSync(p)
        return st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0
      }
      if (ours(`${base}/secrets`) && ours(dir)) module.enableCompileCache(dir)
    } catch {
      // A read-only or foreign cache dir: start without the cache.
    }
  }
}

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

// `secrets run` starts every app, `secrets scan --staged` runs on every commit, `secrets
// credentials` on every AWS credential resolution, `get`/`list` all day: plain invocations
// skip oclif's start-up (~70 ms), parsed with the flag table oclif.manifest.json records, as
// do the root `--version` and `--help`; other help and usage errors still go through oclif.
// dist/fast/<group>/ is the same code bundled (scripts/bundle-fast.mjs): a few files instead of
// ~60, one bundle per group of commands so each loads only its own group's chunks.
// SECRETS_FAST_PATH=0 sends everything through oclif (the parity tests' and benchmarks' A/B).
const FAST = new Map([
  ['run', 'run'],
  ['scan', 'scan'],
  ['credentials', 'read'],
  ['get', 'read'],
  ['list', 'read'],
  ['--version', 'read'],
  ['--help', 'read'],
  ['-h', 'read'],
])
const group = FAST.get(process.argv[2])
if (group && process.env.SECRETS_FAST_PATH !== '0') {
  // A build without the bundle step (plain tsc) still works, unbundled.
  const { runFastPath, stdoutSettled } = await import(`../dist/fast/${group}/fast-path.js`).catch(
    () => import('../dist/cli/fast-path.js'),
  )
  const code = await runFastPath(process.argv.slice(2), new URL('../oclif.manifest.json', import.meta.url))
  if (code !== undefined) {
    // Exit once stdout has drained: idle keep-alive sockets (AWS SDK) must not hold the process.
    // Asked of the fast path's output module, which knows whether process.stdout was ever
    // created (results usually go to fd 1 directly; creating the stream just to ask costs ms).
    // The status is set first: a reader gone meanwhile (EPIPE) ends the process with it.
    process.exitCode = code
    await stdoutSettled()
    process.exit(code)
  }
}
const { execute } = await import('@oclif/core/execute')
await execute({ dir: import.meta.url })

// Exit once stdout has drained: idle keep-alive sockets (AWS SDK) must not hold the process.
const done = () => process.exit(process.exitCode ?? 0)
if (process.stdout.writableLength > 0) process.stdout.once('drain', done)
else done()
