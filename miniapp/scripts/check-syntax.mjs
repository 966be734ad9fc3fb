#!/usr/bin/env node
/**
 * Fails when the WeChat build emits JavaScript syntax newer than the oldest engine we support.
 * Every `.js` under dist/weapp (or the files and folders given as arguments) is parsed with acorn
 * at the ECMAScript version of config/weapp-target.json (2019: no `?.`, `??`, class fields,
 * `#private`, numeric separators, logical assignment). WeChat runs a mini-program's logic on iOS
 * in the system's JavaScriptCore and `project.config.json` has `es6: false`, so nothing between
 * our build and the phone would rewrite such syntax: an older iPhone would fail to load the page.
 * Prints each offending file with line, column and the code there; exits 1 if there is any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

// acorn is the parser webpack itself uses: take webpack's copy rather than rely on hoisting.
const acorn = createRequire(createRequire(import.meta.url).resolve('webpack'))('acorn')
const target = JSON.parse(readFileSync(new URL('../config/weapp-target.json', import.meta.url), 'utf8'))
const root = fileURLToPath(new URL('../dist/weapp/', import.meta.url))
const project = JSON.parse(readFileSync(new URL('../project.config.json', import.meta.url), 'utf8'))
if (project.libVersion !== target.libVersion) {
  console.error(`project.config.json declares base library ${project.libVersion}, config/weapp-target.json ${target.libVersion}: make them agree`)
  process.exit(1)
}
const inputs = process.argv.slice(2)
if (inputs.length === 0 && !existsSync(join(root, 'app.js'))) {
  console.error(`no weapp build at ${root} — run \`npm run build:weapp -w miniapp\` first`)
  process.exit(1)
}

/** Every .js file under a path (the path itself when it is a file). */
function scripts(p) {
  if (statSync(p).isFile()) return [p]
  return readdirSync(p, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? scripts(join(p, e.name)) : e.name.endsWith('.js') ? [join(p, e.name)] : []))
}

const files = (inputs.length ? inputs : [root]).flatMap(scripts)
const bad = []
for (const file of files) {
  const code = readFileSync(file, 'utf8')
  try {
    acorn.parse(code, { ecmaVersion: target.ecmaVersion, sourceType: 'script', allowHashBang: true })
  } catch (e) {
    const line = code.split('\n')[(e.loc?.line ?? 1) - 1] ?? ''
    const col = e.loc?.column ?? 0
    bad.push(`${relative(process.cwd(), file)}:${e.loc?.line}:${col + 1} ${e.message}\n    …${line.slice(Math.max(0, col - 40), col + 40)}…`)
  }
}
if (bad.length) {
  console.error(`${bad.length} of ${files.length} scripts use syntax beyond ES${target.ecmaVersion} (base library ${target.libVersion}'s oldest engines):\n${bad.join('\n')}`)
  process.exit(1)
}
console.log(`weapp scripts: ${files.length} files parse as ES${target.ecmaVersion} (base library ≥ ${target.libVersion})`)
