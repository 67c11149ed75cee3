// The Linux app's own first lines: a small sh launcher installed as the
// `proclab` executable (Electron's binary beside it as `proclab-bin`, see
// after-pack.mjs). Why not in src/main: Chromium starts its sandbox before
// Electron runs any of the app's JavaScript, and on Ubuntu 23.10 and later
// (AppArmor restricts unprivileged user namespaces) an AppImage aborts right
// there: its setuid helper, chrome-sandbox, sits on a nosuid FUSE mount and
// cannot stand in for the namespaces. The .deb installs that helper setuid
// root, so it starts. The launcher says so in a dialog and on stderr, in the
// user's language, instead of Chromium's abort. It does not add --no-sandbox:
// that would silently drop the renderer's sandbox for every user of the
// AppImage; a user who passes --no-sandbox themselves is let through.

/** sh single-quoted string. */
const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`

/**
 * The launcher's text. messages: the catalog entry in English and Chinese
 * (core.launch.appImageSandbox). sysctlDir: where the kernel's switches are read
 * (tests point it at a folder of their own).
 */
export function launcherScript({ en, zh, binary, sysctlDir = '/proc/sys/kernel' }) {
  return `#!/bin/sh
# ProcLab's launcher (scripts/linux-launcher.mjs says why it exists).
here=$(dirname "$(readlink -f "$0")")
userns_blocked() {
  [ "$(cat ${q(sysctlDir)}/apparmor_restrict_unprivileged_userns 2>/dev/null)" = 1 ] ||
    [ "$(cat ${q(sysctlDir)}/unprivileged_userns_clone 2>/dev/null)" = 0 ]
}
asked_no_sandbox() {
  for a in "$@"; do [ "$a" = --no-sandbox ] && return 0; done
  return 1
}
if [ -n "$APPIMAGE" ] && userns_blocked && ! asked_no_sandbox "$@"; then
  case "\${LC_ALL:-\${LC_MESSAGES:-$LANG}}" in
    zh*) msg=${q(zh)} ;;
    *) msg=${q(en)} ;;
  esac
  printf '%s\\n' "$msg" >&2
  if [ -n "$DISPLAY$WAYLAND_DISPLAY" ]; then
    zenity --error --no-markup --title=ProcLab --text="$msg" 2>/dev/null ||
      kdialog --title ProcLab --error "$msg" 2>/dev/null
  fi
  exit 1
fi
exec "$here/${binary}" "$@"
`
}
