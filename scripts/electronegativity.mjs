// Runs Electronegativity (Doyensec's Electron security linter) over src/ with
// the Electron version package.json pins, and fails on any finding that
// SECURITY.md does not list with its reason. src/ rather than src/main alone:
// the global checks (CSP, navigation limits, permission handler) look across
// the main process, the preload and the renderer's index.html together.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const electron = String(pkg.devDependencies.electron).replace(/^[^\d]*/, '')
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-')), 'findings.csv')
// The package's own JS entry run by this Node: node_modules/.bin holds a shell
// script on Unix and a .cmd on Windows, which execFile cannot start without a shell.
const manifest = createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json')
const binField = JSON.parse(fs.readFileSync(manifest, 'utf8')).bin
const entry = path.join(path.dirname(manifest), typeof binField === 'string' ? binField : binField.electronegativity)

// Offline it reports that it cannot fetch Electron's release list and goes on with the version given.
execFileSync(process.execPath, [entry, '-i', path.join(root, 'src'), '-e', electron, '-r', '-o', out], {
  stdio: ['ignore', 'ignore', 'inherit'],
  timeout: 120_000,
})
if (!fs.existsSync(out)) {
  console.error('electronegativity wrote no report')
  process.exit(1)
}

/** Minimal CSV: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i]
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',' || c === '\n') {
      row.push(field.trim())
      field = ''
      if (c === '\n') {
        rows.push(row)
        row = []
      }
    } else field += c
  }
  if (field || row.length) rows.push([...row, field.trim()])
  return rows
}

const [header, ...rows] = parseCsv(fs.readFileSync(out, 'utf8'))
const col = (name) => header.findIndex((h) => h.trim() === name)
const findings = rows
  .filter((r) => r.length > 3)
  .map((r) => ({
    id: r[col('issue')],
    file: r[col('filename')],
    where: r[col('location')],
    severity: r[col('severity')],
    description: r[col('description')],
  }))

// SECURITY.md's Electronegativity table: | CHECK_ID | file | why it does not apply |
const listed = fs
  .readFileSync(path.join(root, 'SECURITY.md'), 'utf8')
  // A Windows checkout may have CRLF endings (the `$` below would not match before a \r).
  .split(/\r?\n/)
  .map((l) => /^\|\s*`?([A-Z_]+_CHECK)`?\s*\|\s*`?([^|`]+?)`?\s*\|\s*(.+?)\s*\|$/.exec(l))
  .filter(Boolean)
  .map((m) => ({ id: m[1], file: m[2] }))

const unlisted = findings.filter((f) => !listed.some((l) => l.id === f.id && l.file === f.file))
for (const f of findings)
  console.log(`${unlisted.includes(f) ? 'NEW ' : 'ok  '} ${f.id} ${f.severity} ${f.file}:${f.where} ${f.description}`)
for (const l of listed.filter((l) => !findings.some((f) => f.id === l.id && f.file === l.file)))
  console.log(`note: SECURITY.md lists ${l.id} in ${l.file}, which is no longer reported`)
if (unlisted.length) {
  console.error(`electronegativity: ${unlisted.length} finding(s) neither fixed nor justified in SECURITY.md`)
  process.exit(1)
}
console.log(`electronegativity (Electron ${electron}): ${findings.length} finding(s), each justified in SECURITY.md`)
