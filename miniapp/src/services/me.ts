import { saveSession, type Session } from '../stores/session'
import { request } from './request'
import type { ChangePasswordInput, MeDto, MyDataDto, ProfileDto, ProfileInput, TokenPairDto } from './types'

/** Me: user, roles, masked profile and household bindings. */
export function getMe() {
  return request<MeDto>('/me')
}

/** My real-name data (masked) and consent state. */
export function getProfile() {
  return request<ProfileDto>('/me/profile')
}

/** Saves real-name data with consent (the phone may be left out when one is on file). */
export function saveProfile(input: ProfileInput) {
  return request<ProfileDto>('/me/profile', { method: 'PUT', body: input })
}

/** Fills the phone from WeChat's getPhoneNumber code (weapp only). */
export function savePhoneFromWechat(code: string) {
  return request<ProfileDto>('/me/phone', { method: 'POST', body: { code } })
}

/** Everything the service holds about me, unmasked (the server records each export). */
export function getMyData() {
  return request<MyDataDto>('/me/data')
}

/** Withdraws consent to real-name data: the profile is erased and every household binding ends. */
export function withdrawRealNameConsent() {
  return request<ProfileDto>('/me/consents/real_name/withdraw', { method: 'POST', body: { confirm: true } })
}

/** The words a resident types to confirm deleting the account, as the API expects them. */
export const DELETE_ACCOUNT_PHRASE = '注销账号'

/** Deletes my account: personal data erased, every session revoked (the caller then forgets the session). */
export function deleteAccount() {
  return request<void>('/me/delete', { method: 'POST', body: { confirm: DELETE_ACCOUNT_PHRASE } })
}

/** Changes a staff password; every other device is signed out and the new session is kept here. */
export async function changePassword(input: ChangePasswordInput): Promise<Session> {
  return saveSession(await request<TokenPairDto>('/me/password', { method: 'PUT', body: input }))
}
