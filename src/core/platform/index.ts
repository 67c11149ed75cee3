// The one door to the OS. A Lab chooses its platform once (this system's
// unless it is given one: tests pass another to run the macOS or Windows
// paths with fakes) and hands that instance down to every part that asks the
// OS anything; there is no process-wide current platform to drift from it.
import { darwinPlatform } from './darwin'
import { linuxPlatform } from './linux'
import type { Platform } from './types'
import { win32Platform } from './win32'

export type { Platform } from './types'

export function platformFor(os: NodeJS.Platform): Platform {
  if (os === 'win32') return win32Platform()
  if (os === 'linux') return linuxPlatform()
  // macOS, and other Unixes: ps-list and pidusage work wherever ps does.
  return darwinPlatform()
}

/** This system's implementation (a new instance: each holds its own caches). */
export function hostPlatform(): Platform {
  return platformFor(process.platform)
}
