import Taro from '@tarojs/taro'

/**
 * What a refused WeChat prompt looks like from the code's side. A privacy-protected API or
 * open-type button fails with an `errMsg` and nothing else; these helpers turn it into words.
 */

/** Why a call failed: the user cancelled, refused the privacy guide, refused the permission, or something else. */
export type Refusal = 'cancel' | 'privacy' | 'denied' | 'other'

/**
 * Classifies an `errMsg`: `…:fail privacy permission is not authorized` (the privacy guide was
 * refused), `…:fail auth deny` / `authorize:fail …` / `…:fail user deny` / `system permission
 * denied` (a permission was refused), `…:fail cancel` (the user closed the picker). An API missing
 * from the console's 用户隐私保护指引 (`…not declared in the privacy agreement`) is `other`.
 */
export function refusalOf(errMsg: string | undefined): Refusal {
  const m = (errMsg ?? '').toLowerCase()
  // `api scope is not declared in the privacy agreement`: our console setup, not the user's answer.
  if (m.includes('not declared')) return 'other'
  if (m.includes('privacy')) return 'privacy'
  if (/auth den|authorize:fail|user deny|permission den/.test(m)) return 'denied'
  if (m.includes('cancel')) return 'cancel'
  return 'other'
}

/** The line under the phone field when 微信手机号 gave no code. */
export function phoneRefusalMessage(errMsg: string | undefined): string {
  switch (refusalOf(errMsg)) {
    case 'privacy':
      return '您未同意《用户隐私保护指引》，无法使用微信手机号。可以直接填写手机号。'
    case 'denied':
    case 'cancel':
      return '您没有允许使用微信手机号，可以直接填写手机号。'
    default:
      return '暂时无法获取微信手机号，请直接填写手机号。'
  }
}

/** What was asked for: `what` in a sentence (相册或相机), `setting` as WeChat's settings list it, the button's `action`. */
export type Asked = { what: string; setting: string; action: string }

/**
 * Explains a refused permission and, in WeChat, offers the mini-program's settings page
 * (右上角 ··· › 设置), where the user can allow it; a refused privacy guide is explained instead.
 */
export async function explainRefusal(refusal: Refusal, { what, setting, action }: Asked): Promise<void> {
  if (refusal === 'privacy') {
    await Taro.showModal({
      title: '需要您同意隐私保护指引',
      content: `${action}前需要您同意《用户隐私保护指引》。再次点「${action}」即可重新阅读并同意。`,
      showCancel: false,
      confirmText: '知道了',
    })
    return
  }
  const weapp = process.env.TARO_ENV === 'weapp'
  const { confirm } = await Taro.showModal({
    title: `无法使用${what}`,
    content: weapp
      ? `您没有允许邻里通使用${what}。请点「去设置」，在 设置 › ${setting} 中选择允许后再试；如仍不行，请在手机的 设置 › 微信 中允许。`
      : `浏览器没有允许使用${what}。请在浏览器或手机的设置中允许后再试。`,
    showCancel: weapp,
    cancelText: '取消',
    confirmText: weapp ? '去设置' : '知道了',
  })
  if (weapp && confirm) await Taro.openSetting().catch(() => undefined)
}
