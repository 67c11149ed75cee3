// Native code, for the lessons that need a real crash: what a bug in a C
// extension or an addon does, which JavaScript itself cannot do. koffi (an FFI
// with prebuilt binaries, also used by the Windows process reader) calls the C
// library directly. Loaded on first use; where it cannot load, the callers fall
// back to what the OS offers (a signal on Unix) and say so.
import { createRequire } from 'node:module'

interface Libc {
  strlen(p: null): number
  abort(): void
}

let libc: Libc | null | undefined

function load(): Libc | null {
  if (libc !== undefined) return libc
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi')
    const lib = koffi.load(
      process.platform === 'win32' ? 'msvcrt.dll' : process.platform === 'darwin' ? 'libc.dylib' : 'libc.so.6',
    )
    libc = {
      strlen: lib.func('size_t strlen(void *s)') as Libc['strlen'],
      abort: lib.func('void abort()') as Libc['abort'],
    }
  } catch {
    libc = null
  }
  return libc
}

/**
 * Reads address 0 in native code: SIGSEGV on Unix, an access violation
 * (0xC0000005) on Windows. The OS delivers it to the whole process, whichever
 * thread made the access. Returns false where no native code can be called.
 */
export function readAddressZero(): boolean {
  const c = load()
  if (!c) return false
  c.strlen(null)
  return true
}

/** C's abort(), from native code: SIGABRT on Unix, a fail-fast exit on Windows, for the whole process. */
export function nativeAbort(): boolean {
  const c = load()
  if (!c) return false
  c.abort()
  return true
}
