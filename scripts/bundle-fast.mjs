// Bundles the start-up fast paths (dist/cli/fast-path.js and what it imports, after tsc) into
// dist/fast/<group>/: one ES module per lazily-loaded part instead of ~60 files, one bundle per
// group of fast commands (BUNDLES below). Node 20 resolves,
// reads and links each ES module file separately, which cost `secrets credentials` ~30 ms
// of its start-up (issue #12). Dynamic imports stay dynamic (esbuild splitting), so a path
// still loads only what it uses; npm packages stay external (loaded from node_modules).
//
// Modules that locate files next to themselves (`new URL('./x.js', import.meta.url)`: the
// unlock agent's entry, the scan workers, our package.json) keep pointing at their tsc
// output: their `import.meta.url` is rewritten to the original file's URL, computed from
// the chunk's own location (every output file sits directly in dist/fast/<group>/).
// Run by `npm run build` after tsc.
import { readFile, rm } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import { build } from 'esbuild'

const root = resolve(import.meta.dirname, '..')
const dist = resolve(root, 'dist')
const outbase = resolve(dist, 'fast')

/**
 * One bundle per group of fast commands (bin/run.js picks it by argv[2]). In each, the lazy
 * doors of fast-path.js that lead to another group's code are closed, so esbuild splits only
 * along the group's own dynamic imports: with one bundle for all, code shared by any two of
 * the ~50 lazy parts got a chunk of its own, and `get` loaded 33 files; its own bundle, 26
 * (each ES module file costs Node ~0.3-0.7 ms to resolve, read, link and evaluate; -5 ms of
 * CPU for get and credentials on Node 24, same run). The root --version and --help need none.
 */
const LAZY_DOORS = ['./read-commands.js', './run-invocation.js', './scan-invocation.js']
const BUNDLES = {
  read: ['./read-commands.js'],
  run: ['./run-invocation.js'],
  scan: ['./scan-invocation.js'],
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
 * ~3 ms: its `diff` getter loads the assert diff code, which creates process.stderr). Done in
 * the source, not as a CommonJS shim module per built-in: esbuild would put each shim in a
 * chunk of its own, and seven more files to load cost more than the facades.
 */
const BUILTIN_IMPORT = /^import \{([^}]*)\} from '(node:[a-z_/]+)';?$/gm
function withoutFacades(source) {
  return source.replace(BUILTIN_IMPORT, (_, names, specifier) => {
    const bindings = names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => n.replace(/^(\S+)\s+as\s+(\S+)$/, '$1: $2'))
    return `const { ${bindings.join(', ')} } = process.getBuiltinModule('${specifier}');`
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

await rm(outbase, { recursive: true, force: true })
for (const [group, open] of Object.entries(BUNDLES)) {
  const outdir = resolve(outbase, group)
  await build({
    entryPoints: [fastPathFile],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
    plugins: [originalUrls(outdir, open)],
  })
}
