// The user's own files: what ProcLab writes (recordings, settings) is created
// for the user alone, and what it reads back is opened so that another local
// user cannot hand it something else in its place: no symlink followed, no
// FIFO waited on, no device read forever, no file of another owner, nothing
// larger than the caller's bound. Each refusal is a message (core.file.*).
//
// Windows has neither POSIX modes nor uids: the mode arguments are ignored
// there and the owner/mode checks are skipped, because a file's privacy
// there comes from the ACL it inherits from the user's profile folder, where
// the app-data folder lives (%LOCALAPPDATA%, Electron's userData).
import fs from 'node:fs'
import zlib from 'node:zlib'
import { coreMsg } from '../../shared/i18n/core'
import type { Msg } from '../../shared/msg'
import { LabError } from '../errors'

export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700

const POSIX = process.platform !== 'win32'
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0
// Opening a FIFO for reading blocks until a writer comes; non-blocking, the open returns and fstat tells what it is.
const NONBLOCK = fs.constants.O_NONBLOCK ?? 0

const me = (): number | undefined => (POSIX ? process.getuid?.() : undefined)
const mb = (bytes: number): string => String(Math.round((bytes / 1024 / 1024) * 100) / 100)

function refuse(why: Msg): LabError {
  return new LabError('EREFUSED', why)
}

/**
 * Creates `dir` (and its parents) for this user alone, or checks the one there:
 * a real folder, owned by this user, that no one else may write to. Throws a
 * LabError saying which of these failed.
 */
export function ensurePrivateDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  } catch (err) {
    throw new LabError('EINVAL', coreMsg('file.cannotCreate', { dir, why: (err as Error).message }))
  }
  const st = fs.lstatSync(dir)
  if (!st.isDirectory()) throw refuse(coreMsg('file.dirRefused', { dir, why: coreMsg('file.notAFolder') }))
  const uid = me()
  if (uid !== undefined && st.uid !== uid)
    throw refuse(coreMsg('file.dirRefused', { dir, why: coreMsg('file.ownedBy', { uid: st.uid, me: uid }) }))
  if (POSIX && st.mode & 0o022)
    throw refuse(
      coreMsg('file.dirRefused', { dir, why: coreMsg('file.othersWrite', { mode: (st.mode & 0o777).toString(8) }) }),
    )
}

/** Opens a new file for writing, readable and writable by this user only; an existing file or a symlink in its place fails (EEXIST). */
export function createPrivateFile(file: string): number {
  return fs.openSync(file, 'wx', PRIVATE_FILE_MODE)
}

/** Writes a whole new file for this user only (a temporary name is expected: it must not exist yet). */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  const fd = createPrivateFile(file)
  try {
    fs.writeFileSync(fd, data)
  } finally {
    fs.closeSync(fd)
  }
}

function kindOf(st: fs.Stats): Msg {
  if (st.isDirectory()) return coreMsg('file.kind.folder')
  if (st.isFIFO()) return coreMsg('file.kind.fifo')
  if (st.isCharacterDevice() || st.isBlockDevice()) return coreMsg('file.kind.device')
  if (st.isSocket()) return coreMsg('file.kind.socket')
  return coreMsg('file.kind.other')
}

/**
 * Reads back a file ProcLab wrote (or the user named): not through a symlink,
 * only a regular file of this user, at most `maxBytes`. Throws a LabError
 * (code ENOENT when it does not exist) with the reason.
 */
export function readPrivateFile(file: string, maxBytes: number): Buffer {
  // Without O_NOFOLLOW (Windows) a look first is the best there is; there a link needs privileges to make.
  if (!NOFOLLOW) {
    const st = lstatOrNull(file)
    if (st?.isSymbolicLink()) throw refuse(coreMsg('file.symlink', { file }))
  }
  let fd: number
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW | NONBLOCK)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    // Linux and macOS say ELOOP for O_NOFOLLOW on a link (FreeBSD says EMLINK).
    if (code === 'ELOOP' || code === 'EMLINK') throw refuse(coreMsg('file.symlink', { file }))
    throw new LabError(
      code === 'ENOENT' ? 'ENOENT' : 'EINVAL',
      coreMsg('file.cannotRead', { file, why: (err as Error).message }),
    )
  }
  try {
    const st = fs.fstatSync(fd)
    if (!st.isFile()) throw refuse(coreMsg('file.notRegular', { file, kind: kindOf(st) }))
    const uid = me()
    if (uid !== undefined && st.uid !== uid) throw refuse(coreMsg('file.fileOwnedBy', { file, uid: st.uid, me: uid }))
    if (st.size > maxBytes) throw refuse(coreMsg('file.tooLarge', { file, mb: mb(maxBytes) }))
    // Read to the end, but never past the bound: the file may have grown since fstat.
    const chunks: Buffer[] = []
    let total = 0
    const buf = Buffer.alloc(64 * 1024)
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null)
      if (n === 0) break
      total += n
      if (total > maxBytes) throw refuse(coreMsg('file.tooLarge', { file, mb: mb(maxBytes) }))
      chunks.push(Buffer.from(buf.subarray(0, n)))
    }
    return Buffer.concat(chunks, total)
  } finally {
    fs.closeSync(fd)
  }
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file)
  } catch {
    return null
  }
}

/** gunzip with a bound on what comes out: a small "bomb" that unpacks to gigabytes is refused, not inflated. */
export function gunzipLimited(bytes: Uint8Array, maxBytes: number): Buffer {
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: maxBytes })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw refuse(coreMsg('file.inflatesTooMuch', { mb: mb(maxBytes) }))
    throw err
  }
}
