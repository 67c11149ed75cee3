// The Linux launcher (scripts/linux-launcher.mjs), run for real with sh: an
// AppImage on a system that restricts unprivileged user namespaces stops with
// the catalog's message instead of Chromium's abort; everything else starts
// the real binary with its arguments unchanged. The kernel switches are read
// from a folder the test fills, as /proc/sys/kernel would be.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launcherScript } from '../scripts/linux-launcher.mjs'
import { core } from '../src/shared/i18n/core'

let dir: string
let launcher: string

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab launcher '))
  fs.mkdirSync(path.join(dir, 'sys'))
  // The stand-in for Electron's binary: prints the arguments it got.
  fs.writeFileSync(path.join(dir, 'proclab-bin'), '#!/bin/sh\nprintf "ran:%s\\n" "$@"\n', { mode: 0o755 })
  launcher = path.join(dir, 'proclab')
  fs.writeFileSync(
    launcher,
    launcherScript({
      en: core.en.launch.appImageSandbox,
      zh: core.zh.launch.appImageSandbox,
      binary: 'proclab-bin',
      sysctlDir: path.join(dir, 'sys'),
    }),
    { mode: 0o755 },
  )
})

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function sysctl(restrict: string | undefined, clone: string | undefined): void {
  for (const [name, v] of [
    ['apparmor_restrict_unprivileged_userns', restrict],
    ['unprivileged_userns_clone', clone],
  ] as const) {
    const f = path.join(dir, 'sys', name)
    if (v === undefined) fs.rmSync(f, { force: true })
    else fs.writeFileSync(f, `${v}\n`)
  }
}

function run(env: Record<string, string>, args: string[] = ['--flag', 'two words']) {
  // No display: the dialog is not tried; PATH keeps sh's own tools.
  return spawnSync(launcher, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' })
}

describe.skipIf(process.platform !== 'linux')('the Linux launcher', () => {
  it('stops an AppImage where user namespaces are restricted, with the message in the user’s language', () => {
    sysctl('1', undefined)
    const r = run({ APPIMAGE: '/home/u/ProcLab.AppImage', LANG: 'en_US.UTF-8' })
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim()).toBe(core.en.launch.appImageSandbox)
    const zh = run({ APPIMAGE: '/home/u/ProcLab.AppImage', LANG: 'zh_CN.UTF-8' })
    expect(zh.stderr.trim()).toBe(core.zh.launch.appImageSandbox)
    // Debian's older switch says the same.
    sysctl(undefined, '0')
    expect(run({ APPIMAGE: '/x.AppImage' }).status).toBe(1)
  })

  it('starts the binary, arguments unchanged, everywhere else', () => {
    sysctl('1', undefined)
    // Not an AppImage (the .deb, whose setuid helper works): starts.
    expect(run({}).stdout).toBe('ran:--flag\nran:two words\n')
    // An AppImage whose user asked for --no-sandbox themselves: starts.
    expect(run({ APPIMAGE: '/x.AppImage' }, ['--no-sandbox']).stdout).toBe('ran:--no-sandbox\n')
    // An AppImage where namespaces are allowed (or the switches do not exist): starts.
    sysctl('0', '1')
    expect(run({ APPIMAGE: '/x.AppImage' }).stdout).toBe('ran:--flag\nran:two words\n')
    sysctl(undefined, undefined)
    expect(run({ APPIMAGE: '/x.AppImage' }).status).toBe(0)
  })

  it('finds its binary through a symbolic link (the .deb links /usr/bin/proclab to it)', () => {
    const link = path.join(dir, 'sys', 'link')
    fs.symlinkSync(launcher, link)
    expect(spawnSync(link, [], { encoding: 'utf8' }).stdout).toBe('ran:\n')
  })
})
