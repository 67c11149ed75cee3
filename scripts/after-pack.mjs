// electron-builder's afterPack hook (electron-builder.yml). Linux: Electron's
// binary becomes `<executable>-bin` and the executable itself the launcher that
// checks, before Chromium's sandbox can abort, whether an AppImage can start
// here (linux-launcher.mjs). The launcher's text comes from the core catalog
// (core.launch.appImageSandbox), in English and Chinese.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { launcherScript } from './linux-launcher.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

async function catalog() {
  const out = await build({
    entryPoints: [path.join(root, 'src/shared/i18n/core.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  })
  const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`)
  return mod.core
}

export default async function afterPack(context) {
  if (context.electronPlatformName !== 'linux') return
  const exe = context.packager.executableName
  const binary = `${exe}-bin`
  const dir = context.appOutDir
  const { en, zh } = await catalog()
  fs.renameSync(path.join(dir, exe), path.join(dir, binary))
  fs.writeFileSync(
    path.join(dir, exe),
    launcherScript({ en: en.launch.appImageSandbox, zh: zh.launch.appImageSandbox, binary }),
    { mode: 0o755 },
  )
}
