import path from 'node:path'
import type { Compilation, Compiler } from 'webpack'

/** The part of html-webpack-plugin 5's API used here (Taro's own copy, so the hooks are the ones it calls). */
type HtmlTag = { tagName: string; voidTag: boolean; attributes: Record<string, string | boolean>; innerHTML?: string; meta: Record<string, unknown> }
type HtmlPlugin = { getHooks(c: Compilation): { alterAssetTagGroups: { tap(name: string, fn: (data: { headTags: HtmlTag[] }) => unknown): void } } }

const NAME = 'PreloadFirstPage'

/**
 * The inline script: when the address opens `page` (no hash, `#/`, `#/<page>` with or without a
 * query), it adds a `<link rel="preload" href as>` to the head for each of `files` ([href, as]).
 */
export function preloadScript(page: string, files: [string, string][]): string {
  const route = page.replace(/[/]/g, '\\/')
  return `(function(h){if(h&&!/^#\\/?(${route})?([?&]|$)/.test(h))return;${JSON.stringify(files)}.forEach(function(f){var l=document.createElement("link");l.rel="preload";l.href=f[0];l.as=f[1];document.head.appendChild(l)})})(location.hash)`
}

/**
 * Makes the H5 portal fetch its first page's code together with the app's instead of after it.
 * Taro's router imports every page lazily, so a fresh visitor's browser learns of 首页's chunks
 * only once app.js has downloaded and run: one more round trip (2 s on DevTools' Slow 3G). This
 * puts a small inline script in the head that, when the address opens `page` (no hash, `#/` or
 * `#/<page>`), adds `<link rel="preload">` for that page's scripts and styles. Deep links to
 * another page preload nothing. The API's CSP allows the inline script by its hash.
 */
export class PreloadFirstPage {
  constructor(private readonly page: string) {}

  /** Webpack's entry point: hooks into Taro's html-webpack-plugin when the HTML is generated. */
  apply(compiler: Compiler): void {
    const runner = path.dirname(require.resolve('@tarojs/webpack5-runner'))
    const html = require(require.resolve('html-webpack-plugin', { paths: [runner] })) as HtmlPlugin
    compiler.hooks.compilation.tap(NAME, (compilation) => {
      html.getHooks(compilation).alterAssetTagGroups.tap(NAME, (data) => {
        const files = this.pageFiles(compilation)
        if (files.length === 0) throw new Error(`${NAME}: found no chunk for ${this.page}`)
        data.headTags.unshift({ tagName: 'script', voidTag: false, attributes: {}, innerHTML: preloadScript(this.page, files), meta: { plugin: NAME } })
        return data
      })
    })
  }

  /** The public URLs of the scripts and styles of the page's lazy import (the import() of the page's path), as [href, as]. */
  private pageFiles(compilation: Compilation): [string, 'script' | 'style'][] {
    const publicPath = String(compilation.outputOptions.publicPath ?? '/')
    const isPage = (request?: string) => request !== undefined && request.split(path.sep).join('/').endsWith(`/${this.page}`)
    const group = compilation.chunkGroups.find((g) => !g.isInitial() && g.origins.some((o) => isPage(o.request)))
    if (!group) return []
    return group.chunks
      .flatMap((chunk) => [...chunk.files])
      .filter((f) => /\.(?:js|css)$/.test(f))
      .map((f) => [publicPath + f, f.endsWith('.css') ? 'style' : 'script'])
  }

}
