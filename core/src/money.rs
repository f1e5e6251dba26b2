//! Exact decimal amounts for `*_value` money fields and quantities.
//!
//! JSON numbers are decoded from their literal text (serde_json's raw value), so `19.99` is the
//! decimal 19.99, never the nearest binary float. Sums and products are exact.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact decimal number (28 significant digits), used for money and quantities.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(Decimal);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// Wraps a `rust_decimal::Decimal`.
    pub const fn from_decimal(d: Decimal) -> Self {
        Amount(d)
    }

    /// The underlying decimal.
    pub const fn to_decimal(self) -> Decimal {
        self.0
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Exact product, or `None` on overflow.
    pub fn checked_mul(self, other: Amount) -> Option<Amount> {
        self.0.checked_mul(other.0).map(Amount)
    }

    /// Exact sum, or `None` on overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    /// Parses a JSON number literal or decimal string (`12.5`, `-3`, `1e2`).
    pub fn parse(text: &str) -> Option<Amount> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if text.contains(['e', 'E']) {
            Decimal::from_scientific(text).ok().map(Amount)
        } else {
            Decimal::from_str(text).ok().map(Amount)
        }
    }

    /// The closest binary float, for display or bindings that have no decimal type.
    pub fn to_f64(self) -> f64 {
        use rust_decimal::prelude::ToPrimitive;
        self.0.to_f64().unwrap_or(f64::NAN)
    }
}

impl From<i64> for Amount {
    fn from(v: i64) -> Self {
        Amount(Decimal::from(v))
    }
}

impl FromStr for Amount {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Amount::parse(s).ok_or_else(|| format!("not a decimal number: {s:?}"))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, rhs: Amount) -> Amount {
        Amount(self.0 + rhs.0)
    }
}

impl std::ops::Mul for Amount {
    type Output = Amount;
    fn mul(self, rhs: Amount) -> Amount {
        Amount(self.0 * rhs.0)
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |a, b| a + b)
    }
}

impl Serialize for Amount {
    /// Serialized as a JSON number; the shortest float round-trips every amount of up to
    /// 15 significant digits exactly, which covers any realistic price or total.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract().is_zero() {
            use rust_decimal::prelude::ToPrimitive;
            if let Some(i) = self.0.to_i64() {
                return s.serialize_i64(i);
            }
        }
        s.serialize_f64(self.to_f64())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The raw literal keeps every digit the server sent.
        let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
        let text = raw.get().trim();
        let literal = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        Amount::parse(literal)
            .ok_or_else(|| D::Error::custom(format!("expected a decimal number, found {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_from_json_literal() {
        let a: Amount = serde_json::from_str("0.1").unwrap();
        let b: Amount = serde_json::from_str("0.2").unwrap();
        assert_eq!((a + b).to_string(), "0.3");
        let long: Amount = serde_json::from_str("12345678901234567.89").unwrap();
        assert_eq!(long.to_string(), "12345678901234567.89");
        let quoted: Amount = serde_json::from_str("\"19.990\"").unwrap();
        assert_eq!(quoted.to_string(), "19.990");
        let sci: Amount = serde_json::from_str("1.5e2").unwrap();
        assert_eq!(sci, Amount::from(150));
    }

    #[test]
    fn from_value_and_back() {
        let v = serde_json::json!(1234.565);
        let a: Amount = serde_json::from_value(v).unwrap();
        assert_eq!(a.to_string(), "1234.565");
        assert_eq!(serde_json::to_string(&a).unwrap(), "1234.565");
        assert_eq!(serde_json::to_string(&Amount::from(7)).unwrap(), "7");
    }

    #[test]
    fn rejects_non_numbers() {
        assert!(serde_json::from_str::<Amount>("true").is_err());
        assert!(serde_json::from_str::<Amount>("\"abc\"").is_err());
    }
}
