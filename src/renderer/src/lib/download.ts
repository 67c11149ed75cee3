// Saving a file from the page: a download in a browser; in Electron the same
// download goes through the shell's save dialog (src/main, will-download).
export function download(name: string, type: string, data: BlobPart): void {
  const url = URL.createObjectURL(new Blob([data], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  // The browser has read the blob once the click is handled; give it time before freeing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** base64 from the core → bytes. */
export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
}

/** A file-name-safe stamp of a time: 2026-11-28T03-40-00. */
export function stamp(at: number): string {
  return new Date(at).toISOString().slice(0, 19).replace(/:/g, '-')
}
