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

/** Rewrites `import.meta.url` in a dist file to that file's own URL, from dist/fast/<chunk>. */
const originalUrls = {
  name: 'original-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      if (!source.includes('import.meta.url')) return undefined
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
