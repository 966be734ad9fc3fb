import type { RawTx } from '../../core/db.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import type { BookingStatus } from './booking.schema.ts'

/** A booking as every view reads it: its service, slot, place, payment and (for staff) the resident. */
export type BookingRow = {
  id: number
  code: string
  status: BookingStatus
  serviceId: number
  slotId: number
  seatSlotId: number | null
  communityId: number
  userId: number
  householdId: number | null
  note: string | null
  feeFen: number
  holdUntil: Date | null
  checkedInAt: Date | null
  cancelledBy: 'resident' | 'staff' | 'system' | null
  cancelReason: string | null
  version: number
  createdAt: Date
  service: {
    name: string; department: string; homeService: boolean; feeFen: number; freeCancelHours: number
    requiresConfirmation: boolean; materials: unknown
  }
  startsAt: Date
  endsAt: Date
  address: string | null
  order: { status: 'created' | 'paid' | 'closed' | 'refunded'; paidAt: Date | null; refundStatus: 'pending' | 'processing' | 'success' | 'closed' | 'abnormal' | null } | null
  resident: { displayName: string; realName: string | null; phoneMasked: string | null }
}

const COLUMNS = Prisma.sql`b.id, b.code, b.status, b.service_id, b.slot_id, b.seat_slot_id, b.community_id, b.user_id, b.household_id,
  b.note, b.fee_fen, b.hold_until, b.checked_in_at, b.cancelled_by, b.cancel_reason, b.version, b.created_at,
  s.name AS s_name, s.department AS s_department, s.home_service AS s_home, s.fee_fen AS s_fee, s.free_cancel_hours AS s_free_cancel,
  s.requires_confirmation AS s_confirm, s.materials AS s_materials,
  sl.starts_at, sl.ends_at,
  hb.estate AS h_estate, hb.name AS h_building, h.unit AS h_unit, h.room AS h_room,
  o.status AS o_status, o.paid_at AS o_paid_at, r.status AS r_status,
  u.display_name AS u_name, p.real_name AS u_real_name, p.phone_masked AS u_phone`

const FROM = Prisma.sql`FROM bookings b
  JOIN services s ON s.id = b.service_id
  JOIN service_slots sl ON sl.id = b.slot_id
  JOIN users u ON u.id = b.user_id
  LEFT JOIN resident_profiles p ON p.user_id = b.user_id
  LEFT JOIN households h ON h.id = b.household_id
  LEFT JOIN buildings hb ON hb.id = h.building_id
  LEFT JOIN payment_orders o ON o.booking_id = b.id
  LEFT JOIN payment_refunds r ON r.order_id = o.id`

type Raw = Record<string, unknown>

const num = (v: unknown) => Number(v)
const numOrNull = (v: unknown) => (v == null ? null : Number(v))
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)))
const dateOrNull = (v: unknown) => (v == null ? null : date(v))
const bool = (v: unknown) => v === true || Number(v) === 1

function toRow(r: Raw): BookingRow {
  const estate = r.h_estate as string | null
  return {
    id: num(r.id),
    code: String(r.code),
    status: r.status as BookingStatus,
    serviceId: num(r.service_id),
    slotId: num(r.slot_id),
    seatSlotId: numOrNull(r.seat_slot_id),
    communityId: num(r.community_id),
    userId: num(r.user_id),
    householdId: numOrNull(r.household_id),
    note: (r.note as string | null) ?? null,
    feeFen: num(r.fee_fen),
    holdUntil: dateOrNull(r.hold_until),
    checkedInAt: dateOrNull(r.checked_in_at),
    cancelledBy: (r.cancelled_by as BookingRow['cancelledBy']) ?? null,
    cancelReason: (r.cancel_reason as string | null) ?? null,
    version: num(r.version),
    createdAt: date(r.created_at),
    service: {
      name: String(r.s_name), department: String(r.s_department), homeService: bool(r.s_home), feeFen: num(r.s_fee),
      freeCancelHours: num(r.s_free_cancel), requiresConfirmation: bool(r.s_confirm), materials: r.s_materials,
    },
    startsAt: date(r.starts_at),
    endsAt: date(r.ends_at),
    address: estate != null ? `${estate} ${r.h_building} ${r.h_unit}单元 ${r.h_room}室` : null,
    order: r.o_status == null ? null : {
      status: r.o_status as NonNullable<BookingRow['order']>['status'],
      paidAt: dateOrNull(r.o_paid_at),
      refundStatus: (r.r_status as NonNullable<BookingRow['order']>['refundStatus']) ?? null,
    },
    resident: { displayName: String(r.u_name), realName: (r.u_real_name as string | null) ?? null, phoneMasked: (r.u_phone as string | null) ?? null },
  }
}

/** Bookings matching a condition on `b` / `sl` / `s`, in the given order. */
export async function selectBookings(db: RawTx, where: Prisma.Sql, orderLimit: Prisma.Sql = Prisma.empty): Promise<BookingRow[]> {
  const rows = await db.$queryRaw<Raw[]>`SELECT ${COLUMNS} ${FROM} WHERE ${where} ${orderLimit}`
  return rows.map(toRow)
}

export async function bookingById(db: RawTx, id: number): Promise<BookingRow | null> {
  const [row] = await selectBookings(db, Prisma.sql`b.id = ${id}`)
  return row ?? null
}
