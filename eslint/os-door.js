// One door to the OS (ARCHITECTURE.md, "Measurement"): what differs between
// Linux, macOS and Windows is known in src/core/platform/ (and the Electron
// shell, src/main/, for menus and windows), and nowhere else in src/. Code
// elsewhere asks the Lab's platform instance, so a fake platform in a test
// reaches every path and a second system is added in one folder.
//
// The rule flags the two ways platform knowledge leaks out:
//   - a path into Linux's /proc ('/proc/...' as a string or the start of a
//     template), which only exists on Linux;
//   - a test of the system (`process.platform`, `os.platform()`).
// Prose that merely mentions /proc (a comment, a message in the catalog) does
// not start with the path and is left alone.
//
// Files it does not apply to are listed in eslint.config.js with the reason.

const PROC = /^\/proc(\/|$)/

const isProcessPlatform = (node) =>
  node.type === 'MemberExpression' &&
  !node.computed &&
  node.object.type === 'Identifier' &&
  node.object.name === 'process' &&
  node.property.type === 'Identifier' &&
  node.property.name === 'platform'

const isOsPlatformCall = (node) =>
  node.callee.type === 'MemberExpression' &&
  !node.callee.computed &&
  node.callee.object.type === 'Identifier' &&
  node.callee.object.name === 'os' &&
  node.callee.property.type === 'Identifier' &&
  node.callee.property.name === 'platform'

const HINT =
  'ask the platform (src/core/platform, the Lab passes its instance down as ctx.platform / supervisor.platform)'

export default {
  rules: {
    'one-door': {
      meta: {
        type: 'problem',
        schema: [],
        messages: {
          proc: "A /proc path outside src/core/platform: Linux's /proc is read only behind the platform interface; {{hint}}.",
          platform: 'A test of the system ({{what}}) outside src/core/platform: {{hint}}.',
        },
      },
      create(context) {
        return {
          Literal(node) {
            if (typeof node.value === 'string' && PROC.test(node.value))
              context.report({ node, messageId: 'proc', data: { hint: HINT } })
          },
          TemplateLiteral(node) {
            if (PROC.test(node.quasis[0]?.value.cooked ?? ''))
              context.report({ node, messageId: 'proc', data: { hint: HINT } })
          },
          MemberExpression(node) {
            if (isProcessPlatform(node))
              context.report({ node, messageId: 'platform', data: { what: 'process.platform', hint: HINT } })
          },
          CallExpression(node) {
            if (isOsPlatformCall(node))
              context.report({ node, messageId: 'platform', data: { what: 'os.platform()', hint: HINT } })
          },
        }
      },
    },
  },
}
