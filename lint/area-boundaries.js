// ESLint rule: a module reaches another area of src/core (store, run, sso, ...) only through
// that area's index.ts; inside an area, modules import each other freely. Static imports,
// `export … from` and dynamic `import()` with a literal path are all checked, from src/core,
// src/cli and src/commands alike.
import { dirname, relative, resolve, sep } from 'node:path'

const CORE = resolve(import.meta.dirname, '..', 'src', 'core')
/** The area folder holding `file` (absolute), or undefined outside src/core. */
function areaOf(file) {
  const rel = relative(CORE, file)
  if (rel.startsWith('..') || !rel.includes(sep)) return undefined
  return resolve(CORE, rel.split(sep)[0])
}

/** True when `target` is the area's door: its index.ts (imported as index.js). */
function isDoor(area, target) {
  return target === resolve(area, 'index.js') || target === resolve(area, 'index.ts')
}

const rule = {
  meta: {
    type: 'problem',
    messages: {
      deep: "Import '{{source}}' through {{door}}: areas reach each other only through their index.ts.",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename
    const from = areaOf(file)
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return
      const target = resolve(dirname(file), source)
      const to = areaOf(target)
      if (!to || to === from) return
      if (isDoor(to, target)) return
      context.report({
        node,
        messageId: 'deep',
        data: { source, door: relative(resolve(CORE, '..', '..'), resolve(to, 'index.ts')) },
      })
    }
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    }
  },
}

export default { rules: { 'area-boundaries': rule } }
