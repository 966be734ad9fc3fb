import { afterEach, describe, expect, it } from 'vitest'
import { preloadScript } from '../config/preload-first-page'

// The inline script the H5 build puts in index.html, run in jsdom at different addresses.
const FILES: [string, string][] = [['/js/page-common.0123abcd.js', 'script'], ['/css/7262.0123abcd.css', 'style']]

function runAt(hash: string): { href: string; as: string }[] {
  window.location.hash = hash
  new Function(preloadScript('pages/index/index', FILES))()
  // jsdom does not reflect `as` as an attribute (Chromium does): read the property the script set.
  return Array.from(document.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"]')).map((l) => ({ href: l.getAttribute('href') ?? '', as: l.as }))
}

afterEach(() => {
  document.head.querySelectorAll('link[rel="preload"]').forEach((l) => l.remove())
})

describe('preloadScript (首页 chunks fetched with the app)', () => {
  it.each(['', '#/', '#/pages/index/index', '#/pages/index/index?from=share'])('preloads the page files at "%s"', (hash) => {
    expect(runAt(hash)).toEqual([
      { href: '/js/page-common.0123abcd.js', as: 'script' },
      { href: '/css/7262.0123abcd.css', as: 'style' },
    ])
  })

  it.each(['#/packages/notices/detail/index?id=3', '#/pages/login/index', '#/pages/index/index2'])('preloads nothing for a deep link to %s', (hash) => {
    expect(runAt(hash)).toEqual([])
  })
})
