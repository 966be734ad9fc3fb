import { fileUrl } from '../../../services/request'

/**
 * Readies the API's sanitised notice HTML for RichText: image paths under the API origin become
 * absolute (the WeChat build loads them from another origin) and images never overflow the
 * screen (WeChat's rich-text ignores page stylesheets, so the width goes inline).
 */
export function prepareBodyHtml(html: string): string {
  return html
    .replace(/(<img\b[^>]*?\bsrc=")(\/[^"]*)"/g, (_, head: string, src: string) => `${head}${fileUrl(src)}"`)
    .replace(/<img\b/g, '<img style="max-width:100%;height:auto;display:block;margin:8px 0"')
}
