//! The two macros every model is written with.
//!
//! `model!` declares a record whose known fields are all optional and whose unknown fields are
//! kept in `extra`, so a record read from the server writes back byte-for-byte equivalent:
//! - a known field that is absent stays absent; one that is `null` is kept as `null` in `extra`;
//! - a known field whose value has an unexpected type is kept verbatim in `extra` (the record
//!   still decodes; `mistyped_fields()` lists such fields);
//! - money keeps every digit (`Amount` decodes from the literal text).
//!
//! Decoding through [`crate::models::decode`] takes one pass over the text and falls back to
//! the lenient field-by-field path only for records that hold a mistyped value; plain serde
//! decoding (`serde_json::from_str::<Job>`) is always lenient.
//!
//! `open_enum!` declares a string enum with an `Other(String)` variant: an unknown status is
//! kept, never an error. Known values match ignoring case, spaces and punctuation.

/// Declares a model record; see the module documentation.
#[macro_export]
macro_rules! model {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            $( $(#[doc = $fdoc:literal])* $field:ident $(as $key:literal)? : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Default, PartialEq)]
        pub struct $name {
            $( $(#[doc = $fdoc])* pub $field: Option<$ty>, )*
            /// Fields this version of pacer does not know, known fields sent as `null`, and
            /// known fields whose value had an unexpected type; kept so records round-trip.
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl $name {
            /// The JSON keys of the known fields, in declaration order.
            pub const FIELDS: &'static [&'static str] = &[$( $crate::model!(@key $field $($key)?) ),*];

            /// Known fields that arrived with a value of an unexpected type (kept in `extra`).
            pub fn mistyped_fields(&self) -> Vec<&str> {
                Self::FIELDS
                    .iter()
                    .copied()
                    .filter(|k| self.extra.get(*k).is_some_and(|v| !v.is_null()))
                    .collect()
            }

            /// Decodes one record from JSON text (fast path, lenient fallback).
            pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
                $crate::models::decode(text.as_bytes())
            }

            /// This record as a JSON value (known fields, then kept extras).
            pub fn to_value(&self) -> serde_json::Value {
                serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
            }
        }

        impl $crate::models::describe::Model for $name {
            fn record() -> $crate::models::describe::RecordDesc {
                $crate::models::describe::RecordDesc {
                    name: stringify!($name),
                    doc: $crate::models::describe::one_line(concat!($($doc, " "),*)),
                    fields: vec![$(
                        $crate::models::describe::FieldDesc {
                            key: $crate::model!(@key $field $($key)?),
                            ty: <$ty as $crate::models::describe::Describe>::describe(),
                            doc: $crate::models::describe::one_line(concat!($($fdoc, " "),*)),
                        }
                    ),*],
                }
            }
        }

        impl $crate::models::describe::Describe for $name {
            fn describe() -> $crate::models::describe::TypeDesc {
                $crate::models::describe::TypeDesc::Record { name: stringify!($name) }
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut d = f.debug_struct(stringify!($name));
                $( if let Some(v) = &self.$field { d.field(stringify!($field), v); } )*
                if !self.extra.is_empty() {
                    d.field("extra", &self.extra);
                }
                d.finish()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                $(
                    if let Some(v) = &self.$field {
                        map.serialize_entry($crate::model!(@key $field $($key)?), v)?;
                    }
                )*
                for (k, v) in &self.extra {
                    let shadowed = false $( || (k == $crate::model!(@key $field $($key)?) && self.$field.is_some()) )*;
                    if !shadowed {
                        map.serialize_entry(k, v)?;
                    }
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        let strict = $crate::models::strict_decoding();
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                $(
                                    k if k == $crate::model!(@key $field $($key)?) => {
                                        if strict {
                                            // One pass; a mistyped value fails the record, and
                                            // `decode` then retries it leniently.
                                            match map.next_value::<Option<$ty>>()? {
                                                Some(v) => out.$field = Some(v),
                                                None => { out.extra.insert(key, serde_json::Value::Null); }
                                            }
                                        } else {
                                            let raw: Box<serde_json::value::RawValue> = map.next_value()?;
                                            match $crate::models::decode_field::<$ty>(&raw) {
                                                Ok(Some(v)) => out.$field = Some(v),
                                                Ok(None) => { out.extra.insert(key, serde_json::Value::Null); }
                                                Err(kept) => { out.extra.insert(key, kept); }
                                            }
                                        }
                                    }
                                )*
                                _ => {
                                    let v: serde_json::Value = map.next_value()?;
                                    out.extra.insert(key, v);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
}

/// Declares an open string enum; see the module documentation.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of pacer does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// Every known value, as the API spells it.
            pub const KNOWN: &'static [&'static str] = &[$($text),*];

            /// The API's spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(s) => s,
                }
            }

            /// Whether this value is one pacer knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl $crate::models::describe::Describe for $name {
            fn describe() -> $crate::models::describe::TypeDesc {
                $crate::models::describe::TypeDesc::Enum { name: stringify!($name), values: $name::KNOWN }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                let n = $crate::validate::formats::normalize(text);
                $( if n == $crate::validate::formats::normalize($text) { return $name::$variant; } )*
                $name::Other(text.to_string())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<str>::deserialize(d)?;
                Ok($name::from(text.as_ref()))
            }
        }
    };
}
