import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// Taro's View is no <button>: one that acts as a button, checkbox or radio is operable by keyboard
// on H5 only if it spreads `pressable(…)` or `keyboardActivation(…)` (utils/keyboard.ts), or is a
// components/Chip. This lists every View in src/ given such a role without either, and every link
// whose pressable(…) is not told it is one (a link opens on Enter only; Space scrolls the page).

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src')
const ROLES = new Set(['button', 'checkbox', 'radio', 'switch', 'tab', 'link', 'menuitem', 'option'])

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return tsxFiles(full)
    return e.name.endsWith('.tsx') && !e.name.includes('.test.') ? [full] : []
  })
}

/** The roles an attribute may take: a literal, or each literal branch of a condition (unknown: '?'). */
function rolesOf(e: ts.Expression): string[] {
  if (ts.isStringLiteral(e)) return [e.text]
  if (ts.isConditionalExpression(e)) return [...rolesOf(e.whenTrue), ...rolesOf(e.whenFalse)]
  if (ts.isParenthesizedExpression(e)) return rolesOf(e.expression)
  if (ts.isIdentifier(e) && e.text === 'undefined') return []
  return ['?']
}

/** `file:line` of each View that may take an interactive role and has no keyboard props. */
export function inoperable(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const out: string[] = []
  const visit = (node: ts.Node) => {
    if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && node.tagName.getText() === 'View') {
      const props = node.attributes.properties
      const role = props.find((p): p is ts.JsxAttribute => ts.isJsxAttribute(p) && p.name.getText() === 'role')
      const value = role?.initializer
      const roles = !value ? [] : ts.isStringLiteral(value) ? [value.text] : ts.isJsxExpression(value) && value.expression ? rolesOf(value.expression) : []
      const interactive = roles.some((r) => r === '?' || ROLES.has(r))
      const spreads = props.filter((p): p is ts.JsxSpreadAttribute => ts.isJsxSpreadAttribute(p)).map((p) => p.expression.getText())
      const keyboard = spreads.some((t) => /\b(pressable|keyboardActivation)\(/.test(t))
      const asLink = spreads.some((t) => /'link'\)/.test(t))
      if ((interactive && !keyboard) || (roles.includes('link') && keyboard && !asLink)) out.push(`${path.relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out
}

describe('every View acting as a control is keyboard-operable on H5', () => {
  it('finds none without pressable / keyboardActivation', () => {
    const files = tsxFiles(SRC)
    expect(files.length).toBeGreaterThan(100)
    expect(files.flatMap((f) => inoperable(f, readFileSync(f, 'utf8')))).toEqual([])
  })

  it('the check itself flags a tappable View with a role and no keyboard, and passes the fixed one', () => {
    expect(inoperable(path.join(SRC, 'x.tsx'), "const a = <View role='button' onClick={go}>删除</View>")).toEqual(['x.tsx:1'])
    expect(inoperable('x.tsx', "const a = <View role={many ? 'checkbox' : 'radio'} onClick={go} />")).toHaveLength(1)
    expect(inoperable('x.tsx', "const a = <View role='button' {...pressable(go)}>删除</View>")).toEqual([])
    expect(inoperable('x.tsx', "const a = <View role='radiogroup' aria-label='年份'>{chips}</View>")).toEqual([])
    expect(inoperable('x.tsx', "const a = <View role={many ? 'group' : 'radiogroup'}>{chips}</View>")).toEqual([])
    expect(inoperable('x.tsx', "const a = <View role={here ? undefined : 'link'} onClick={go} />")).toHaveLength(1)
    expect(inoperable('x.tsx', "const a = <View role={here ? undefined : 'link'} {...(here ? {} : pressable(go, 'link'))} />")).toEqual([])
    expect(inoperable('x.tsx', "const a = <View role='link' {...pressable(go)}>去看看</View>")).toHaveLength(1)
    expect(inoperable('x.tsx', "const a = <View role='link' {...pressable(go, 'link')}>去看看</View>")).toEqual([])
  })
})
