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
  DemoAccountDto,
  HouseholdOptionDto,
  MeDto,
  PageDto,
  ProfileDto,
  ProfileInput,
  RegionTreeDto,
  RejectInput,
  TokenPairDto,
  UserSummaryDto,
} from '../../../api/src/contracts.ts'
