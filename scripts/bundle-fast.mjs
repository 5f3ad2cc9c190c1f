// Bundles the start-up fast paths (dist/cli/fast-path.js and what it imports, after tsc) into
// dist/fast/: one ES module per lazily-loaded part instead of ~60 files. Node 20 resolves,
// reads and links each ES module file separately, which cost `secrets credentials` ~30 ms
// of its start-up (issue #12). Dynamic imports stay dynamic (esbuild splitting), so a path
// still loads only what it uses; npm packages stay external (loaded from node_modules).
//
// Modules that locate files next to themselves (`new URL('./x.js', import.meta.url)`: the
// unlock agent's entry, the scan workers, our package.json) keep pointing at their tsc
// output: their `import.meta.url` is rewritten to the original file's URL, computed from
// the chunk's own location (every output file sits directly in dist/fast/).
// Run by `npm run build` after tsc.
import { readFile, rm } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import { build } from 'esbuild'

const root = resolve(import.meta.dirname, '..')
const dist = resolve(root, 'dist')
const outdir = resolve(dist, 'fast')

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
const originalUrls = {
  name: 'original-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const source = withoutFacades(await readFile(args.path, 'utf8'))
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'js' }
      const fromChunk = `../${relative(dist, args.path).split('\\').join('/')}`
      return {
        contents: source.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`,
        ),
        loader: 'js',
      }
    })
  },
}

await rm(outdir, { recursive: true, force: true })
await build({
  entryPoints: [resolve(dist, 'cli/fast-path.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
  plugins: [originalUrls],
})
