-- Service appointments (issue 9): a catalogue of services per community, slots with a seat
-- counter, bookings that hold at most one seat each, and WeChat Pay orders, refunds and the log of
-- every payment notification received.

-- A service residents can book. `materials` is the checklist shown before leaving home:
-- [{name, note, copies}]. Who may book: residents bound to a household of the community
-- (`community`), anyone bound to any household (`any_bound`), or households of the community
-- carrying one of `eligible_flags` (`groups`). Fees in fen; 0 is free.
CREATE TABLE `services` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `community_id` INTEGER NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `department` VARCHAR(64) NOT NULL,
    `description` VARCHAR(2000) NOT NULL DEFAULT '',
    `materials` JSON NOT NULL,
    `duration_minutes` INTEGER NOT NULL,
    `eligibility` ENUM('community', 'any_bound', 'groups') NOT NULL DEFAULT 'community',
    `eligible_flags` JSON NULL,
    `fee_fen` INTEGER NOT NULL DEFAULT 0,
    `book_ahead_days` INTEGER NOT NULL DEFAULT 14,
    `min_notice_minutes` INTEGER NOT NULL DEFAULT 60,
    `free_cancel_hours` INTEGER NOT NULL DEFAULT 2,
    `requires_confirmation` BOOLEAN NOT NULL DEFAULT false,
    `home_service` BOOLEAN NOT NULL DEFAULT false,
    `active` BOOLEAN NOT NULL DEFAULT true,
    `sort_order` INTEGER NOT NULL DEFAULT 0,
    `version` INTEGER NOT NULL DEFAULT 0,
    `created_by` INTEGER NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    INDEX `services_community_id_active_sort_order_idx`(`community_id`, `active`, `sort_order`),
    INDEX `services_created_by_idx`(`created_by`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A slot of a service. `booked` counts the bookings holding a seat in it; it only moves by a
-- conditional update (`booked < capacity`) in the transaction that adds or frees the seat, and the
-- CHECK makes the database refuse anything else.
CREATE TABLE `service_slots` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `service_id` INTEGER NOT NULL,
    `starts_at` DATETIME(3) NOT NULL,
    `ends_at` DATETIME(3) NOT NULL,
    `capacity` INTEGER NOT NULL,
    `booked` INTEGER NOT NULL DEFAULT 0,
    `status` ENUM('open', 'closed') NOT NULL DEFAULT 'open',
    `closed_reason` VARCHAR(200) NULL,
    `closed_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `service_slots_service_id_starts_at_key`(`service_id`, `starts_at`),
    INDEX `service_slots_starts_at_idx`(`starts_at`),
    CONSTRAINT `service_slots_seats_check` CHECK (`booked` >= 0 AND `booked` <= `capacity`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A booking. `seat_slot_id` equals `slot_id` while the booking holds a seat (awaiting payment,
-- pending confirmation, confirmed, checked in, completed, no-show) and is NULL once cancelled or
-- expired: the unique key (seat_slot_id, user_id) lets a resident hold one seat per slot.
-- `code` is the booking code shown at the window (unique). `hold_until`: an unpaid booking keeps
-- its seat until then.
CREATE TABLE `bookings` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `code` CHAR(8) NOT NULL,
    `service_id` INTEGER NOT NULL,
    `slot_id` INTEGER NOT NULL,
    `seat_slot_id` INTEGER NULL,
    `community_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `household_id` INTEGER NULL,
    `note` VARCHAR(200) NULL,
    `status` ENUM('awaiting_payment', 'pending', 'confirmed', 'checked_in', 'completed', 'no_show', 'cancelled', 'expired') NOT NULL,
    `fee_fen` INTEGER NOT NULL DEFAULT 0,
    `hold_until` DATETIME(3) NULL,
    `confirmed_at` DATETIME(3) NULL,
    `checked_in_at` DATETIME(3) NULL,
    `checked_in_by` INTEGER NULL,
    `completed_at` DATETIME(3) NULL,
    `no_show_at` DATETIME(3) NULL,
    `cancelled_at` DATETIME(3) NULL,
    `cancelled_by` ENUM('resident', 'staff', 'system') NULL,
    `cancel_reason` VARCHAR(200) NULL,
    `reminded_evening_at` DATETIME(3) NULL,
    `reminded_hour_at` DATETIME(3) NULL,
    `version` INTEGER NOT NULL DEFAULT 0,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `bookings_code_key`(`code`),
    UNIQUE INDEX `bookings_seat_slot_user_key`(`seat_slot_id`, `user_id`),
    INDEX `bookings_user_id_id_idx`(`user_id`, `id`),
    INDEX `bookings_slot_id_status_idx`(`slot_id`, `status`),
    INDEX `bookings_status_hold_until_idx`(`status`, `hold_until`),
    INDEX `bookings_user_id_status_no_show_at_idx`(`user_id`, `status`, `no_show_at`),
    INDEX `bookings_service_id_idx`(`service_id`),
    INDEX `bookings_community_id_idx`(`community_id`),
    INDEX `bookings_household_id_idx`(`household_id`),
    INDEX `bookings_checked_in_by_idx`(`checked_in_by`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A WeChat Pay JSAPI order, one per booking. `status`: created (prepay asked or not yet), paid,
-- closed (expired or cancelled unpaid), refunded.
CREATE TABLE `payment_orders` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `booking_id` INTEGER NOT NULL,
    `out_trade_no` VARCHAR(32) NOT NULL,
    `description` VARCHAR(127) NOT NULL,
    `amount_fen` INTEGER NOT NULL,
    `payer_openid` VARCHAR(64) NOT NULL,
    `prepay_id` VARCHAR(64) NULL,
    `status` ENUM('created', 'paid', 'closed', 'refunded') NOT NULL DEFAULT 'created',
    `transaction_id` VARCHAR(32) NULL,
    `expires_at` DATETIME(3) NOT NULL,
    `paid_at` DATETIME(3) NULL,
    `checked_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `payment_orders_booking_id_key`(`booking_id`),
    UNIQUE INDEX `payment_orders_out_trade_no_key`(`out_trade_no`),
    UNIQUE INDEX `payment_orders_transaction_id_key`(`transaction_id`),
    INDEX `payment_orders_status_created_at_idx`(`status`, `created_at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A refund of a paid order (one per order, the whole amount). `pending`: recorded in the
-- cancelling transaction, not yet asked of WeChat Pay; then processing → success | closed | abnormal.
CREATE TABLE `payment_refunds` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `order_id` INTEGER NOT NULL,
    `out_refund_no` VARCHAR(64) NOT NULL,
    `amount_fen` INTEGER NOT NULL,
    `reason` VARCHAR(80) NOT NULL,
    `status` ENUM('pending', 'processing', 'success', 'closed', 'abnormal') NOT NULL DEFAULT 'pending',
    `refund_id` VARCHAR(32) NULL,
    `attempts` INTEGER NOT NULL DEFAULT 0,
    `last_error` VARCHAR(255) NULL,
    `succeeded_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `payment_refunds_order_id_key`(`order_id`),
    UNIQUE INDEX `payment_refunds_out_refund_no_key`(`out_refund_no`),
    INDEX `payment_refunds_status_idx`(`status`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Every payment notification received and what became of it (processed, duplicate, replay,
-- bad_signature, stale, bad_ciphertext, unknown_order, amount_mismatch, bad_currency, …).
CREATE TABLE `payment_notifications` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `received_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `serial` VARCHAR(64) NULL,
    `nonce` VARCHAR(64) NULL,
    `signature_hash` BINARY(32) NULL,
    `event_type` VARCHAR(32) NULL,
    `out_trade_no` VARCHAR(64) NULL,
    `outcome` VARCHAR(24) NOT NULL,
    `detail` VARCHAR(255) NULL,
    INDEX `payment_notifications_out_trade_no_idx`(`out_trade_no`),
    INDEX `payment_notifications_signature_hash_idx`(`signature_hash`),
    INDEX `payment_notifications_received_at_idx`(`received_at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `services` ADD CONSTRAINT `services_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `services` ADD CONSTRAINT `services_created_by_fkey` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `service_slots` ADD CONSTRAINT `service_slots_service_id_fkey` FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `bookings` ADD CONSTRAINT `bookings_service_id_fkey` FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `bookings` ADD CONSTRAINT `bookings_slot_id_fkey` FOREIGN KEY (`slot_id`) REFERENCES `service_slots`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `bookings` ADD CONSTRAINT `bookings_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `bookings` ADD CONSTRAINT `bookings_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `bookings` ADD CONSTRAINT `bookings_household_id_fkey` FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `bookings` ADD CONSTRAINT `bookings_checked_in_by_fkey` FOREIGN KEY (`checked_in_by`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `payment_orders` ADD CONSTRAINT `payment_orders_booking_id_fkey` FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `payment_refunds` ADD CONSTRAINT `payment_refunds_order_id_fkey` FOREIGN KEY (`order_id`) REFERENCES `payment_orders`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
