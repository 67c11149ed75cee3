// Chooses the platform once, at startup. Tests and tools may pass another
// (setPlatform) to run the macOS or Windows paths with fakes.
import { darwinPlatform } from './darwin'
import { linuxPlatform } from './linux'
import type { Platform } from './types'
import { win32Platform } from './win32'

export type { Platform } from './types'

let current: Platform | undefined

export function platformFor(os: NodeJS.Platform): Platform {
  if (os === 'win32') return win32Platform()
  if (os === 'linux') return linuxPlatform()
  // macOS, and other Unixes: ps-list and pidusage work wherever ps does.
  return darwinPlatform()
}

export function platform(): Platform {
  return (current ??= platformFor(process.platform))
}

/** For tests: runs the core against another platform's implementation (or a fake). */
export function setPlatform(p: Platform | undefined): void {
  current = p
}
