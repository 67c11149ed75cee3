// How a subprocess run's shell line is written (platform/shell.ts). On Linux the
// line really goes through /bin/sh here; Windows' cmd.exe line is run for real by
// npm run test:wine, and its text is pinned here.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { shellCommand, shellProgram, shellQuote } from '../src/core/platform/shell'

const TRICKY = ['two words', 'say "hi"', "it's", 'back\\slash\\', 'tail\\"quote', '100% & | < > ^ ( ) ! $HOME `x`', '']

describe('shell lines', () => {
  it.skipIf(process.platform === 'win32')('/bin/sh passes every quoted argument through unchanged', () => {
    const line = [
      shellProgram(process.execPath),
      '-e',
      shellQuote('console.log(JSON.stringify(process.argv.slice(1)))'),
      ...TRICKY.map((a) => shellQuote(a)),
    ].join(' ')
    const c = shellCommand(line, 'linux')
    expect(c.verbatimArgs).toBe(false)
    const r = spawnSync(c.file, [...c.args], { encoding: 'utf8' })
    expect(JSON.parse(r.stdout)).toEqual(TRICKY)
  })

  it('cmd.exe gets the line verbatim inside /d /s /c "…", with its syntax and the quotes escaped', () => {
    const c = shellCommand('echo "a b"', 'win32', 'C:\\Windows\\system32\\cmd.exe')
    expect(c).toEqual({
      file: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '"echo "a b""'],
      verbatimArgs: true,
    })
    expect(shellQuote('say "hi" & exit', 'win32')).toBe('^"say \\^"hi\\^" ^& exit^"')
    expect(shellQuote('tail\\', 'win32')).toBe('^"tail\\\\^"')
    expect(shellQuote('%PATH%', 'win32')).toBe('^"^%PATH^%^"')
    expect(shellProgram('C:\\Program Files\\nodejs\\node.exe', 'win32')).toBe('"C:\\Program Files\\nodejs\\node.exe"')
  })
})
