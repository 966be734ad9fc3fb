import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AxeResults, ImpactValue } from 'axe-core'
import type { Page } from 'playwright-core'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The WCAG 2.0 and 2.1 level A and AA rules: what the portal is held to. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
/** The impacts that fail a page. */
const FAILING: ImpactValue[] = ['serious', 'critical']

/**
 * Runs axe-core on what the tab shows and returns its serious and critical WCAG A/AA violations,
 * one line each: rule id, impact, the elements (targets) and axe's summary of how to fix them.
 * axe is evaluated in the page rather than added as a <script>: the portal's own
 * Content-Security-Policy allows no inline script, and the test must not loosen it.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object')
  if (!loaded) await page.evaluate(AXE_SOURCE)
  const results = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResults> } }).axe
    // Taro's H5 router keeps earlier pages of the stack in the DOM, hidden: axe skips hidden ones.
    return axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
  }, WCAG_TAGS)
  return results.violations
    .filter((v) => v.impact && FAILING.includes(v.impact))
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
      return `${v.id} (${v.impact}): ${v.help}\n${nodes.join('\n')}`
    })
}
