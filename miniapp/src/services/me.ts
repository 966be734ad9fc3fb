import { request } from './request'
import type { MeDto, ProfileDto, ProfileInput } from './types'

/** Me: user, roles, masked profile and household bindings. */
export function getMe() {
  return request<MeDto>('/me')
}

/** My real-name data (masked) and consent state. */
export function getProfile() {
  return request<ProfileDto>('/me/profile')
}

/** Saves real-name data with consent. */
export function saveProfile(input: ProfileInput) {
  return request<ProfileDto>('/me/profile', { method: 'PUT', body: input })
}

/** Fills the phone from WeChat's getPhoneNumber code (weapp only). */
export function savePhoneFromWechat(code: string) {
  return request<ProfileDto>('/me/phone', { method: 'POST', body: { code } })
}
