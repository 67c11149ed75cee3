// The shell a `shell=True` run goes through, and how a command line is written
// for it. Windows differs twice: cmd.exe takes the rest of its own command line
// as the command (`/s /c "…"`: the outer quotes are stripped, the rest kept as
// it is), so Node must pass that line verbatim (windowsVerbatimArguments),
// instead of quoting it again with backslashes cmd does not understand; and an
// argument must survive two readers, cmd (which acts on & | < > ( ) % ^ ") and
// then the program's C runtime, which splits the line into argv.

export interface ShellCommand {
  readonly file: string
  readonly args: readonly string[]
  /** Windows only: pass args as written (Node's windowsVerbatimArguments). */
  readonly verbatimArgs: boolean
}

/** How the system's shell runs `line`. */
export function shellCommand(
  line: string,
  os: NodeJS.Platform = process.platform,
  comSpec = process.env.ComSpec,
): ShellCommand {
  return os === 'win32'
    ? { file: comSpec ?? 'cmd.exe', args: ['/d', '/s', '/c', `"${line}"`], verbatimArgs: true }
    : { file: '/bin/sh', args: ['-c', line], verbatimArgs: false }
}

/** One argument, written so that the program run through shellCommand receives exactly `arg`. */
export function shellQuote(arg: string, os: NodeJS.Platform = process.platform): string {
  if (os !== 'win32') return `'${arg.replace(/'/g, `'\\''`)}'`
  // The C runtime's rules: a quote is escaped with a backslash, and the backslashes before it (or
  // before the closing quote) are doubled, since there they escape.
  const crt = `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`
  // Then cmd: every character it would act on is escaped with ^, the quotes too, so cmd never
  // enters a quoted stretch in which a ^ would be kept.
  return crt.replace(/[()%!^"<>&|]/g, '^$&')
}

/** A program's path as the first word of a shell line (a path cannot hold a quote on Windows). */
export function shellProgram(file: string, os: NodeJS.Platform = process.platform): string {
  return os === 'win32' ? `"${file}"` : shellQuote(file, os)
}
