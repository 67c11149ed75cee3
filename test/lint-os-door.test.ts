// The lint rule that keeps platform knowledge behind src/core/platform
// (eslint/os-door.js): it fails on a /proc path or a test of the system
// elsewhere in src/, and the project's own config applies it where it should.
import path from 'node:path'
import { ESLint, RuleTester } from 'eslint'
import { describe, expect, it } from 'vitest'
import osDoor from '../eslint/os-door.js'

RuleTester.describe = describe
RuleTester.it = it
RuleTester.itOnly = it.only

new RuleTester().run('one-door', osDoor.rules['one-door'], {
  valid: [
    { code: 'const s = platform.commandLine(pid)' },
    // Prose that mentions /proc is not a path into it.
    { code: "const why = 'this system has no /proc to confirm it'" },
    { code: "const p = '/processes'" },
    { code: "const os = platform.info.os === 'win32'" },
  ],
  invalid: [
    { code: "fs.readFileSync('/proc/self/stat')", errors: [{ messageId: 'proc' }] },
    { code: "fs.readdirSync('/proc')", errors: [{ messageId: 'proc' }] },
    { code: 'fs.readFileSync(`/proc/${pid}/cmdline`)', errors: [{ messageId: 'proc' }] },
    { code: "const w = process.platform === 'win32'", errors: [{ messageId: 'platform' }] },
    { code: 'switch (process.platform) {}', errors: [{ messageId: 'platform' }] },
    { code: "if (os.platform() === 'darwin') {}", errors: [{ messageId: 'platform' }] },
  ],
})

describe("the project's eslint config", () => {
  const eslint = new ESLint({ cwd: path.resolve('.') })
  const leak =
    "import fs from 'node:fs'\nexport const a = fs.existsSync('/proc/self/stat') && process.platform === 'linux'\n"
  const lint = async (file: string): Promise<string[]> =>
    (await eslint.lintText(leak, { filePath: path.resolve(file) }))[0].messages.map((m) => m.ruleId ?? '')

  it('fails a /proc path and a process.platform test in the core, the web host and a child', async () => {
    for (const file of ['src/core/control.ts', 'src/web/server.ts', 'src/child/child-kit.ts'])
      expect(await lint(file)).toEqual(['os-door/one-door', 'os-door/one-door'])
  })

  it('lets the platform layer and the Electron shell know their system', async () => {
    for (const file of ['src/core/platform/linux.ts', 'src/main/index.ts']) expect(await lint(file)).toEqual([])
  })
})
