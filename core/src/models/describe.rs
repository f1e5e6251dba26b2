//! Records described as data: every binding's record classes, type stubs and WIT records are
//! generated from these, so a field added to a model in core reaches every surface through the
//! generator only. `model!` and `open_enum!` implement [`Model`] and [`Describe`].

use serde::Serialize;

/// The type of a record field, as every binding renders it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeDesc {
    /// A whole number.
    Int,
    /// A floating-point number.
    Float,
    /// Text.
    Text,
    /// True or false.
    Bool,
    /// Exact money, kept as the decimal literal the server sent.
    Money,
    /// Any JSON value, kept as sent.
    Any,
    /// An id the server sends as a number or as text.
    IntOrText,
    /// A flag the server sends as a boolean or as text.
    BoolOrText,
    /// Text from a known set; values pacer does not know are kept as sent.
    Enum {
        /// The enum's name.
        name: &'static str,
        /// The known values, as the API spells them.
        values: &'static [&'static str],
    },
    /// Another record.
    Record {
        /// Its name.
        name: &'static str,
    },
    /// A list.
    List {
        /// The element type.
        of: Box<TypeDesc>,
    },
    /// An object from text keys to values of one type.
    Map {
        /// The value type.
        of: Box<TypeDesc>,
    },
}

/// A type that describes itself to the generators.
pub trait Describe {
    /// The field type.
    fn describe() -> TypeDesc;
}

/// One known field of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldDesc {
    /// The JSON key, as the API spells it.
    pub key: &'static str,
    /// Its type.
    pub ty: TypeDesc,
    /// Its documentation, on one line.
    pub doc: String,
}

/// A record: its name, documentation and known fields (unknown ones are always kept too).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordDesc {
    /// The model's name, e.g. `Job`.
    pub name: &'static str,
    /// Its documentation, on one line.
    pub doc: String,
    /// Its known fields, in declaration order.
    pub fields: Vec<FieldDesc>,
}

/// A record type that describes itself.
pub trait Model {
    /// Its description.
    fn record() -> RecordDesc;
}

/// A doc attribute list (`concat!`ed lines) as one line of text.
pub fn one_line(doc: &'static str) -> String {
    doc.split_whitespace().collect::<Vec<_>>().join(" ")
}

macro_rules! describe_as {
    ($($ty:ty => $desc:expr),* $(,)?) => {
        $(impl Describe for $ty {
            fn describe() -> TypeDesc {
                $desc
            }
        })*
    };
}

describe_as! {
    i64 => TypeDesc::Int,
    i32 => TypeDesc::Int,
    u64 => TypeDesc::Int,
    u32 => TypeDesc::Int,
    usize => TypeDesc::Int,
    f64 => TypeDesc::Float,
    bool => TypeDesc::Bool,
    String => TypeDesc::Text,
    serde_json::Value => TypeDesc::Any,
    crate::money::Amount => TypeDesc::Money,
    super::common::LooseId => TypeDesc::IntOrText,
    super::common::LooseBool => TypeDesc::BoolOrText,
}

impl<T: Describe> Describe for Vec<T> {
    fn describe() -> TypeDesc {
        TypeDesc::List {
            of: Box::new(T::describe()),
        }
    }
}

impl<T: Describe> Describe for std::collections::BTreeMap<String, T> {
    fn describe() -> TypeDesc {
        TypeDesc::Map {
            of: Box::new(T::describe()),
        }
    }
}
