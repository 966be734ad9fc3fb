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
  IdentityReviewDto,
  IdentityReviewListQueryInput,
  MarkReadInput,
  MeDto,
  MessageDto,
  MyDataDto,
  NoticeDetailDto,
  NoticeListQueryInput,
  NoticeManageDto,
  NoticeReadsDto,
  NoticeSummaryDto,
  PageDto,
  PasswordLoginDto,
  ProfileDto,
  ProfileInput,
  PublishNoticeInput,
  RegionTreeDto,
  RejectInput,
  SubscriptionDto,
  SubscriptionInput,
  TokenPairDto,
  UpdateNoticeInput,
  UploadDto,
  UserSummaryDto,
  WithdrawNoticeInput,
} from '../../../api/src/contracts.ts'

/** PUT /me/password (staff with a password). */
export type ChangePasswordInput = { currentPassword: string; newPassword: string }
