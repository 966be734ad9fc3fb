/**
 * The accessible name of a Taro form control (Switch, Input): `ariaLabel` is what WeChat reads
 * out; in H5 the real <input> sits inside Taro's element and takes its name from `nativeProps`.
 */
export function controlName(label: string) {
  return { ariaLabel: label, nativeProps: { 'aria-label': label } }
}
