// The layer rule (ARCHITECTURE.md): a file's folder says which process runs
// it, and imports go only down the arrows. Like VS Code's own layering rule it
// judges the resolved path of every import, so `../../x` cannot slip past.
import path from 'node:path'

const SRC = path.resolve('src')

/** The layer of a file under src/, or null outside it. */
export function layerOf(file) {
  const rel = path.relative(SRC, file)
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null
  if (file.endsWith('.child.ts')) return 'child'
  return rel.split(path.sep)[0]
}

// Who may import whom. `child/entries` is the one file of child/ that others
// may import: it hands out paths of child entries and runs no child code.
const ALLOWED = {
  shared: ['shared'],
  child: ['child', 'shared', 'entries'],
  core: ['core', 'shared', 'entries'],
  main: ['main', 'core', 'shared', 'entries'],
  web: ['web', 'core', 'shared', 'entries'],
  preload: ['preload', 'shared'],
  renderer: ['renderer', 'shared'],
}
const ELECTRON = new Set(['main', 'preload'])
const NO_NODE = new Set(['shared', 'renderer', 'preload'])
const ENTRIES = path.join(SRC, 'child', 'entries')

function check(context, node, spec) {
  const from = layerOf(context.filename)
  if (!from || typeof spec !== 'string') return
  if (spec === 'electron' || spec.startsWith('electron/')) {
    if (!ELECTRON.has(from))
      context.report({
        node,
        message: `src/${from} must not import electron: it runs outside Electron's main process.`,
      })
    return
  }
  if (spec.startsWith('node:') && NO_NODE.has(from)) {
    context.report({ node, message: `src/${from} must not import Node modules (${spec}).` })
    return
  }
  if (!spec.startsWith('.')) return
  const target = path.resolve(path.dirname(context.filename), spec)
  const to =
    target.replace(/\.ts$/, '') === ENTRIES
      ? 'entries'
      : layerOf(target.endsWith('.ts') || target.endsWith('.vue') ? target : `${target}.ts`)
  if (!to || ALLOWED[from]?.includes(to)) return
  context.report({
    node,
    message: `src/${from} may not import src/${to === 'entries' ? 'child/entries' : to} (${spec}); allowed: ${ALLOWED[from].join(', ')}.`,
  })
}

export default {
  rules: {
    imports: {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const visit = (node) => check(context, node, node.source?.value)
        return {
          ImportDeclaration: visit,
          ExportNamedDeclaration: visit,
          ExportAllDeclaration: visit,
          ImportExpression: visit,
        }
      },
    },
  },
}
