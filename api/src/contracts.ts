/**
 * Response and request types shared with the mini-program (type-only imports: nothing here
 * reaches the mini-program bundle). Each is inferred from the zod schema the API validates or
 * documents with, so the two sides cannot disagree.
 */
import type { z } from 'zod'
import type { AuthOptions, DemoAccount, TokenPair, UserSummary } from './modules/auth/auth.schema.ts'
import type {
  BindingListQuery, BindingRequestBody, BindingView, BuildingView, HouseholdOption, HouseholdView, RejectBody,
} from './modules/households/household.schema.ts'
import type { ProfileBody, ProfileView } from './modules/me/me.schema.ts'
import type { getMe } from './modules/me/me.service.ts'
import type { regionTree } from './modules/regions/region.service.ts'

export type TokenPairDto = z.output<typeof TokenPair>
export type UserSummaryDto = z.output<typeof UserSummary>
export type AuthOptionsDto = z.output<typeof AuthOptions>
export type DemoAccountDto = z.output<typeof DemoAccount>
export type ProfileDto = z.output<typeof ProfileView>
export type ProfileInput = z.input<typeof ProfileBody>
export type MeDto = Awaited<ReturnType<typeof getMe>>
export type BindingDto = z.output<typeof BindingView>
export type BindingRequestInput = z.input<typeof BindingRequestBody>
/** Query of GET /household-bindings, as a client sends it (every field optional). */
export type BindingListQueryInput = Partial<z.output<typeof BindingListQuery>>
export type RejectInput = z.input<typeof RejectBody>
export type HouseholdDto = z.output<typeof HouseholdView>
export type BuildingDto = z.output<typeof BuildingView>
export type HouseholdOptionDto = z.output<typeof HouseholdOption>
export type RegionTreeDto = Awaited<ReturnType<typeof regionTree>>

/** The error body of every failed request. */
export type ApiErrorBody = {
  error: { code: string; message: string; details?: { fields?: { field: string; message: string }[] } & Record<string, unknown> }
  requestId: string
}
/** A page of a list. */
export type PageDto = { nextCursor: string | null }

// ── notices, uploads, message centre (issue 3) ──
import type {
  CreateNoticeBody, NoticeDetailView, NoticeListQuery, NoticeManageView, NoticeSummaryView, PublishBody, ReadsView, UpdateNoticeBody, WithdrawBody,
} from './modules/notices/notice.schema.ts'
import type { MarkReadBody, MessageView, SubscriptionBody, SubscriptionView } from './modules/messages/message.schema.ts'
import type { UploadView } from './modules/uploads/upload.schema.ts'

export type NoticeSummaryDto = z.output<typeof NoticeSummaryView>
export type NoticeManageDto = z.output<typeof NoticeManageView>
export type NoticeDetailDto = z.output<typeof NoticeDetailView>
export type NoticeReadsDto = z.output<typeof ReadsView>
export type CreateNoticeInput = z.input<typeof CreateNoticeBody>
export type UpdateNoticeInput = z.input<typeof UpdateNoticeBody>
export type PublishNoticeInput = z.input<typeof PublishBody>
export type WithdrawNoticeInput = z.input<typeof WithdrawBody>
export type NoticeListQueryInput = Partial<z.output<typeof NoticeListQuery>>
export type MessageDto = z.output<typeof MessageView>
export type MarkReadInput = z.input<typeof MarkReadBody>
export type SubscriptionInput = z.input<typeof SubscriptionBody>
export type SubscriptionDto = z.output<typeof SubscriptionView>
export type UploadDto = z.output<typeof UploadView>

// ── trust and residents' rights (issue 7) ──
import type { ChangePasswordBody, PasswordLoginView } from './modules/auth/auth.schema.ts'
import type { IdentityReviewListQuery, IdentityReviewView } from './modules/identity/identity.schema.ts'
import type { MyDataView } from './modules/me/me.schema.ts'

export type PasswordLoginDto = z.output<typeof PasswordLoginView>
export type ChangePasswordInput = z.input<typeof ChangePasswordBody>
export type MyDataDto = z.output<typeof MyDataView>
export type IdentityReviewDto = z.output<typeof IdentityReviewView>
export type IdentityReviewListQueryInput = Partial<z.output<typeof IdentityReviewListQuery>>

// ── problem reports 随手拍 (issue 8) ──
import type {
  AssigneeOption, CategoryView, CloseBody, CreateReportBody, NearbyQuery, RateBody, ReassignBody, RejectReportBody, ReopenBody, ReplyBody,
  ReportDetailView, ReportEventView, ReportListQuery, ReportPolicies, ReportPublicView, ReportSummaryView, RequestInfoBody,
  ResolveBody, SupplementBody, TransferBody,
} from './modules/reports/report.schema.ts'

export type CategoryDto = z.output<typeof CategoryView>
export type ReportPublicDto = z.output<typeof ReportPublicView>
export type ReportSummaryDto = z.output<typeof ReportSummaryView>
export type ReportDetailDto = z.output<typeof ReportDetailView>
export type ReportEventDto = z.output<typeof ReportEventView>
export type ReportPoliciesDto = z.output<typeof ReportPolicies>
export type CreateReportInput = z.input<typeof CreateReportBody>
/** Query of GET /reports, as a client sends it (every field optional). */
export type ReportListQueryInput = Partial<z.output<typeof ReportListQuery>>
export type NearbyQueryInput = z.output<typeof NearbyQuery>
export type ReplyInput = z.input<typeof ReplyBody>
export type RequestInfoInput = z.input<typeof RequestInfoBody>
export type SupplementInput = z.input<typeof SupplementBody>
export type TransferInput = z.input<typeof TransferBody>
export type ResolveInput = z.input<typeof ResolveBody>
export type RejectReportInput = z.input<typeof RejectReportBody>
export type RateInput = z.input<typeof RateBody>
export type ReopenInput = z.input<typeof ReopenBody>
export type CloseInput = z.input<typeof CloseBody>
export type ReassignInput = z.input<typeof ReassignBody>
export type AssigneeOptionDto = z.output<typeof AssigneeOption>

// ── categories (admin), working calendar, worker leave (issue 8) ──
import type { CalendarDayView, CalendarQuery, CalendarView, DayBody, PeriodsBody } from './modules/calendar/calendar.schema.ts'
import type { AdminCategoryView, CreateCategoryBody, UpdateCategoryBody } from './modules/reports/category.schema.ts'
import type { CreateLeaveBody, LeaveListQuery, LeaveView } from './modules/leaves/leave.schema.ts'

export type AdminCategoryDto = z.output<typeof AdminCategoryView>
export type CreateCategoryInput = z.input<typeof CreateCategoryBody>
export type UpdateCategoryInput = z.input<typeof UpdateCategoryBody>
export type CalendarDto = z.output<typeof CalendarView>
export type CalendarDayDto = z.output<typeof CalendarDayView>
export type CalendarQueryInput = z.input<typeof CalendarQuery>
export type CalendarDayInput = z.input<typeof DayBody>
export type WorkPeriodsInput = z.input<typeof PeriodsBody>
export type LeaveDto = z.output<typeof LeaveView>
export type CreateLeaveInput = z.input<typeof CreateLeaveBody>
/** Query of GET /worker-leaves, as a client sends it (every field optional). */
export type LeaveListQueryInput = Partial<z.input<typeof LeaveListQuery>>

// ── report statistics, visit log and 五必访 (issue 8) ──
import type { GridRankingQuery, GridRankingView, ReportStatsQuery, ReportStatsView } from './modules/reports/report.stats.schema.ts'
import type { CareFlagsBody, CareFlagsView, CreateVisitBody, DueVisitView, VisitListQuery, VisitOptionsView, VisitView } from './modules/visits/visit.schema.ts'

export type ReportStatsDto = z.output<typeof ReportStatsView>
export type GridRankingDto = z.output<typeof GridRankingView>
/** Query of GET /report-stats, as a client sends it (every field optional). */
export type ReportStatsQueryInput = Partial<z.input<typeof ReportStatsQuery>>
export type GridRankingQueryInput = Partial<z.input<typeof GridRankingQuery>>
export type VisitDto = z.output<typeof VisitView>
export type DueVisitDto = z.output<typeof DueVisitView>
export type CareFlagsDto = z.output<typeof CareFlagsView>
export type CareFlagsInput = z.input<typeof CareFlagsBody>
export type CreateVisitInput = z.input<typeof CreateVisitBody>
export type VisitListQueryInput = Partial<z.input<typeof VisitListQuery>>
export type VisitOptionsDto = z.output<typeof VisitOptionsView>

// ── service appointments 预约办事 and WeChat Pay (issue 9) ──
import type {
  BookabilityView, CloseSlotBody, CreateServiceBody, CreateSlotBody, MaterialView, ServiceDetailView, ServiceListQuery, ServiceSummaryView, SlotPatternBody,
  SlotPatternResultView, SlotQuery, SlotView, UpdateServiceBody, UpdateSlotBody,
} from './modules/services/service.schema.ts'
import type {
  BookingDetailView, BookingListQuery, BookingPolicies, BookingView, CancelBookingBody, CancelResultView, CheckInBody, CreateBookingBody, CreatedBookingView, DayListQuery,
  DeskBookingView, NextSlotsDetails, RequestPaymentView, RescheduleBody,
} from './modules/bookings/booking.schema.ts'

export type ServiceSummaryDto = z.output<typeof ServiceSummaryView>
export type ServiceDetailDto = z.output<typeof ServiceDetailView>
export type MaterialDto = z.output<typeof MaterialView>
export type BookabilityDto = z.output<typeof BookabilityView>
export type SlotDto = z.output<typeof SlotView>
export type SlotPatternResultDto = z.output<typeof SlotPatternResultView>
export type ServiceListQueryInput = Partial<z.input<typeof ServiceListQuery>>
export type SlotQueryInput = z.input<typeof SlotQuery>
export type CreateServiceInput = z.input<typeof CreateServiceBody>
export type UpdateServiceInput = z.input<typeof UpdateServiceBody>
export type CreateSlotInput = z.input<typeof CreateSlotBody>
export type SlotPatternInput = z.input<typeof SlotPatternBody>
export type UpdateSlotInput = z.input<typeof UpdateSlotBody>
export type CloseSlotInput = z.input<typeof CloseSlotBody>
export type BookingDto = z.output<typeof BookingView>
export type BookingDetailDto = z.output<typeof BookingDetailView>
export type CreatedBookingDto = z.output<typeof CreatedBookingView>
export type CancelResultDto = z.output<typeof CancelResultView>
export type DeskBookingDto = z.output<typeof DeskBookingView>
export type BookingPoliciesDto = z.output<typeof BookingPolicies>
export type RequestPaymentDto = z.output<typeof RequestPaymentView>
export type NextSlotsDto = z.output<typeof NextSlotsDetails>
export type CreateBookingInput = z.input<typeof CreateBookingBody>
export type CancelBookingInput = z.input<typeof CancelBookingBody>
export type RescheduleInput = z.input<typeof RescheduleBody>
export type CheckInInput = z.input<typeof CheckInBody>
/** Query of GET /bookings, as a client sends it (every field optional). */
export type BookingListQueryInput = Partial<z.input<typeof BookingListQuery>>
export type DayListQueryInput = z.input<typeof DayListQuery>

// ── e-elections 换届选举 (issue 10) ──
import type {
  AddScrutineerBody, AddVoterBody, BallotPaperView, ElectionPersonView, CandidateView, CreateCandidateBody, CreateElectionBody, CreateObjectionBody, CreateRoundBody,
  ElectionDetailView, ElectionListQuery, ElectionPolicies, ElectionView, MyRollView, ObjectionView, PhaseTimeView, RemoveVoterBody,
  ResolveObjectionBody, ReviewCandidateBody, RollBuildView, RollEntryView, RollQuery, RoundBriefView, ScheduledPhase, ScrutineerView,
  UpdateElectionBody, VoterView,
} from './modules/elections/election.schema.ts'
import type {
  BallotListView, BoardQuery, BoardView, CastBallotBody, CastBallotView, ContestResultView, PaperTotalsBody, PaperVoterBody, PaperVoterView, RoundResultView,
} from './modules/elections/election.ballot.schema.ts'

export type ElectionDto = z.output<typeof ElectionView>
export type ElectionDetailDto = z.output<typeof ElectionDetailView>
export type ElectionPoliciesDto = z.output<typeof ElectionPolicies>
export type PhaseTimeDto = z.output<typeof PhaseTimeView>
export type RoundBriefDto = z.output<typeof RoundBriefView>
export type ElectionPhase = ElectionDto['phase']
export type ElectionScheduledPhase = ScheduledPhase
export type ElectionListQueryInput = Partial<z.input<typeof ElectionListQuery>>
export type CreateElectionInput = z.input<typeof CreateElectionBody>
export type UpdateElectionInput = z.input<typeof UpdateElectionBody>
export type RollEntryDto = z.output<typeof RollEntryView>
export type RollBuildDto = z.output<typeof RollBuildView>
export type VoterDto = z.output<typeof VoterView>
export type MyRollDto = z.output<typeof MyRollView>
export type RollQueryInput = Partial<z.input<typeof RollQuery>>
export type AddVoterInput = z.input<typeof AddVoterBody>
export type RemoveVoterInput = z.input<typeof RemoveVoterBody>
export type ObjectionDto = z.output<typeof ObjectionView>
export type CreateObjectionInput = z.input<typeof CreateObjectionBody>
export type ResolveObjectionInput = z.input<typeof ResolveObjectionBody>
export type CandidateDto = z.output<typeof CandidateView>
export type CreateCandidateInput = z.input<typeof CreateCandidateBody>
export type ReviewCandidateInput = z.input<typeof ReviewCandidateBody>
export type CreateRoundInput = z.input<typeof CreateRoundBody>
export type AddScrutineerInput = z.input<typeof AddScrutineerBody>
export type ScrutineerDto = z.output<typeof ScrutineerView>
export type BallotPaperDto = z.output<typeof BallotPaperView>
export type ElectionPersonDto = z.output<typeof ElectionPersonView>
export type CastBallotInput = z.input<typeof CastBallotBody>
export type CastBallotDto = z.output<typeof CastBallotView>
export type PaperVoterInput = z.input<typeof PaperVoterBody>
export type PaperVoterDto = z.output<typeof PaperVoterView>
export type PaperTotalsInput = z.input<typeof PaperTotalsBody>
export type RoundResultDto = z.output<typeof RoundResultView>
export type ContestResultDto = z.output<typeof ContestResultView>
export type BoardDto = z.output<typeof BoardView>
export type BoardQueryInput = Partial<z.input<typeof BoardQuery>>
export type BallotListDto = z.output<typeof BallotListView>

// ── public disclosure 三务公开 (issue 11) ──
import type {
  AnswerBody, AskBody, CorrectDisclosureBody, CreateDisclosureBody, DisclosureDetailView, DisclosureListQuery, DisclosureSummaryView,
  HideQuestionBody, LineInput, QuestionView, TotalsQuery, TotalsView, WithdrawDisclosureBody,
} from './modules/disclosures/disclosure.schema.ts'

export type DisclosureSummaryDto = z.output<typeof DisclosureSummaryView>
export type DisclosureDetailDto = z.output<typeof DisclosureDetailView>
export type DisclosureQuestionDto = z.output<typeof QuestionView>
export type DisclosureTotalsDto = z.output<typeof TotalsView>
export type DisclosureListQueryInput = Partial<z.input<typeof DisclosureListQuery>>
export type DisclosureTotalsQueryInput = z.input<typeof TotalsQuery>
export type DisclosureLineInput = z.input<typeof LineInput>
export type CreateDisclosureInput = z.input<typeof CreateDisclosureBody>
export type CorrectDisclosureInput = z.input<typeof CorrectDisclosureBody>
export type WithdrawDisclosureInput = z.input<typeof WithdrawDisclosureBody>
export type AskDisclosureQuestionInput = z.input<typeof AskBody>
export type AnswerDisclosureQuestionInput = z.input<typeof AnswerBody>
export type HideDisclosureQuestionInput = z.input<typeof HideQuestionBody>

// ── 协商议事 consultations (issue 11) ──
import type {
  CreateOpinionBody, CreateTopicBody, HideOpinionBody, LikeView, OpinionView, SupportView, TopicDetailView, TopicListQuery, TopicView,
  TransitionBody, UpdateOpinionBody,
} from './modules/consultations/consultation.schema.ts'

export type TopicDto = z.output<typeof TopicView>
export type TopicDetailDto = z.output<typeof TopicDetailView>
export type TopicState = TopicDto['state']
export type OpinionDto = z.output<typeof OpinionView>
export type OpinionReplyDto = OpinionDto['replies'][number]
export type SupportDto = z.output<typeof SupportView>
export type LikeDto = z.output<typeof LikeView>
export type TopicListQueryInput = Partial<z.input<typeof TopicListQuery>>
export type CreateTopicInput = z.input<typeof CreateTopicBody>
export type TransitionInput = z.input<typeof TransitionBody>
export type CreateOpinionInput = z.input<typeof CreateOpinionBody>
export type UpdateOpinionInput = z.input<typeof UpdateOpinionBody>
export type HideOpinionInput = z.input<typeof HideOpinionBody>
import type {
  ActionBody, CastBody, DecisionBody, OutcomeView, ProgressBody, RatingBody, SetUpVoteBody, VoteView,
} from './modules/consultations/consultation.outcome.schema.ts'

export type TopicVoteDto = z.output<typeof VoteView>
export type TopicOutcomeDto = z.output<typeof OutcomeView>
export type SetUpVoteInput = z.input<typeof SetUpVoteBody>
export type CastTopicVoteInput = z.input<typeof CastBody>
export type DecisionInput = z.input<typeof DecisionBody>
export type TopicActionInput = z.input<typeof ActionBody>
export type ProgressInput = z.input<typeof ProgressBody>
export type RatingInput = z.input<typeof RatingBody>
