//! Synq's orders on the clock. An order carries its whole planned path with the instant each
//! status is reached; what the API shows is the part of the path the clock has passed, so an
//! order moves on with virtual time without any background task.
//!
//! Which moves are allowed is core's order state machine (`OrderStatus::next_statuses`): the
//! documented transitions are one fact, kept once. The paths below are the emulator's own
//! data, and they are checked against that machine (here and in the client's tests), so a
//! machine that lost an edge a real path takes fails.

use pacer_sdk_core::models::synq::OrderStatus;

/// Every order status, as the API spells it.
pub const STATUSES: &[&str] = OrderStatus::KNOWN;

/// Whether `from` → `to` is an allowed transition.
pub fn allowed(from: &str, to: &str) -> bool {
    OrderStatus::from(from).can_become(&OrderStatus::from(to))
}

/// The path a new order follows, one step every [`STEP_MS`].
pub const HAPPY_PATH: &[&str] = &[
    "pending_payment",
    "payment_authorized",
    "confirmed",
    "processing",
    "fulfilled",
    "delivered",
    "completed",
];

/// Virtual time between the steps of a new order.
pub const STEP_MS: i64 = 30_000;

/// Paths of seeded orders with relative weights: mostly completed, some cancelled, failed or
/// returned at various points.
pub const SEEDED_PATHS: &[(u64, &[&str])] = &[
    (50, HAPPY_PATH),
    (
        8,
        &[
            "pending_payment",
            "payment_authorized",
            "confirmed",
            "processing",
            "partially_fulfilled",
            "fulfilled",
            "delivered",
            "completed",
        ],
    ),
    (4, &["pending_payment", "cancelled"]),
    (4, &["pending_payment", "payment_authorized", "cancelled"]),
    (
        3,
        &[
            "pending_payment",
            "payment_authorized",
            "confirmed",
            "cancelled",
        ],
    ),
    (
        2,
        &[
            "pending_payment",
            "payment_authorized",
            "confirmed",
            "processing",
            "cancelled",
        ],
    ),
    (4, &["pending_payment", "failed"]),
    (2, &["pending_payment", "payment_authorized", "failed"]),
    (
        5,
        &[
            "pending_payment",
            "payment_authorized",
            "confirmed",
            "processing",
            "fulfilled",
            "delivered",
            "return_requested",
            "returned",
            "refunded",
        ],
    ),
    (
        3,
        &[
            "pending_payment",
            "payment_authorized",
            "confirmed",
            "processing",
            "fulfilled",
            "delivered",
            "completed",
            "return_requested",
            "partially_returned",
            "partially_refunded",
            "refunded",
        ],
    ),
    (
        2,
        &[
            "pending_payment",
            "payment_authorized",
            "confirmed",
            "processing",
            "fulfilled",
            "delivered",
            "return_requested",
            "returned",
            "partially_refunded",
        ],
    ),
    (
        2,
        &[
            "pending_payment",
            "payment_authorized",
            "confirmed",
            "processing",
            "fulfilled",
            "return_requested",
            "partially_returned",
            "returned",
            "refunded",
        ],
    ),
];

/// Typical delay before reaching `status` in a seeded order, as a (min, max) in minutes.
pub fn seeded_delay_minutes(status: &str) -> (i64, i64) {
    match status {
        "payment_authorized" => (2, 10),
        "confirmed" => (1, 30),
        "processing" => (60, 8 * 60),
        "partially_fulfilled" | "fulfilled" => (12 * 60, 2 * 24 * 60),
        "delivered" => (2 * 24 * 60, 5 * 24 * 60),
        "completed" => (7 * 24 * 60, 7 * 24 * 60),
        "return_requested" => (24 * 60, 10 * 24 * 60),
        "partially_returned" | "returned" => (2 * 24 * 60, 5 * 24 * 60),
        "partially_refunded" | "refunded" => (24 * 60, 3 * 24 * 60),
        "cancelled" => (10, 24 * 60),
        "failed" => (1, 10),
        _ => (1, 60),
    }
}

/// The payment status that goes with an order status.
pub fn payment_status(status: &str) -> &'static str {
    match status {
        "pending_payment" => "pending",
        "payment_authorized" | "confirmed" | "processing" => "authorized",
        "partially_refunded" => "partially_refunded",
        "refunded" => "refunded",
        "cancelled" => "voided",
        "failed" => "failed",
        _ => "captured",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_follows_the_edges() {
        let mut paths: Vec<&[&str]> = SEEDED_PATHS.iter().map(|(_, p)| *p).collect();
        paths.push(HAPPY_PATH);
        for path in paths {
            assert_eq!(path[0], "pending_payment");
            for pair in path.windows(2) {
                assert!(allowed(pair[0], pair[1]), "{} -> {}", pair[0], pair[1]);
            }
        }
        assert!(!allowed("confirmed", "fulfilled"));
        assert!(!allowed("refunded", "returned"));
        assert!(!allowed("delivered", "fulfilled"));
    }
}
