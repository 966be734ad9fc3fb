/**
 * The API's request and response types, imported type-only from the API's own schemas so the
 * two sides cannot drift apart. Nothing here reaches the bundle.
 */
export type {
  ApiErrorBody,
  AuthOptionsDto,
  BindingDto,
  BindingListQueryInput,
  BindingRequestInput,
  BuildingDto,
  CreateNoticeInput,
  DemoAccountDto,
  HouseholdOptionDto,
  MarkReadInput,
  MessageDto,
  NoticeDetailDto,
  NoticeListQueryInput,
  NoticeManageDto,
  NoticeReadsDto,
  NoticeSummaryDto,
  PageDto,
  ProfileInput,
  PublishNoticeInput,
  RegionTreeDto,
  RejectInput,
  SubscriptionDto,
  SubscriptionInput,
  UpdateNoticeInput,
  UploadDto,
  UserSummaryDto,
  WithdrawNoticeInput,
} from '../../../api/src/contracts.ts'

import type { MeDto as ApiMeDto, ProfileDto as ApiProfileDto, TokenPairDto as ApiTokenPairDto } from '../../../api/src/contracts.ts'

// Issue 7 (trust) extends these responses. The fields below follow the API contract agreed for it
// and are merged with the API's own types, so they keep agreeing once the API declares them.

/** Whose the ID number on file is: `review` = it is on file for another account too, 社区 checks it. */
export type IdentityStatus = 'none' | 'verified' | 'review'

/** GET /me/profile: masked real-name data, consent, identity state and where the phone came from. */
export type ProfileDto = ApiProfileDto & { identityStatus: IdentityStatus; phoneSource: 'form' | 'wechat' | null }

/** GET /me with the extended profile. */
export type MeDto = Omit<ApiMeDto, 'profile'> & { profile: ProfileDto }

/** A login's token pair; a password login also returns the device token to send with the next one. */
export type TokenPairDto = ApiTokenPairDto & { deviceToken?: string }

/** GET /me/data: everything held about the caller, unmasked (their own data). */
export type MyDataDto = {
  exportedAt: string
  account: { id: number; username: string | null; displayName: string; createdAt: string; lastLoginAt: string | null; roles: string[] }
  profile: {
    realName: string | null
    idNumber: string | null
    phone: string | null
    gender: 'male' | 'female' | null
    phoneSource: 'form' | 'wechat' | null
    updatedAt: string | null
  } | null
  consents: { purpose: string; policyVersion: string; grantedAt: string; withdrawnAt: string | null }[]
  households: { id: number; address: string; relation: string; status: string; createdAt: string; reviewedAt: string | null }[]
  messages: { title: string; body: string; createdAt: string; readAt: string | null }[]
  noticeReads: { noticeId: number; title: string; readAt: string }[]
  uploads: { id: number; url: string; contentType: string; size: number; createdAt: string }[]
  subscriptions: { templateId: string; remaining: number }[]
  sessions: { createdAt: string; revokedAt: string | null }[]
  identityReviews: { status: string; createdAt: string; decidedAt: string | null }[]
}

/** PUT /me/password (staff with a password). */
export type ChangePasswordInput = { currentPassword: string; newPassword: string }

/** One side of an identity review: masked name and ID number, and the addresses bound. */
export type IdentityPartyDto = { userId: number; realName: string | null; idNumber: string | null; households: string[] }

/** GET /identity-reviews: an ID number claimed by a second account, for committee staff to decide. */
export type IdentityReviewDto = {
  id: number
  status: 'pending' | 'rejected' | 'transferred'
  createdAt: string
  decidedAt: string | null
  reason: string | null
  claimant: IdentityPartyDto
  holder: IdentityPartyDto | null
  policies: { reject: boolean; transfer: boolean }
}
