// Bundles the start-up fast paths (dist/cli/fast-path.js and what it imports, after tsc) into
// dist/fast/<group>/fast-path.js: one ES module file per group of fast commands (BUNDLES below)
// instead of ~60. Node resolves, reads, links and looks up the compile cache of each ES module
// file separately: with esbuild's code splitting (one chunk per lazily-loaded part) `get` still
// loaded 26 files, and one file per group is ~20 ms of CPU less on Node 24 (bench/README.md).
// Dynamic imports of our own modules stay lazy without splitting: esbuild wraps each such module
// in an init function that runs on first import, so a path evaluates only what it uses. npm
// packages stay external (loaded from node_modules) and must be imported lazily in src (dynamic
// `import()` or src/shared/lazy-modules.ts): a static import of a package anywhere in the group
// would be hoisted to the top of the file and load on every start; the build fails if one is.
//
// Modules that locate files next to themselves (`new URL('./x.js', import.meta.url)`: the
// unlock agent's entry, the scan workers, our package.json) keep pointing at their tsc
// output: their `import.meta.url` is rewritten to the original file's URL, computed from
// the bundle's own location (dist/fast/<group>/).
// Run by `npm run build` after tsc and `oclif manifest`.
import { readFile, rm } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import { build } from 'esbuild'

const root = resolve(import.meta.dirname, '..')
const dist = resolve(root, 'dist')
const outbase = resolve(dist, 'fast')

/**
 * One bundle per group of fast commands (bin/run.js picks it by argv[2]). In each, the lazy
 * doors of fast-path.js that lead to another group's code are closed, so a group's file holds
 * only its own commands' code (the root --version and --help need none), and the flag tables
 * of its commands are embedded (below).
 */
const LAZY_DOORS = ['./read-commands.js', './run-invocation.js', './scan-invocation.js']
const BUNDLES = {
  read: { doors: ['./read-commands.js'], commands: ['credentials', 'get', 'list'] },
  run: { doors: ['./run-invocation.js'], commands: ['run'] },
  scan: { doors: ['./scan-invocation.js'], commands: ['scan'] },
}

/** What the fast path's parser reads of a command in the manifest (fast-path.ts FlagSpec). */
const FLAG_FIELDS = ['type', 'char', 'multiple', 'exclusive', 'options', 'dependsOn', 'default', 'required']

/**
 * The manifest cut to a group's commands (their flags and argument defaults) and the version:
 * fast-path.ts's SECRETS_EMBEDDED_MANIFEST, so a start does not read and parse the whole
 * oclif.manifest.json (written by `oclif manifest` before this script runs).
 */
function embeddedManifest(manifest, commands) {
  const pick = (object, fields) =>
    Object.fromEntries(fields.filter((f) => object[f] !== undefined).map((f) => [f, object[f]]))
  const map = (object, fn) => Object.fromEntries(Object.entries(object ?? {}).map(([k, v]) => [k, fn(v)]))
  return {
    version: manifest.version,
    commands: Object.fromEntries(
      commands.map((id) => {
        const command = manifest.commands[id]
        if (!command) throw new Error(`bundle-fast: ${id} is not in oclif.manifest.json`)
        return [
          id,
          {
            flags: map(command.flags, (f) => pick(f, FLAG_FIELDS)),
            args: map(command.args, (a) => pick(a, ['default'])),
          },
        ]
      }),
    ),
  }
}
const fastPathFile = resolve(dist, 'cli/fast-path.js')

/** fast-path.js with the doors to other groups' code closed (an error if one is reached). */
function onlyDoors(source, open) {
  let out = source
  for (const door of LAZY_DOORS) {
    const call = `import('${door}')`
    if (!source.includes(call))
      throw new Error(`bundle-fast: fast-path.js no longer has ${call}: update LAZY_DOORS`)
    if (!open.includes(door))
      out = out.replaceAll(
        call,
        `Promise.reject(new Error('secrets: ${door} is not in this bundle (scripts/bundle-fast.mjs)'))`,
      )
  }
  return out
}

/**
 * `import { a, b as c } from 'node:x'` (tsc's output, our only form for built-ins) becomes
 * `const { a, b: c } = process.getBuiltinModule('node:x')` (Node >= 20.16): the module itself,
 * without the ES module facade Node builds for an `import` of a built-in, which reads every
 * export once, lazy getters included (on Node 24 `import ... from 'node:util'` alone costs
 * ~3 ms: its `diff` getter loads the assert diff code, which creates process.stderr).
 *
 * The built-ins in LAZY_BUILTINS are not in Node's start-up snapshot and cost milliseconds to
 * load (Node 24, CPU: crypto ~11, child_process ~6, http ~6, zlib ~6, fs/promises ~4 with the
 * readline and stream modules it pulls in, net ~2), yet a module importing one often uses it only
 * on some paths (the agent client's socket, a cache write's temporary file). For them, each
 * imported function becomes a wrapper that loads the built-in on its first call: `const a =
 * (...args) => process.getBuiltinModule('node:x').a(...args)`. Classes and other values
 * (`Socket`, `Transform`, `parentPort`, `constants`) are taken at once, as above.
 */
const BUILTIN_IMPORT = /^import \{([^}]*)\} from '(node:[a-z_/]+)';?$/gm
const LAZY_BUILTINS = new Set([
  'node:child_process',
  'node:crypto',
  'node:fs/promises',
  'node:http',
  'node:net',
  'node:readline',
  'node:tty',
  'node:zlib',
])
/** A plain function export (not a class, not a value): safe to call through a wrapper. */
function wrappable(specifier, name) {
  const value = process.getBuiltinModule(specifier)[name]
  return (
    typeof value === 'function' &&
    /^[a-z]/.test(name) &&
    !/^class\b/.test(Function.prototype.toString.call(value))
  )
}
function withoutFacades(source) {
  return source.replace(BUILTIN_IMPORT, (_, names, specifier) => {
    const bindings = names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => n.match(/^(\S+)(?:\s+as\s+(\S+))?$/))
      .map(([, name, local]) => ({ name, local: local ?? name }))
    const lazy = LAZY_BUILTINS.has(specifier) ? bindings.filter((b) => wrappable(specifier, b.name)) : []
    const eager = bindings.filter((b) => !lazy.includes(b))
    const eagerLine = eager.length
      ? `const { ${eager.map((b) => (b.local === b.name ? b.name : `${b.name}: ${b.local}`)).join(', ')} } = process.getBuiltinModule('${specifier}');`
      : ''
    const lazyLines = lazy.map(
      (b) => `const ${b.local} = (...args) => process.getBuiltinModule('${specifier}').${b.name}(...args);`,
    )
    return [eagerLine, ...lazyLines].filter(Boolean).join(' ')
  })
}

/**
 * Per dist file: built-in imports without facades (above); `import.meta.url` rewritten to
 * that file's own URL, from dist/fast/<chunk>.
 */
const originalUrls = (outdir, open) => ({
  name: 'original-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      let source = withoutFacades(await readFile(args.path, 'utf8'))
      if (args.path === fastPathFile) source = onlyDoors(source, open)
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'js' }
      const fromChunk = relative(outdir, args.path).split('\\').join('/')
      return {
        contents: source.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`,
        ),
        loader: 'js',
      }
    })
  },
})

const manifest = JSON.parse(await readFile(resolve(root, 'oclif.manifest.json'), 'utf8'))
await rm(outbase, { recursive: true, force: true })
for (const [group, { doors: open, commands }] of Object.entries(BUNDLES)) {
  const outdir = resolve(outbase, group)
  await build({
    entryPoints: [fastPathFile],
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    define: { SECRETS_EMBEDDED_MANIFEST: JSON.stringify(embeddedManifest(manifest, commands)) },
    plugins: [originalUrls(outdir, open)],
  })
  const file = resolve(outdir, 'fast-path.js')
  const eager = [...(await readFile(file, 'utf8')).matchAll(/^import .* from "([^".][^"]*)";$/gm)]
    .map((m) => m[1])
    .filter((specifier) => !specifier.startsWith('node:'))
  if (eager.length > 0)
    throw new Error(
      `bundle-fast: the ${group} bundle imports ${eager.join(', ')} at the top, so every start of ${group} would load it: import it lazily in src (src/shared/lazy-modules.ts or import())`,
    )
}
