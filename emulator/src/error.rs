//! Why an emulator could not start or do what was asked.

use std::fmt;

/// An emulator error.
#[derive(Debug)]
#[non_exhaustive]
pub enum EmulatorError {
    /// The configuration is unusable (unknown provider, bad zone, bad spec overrides…).
    Config(String),
    /// Binding or serving failed.
    Io(std::io::Error),
    /// The clock cannot be moved: it is real time.
    NotVirtual,
    /// A virtual clock cannot go backwards.
    ClockBackwards,
    /// The provider (or its plan) has no such feature, e.g. webhooks on Salync Growth.
    Unsupported(String),
    /// The request was refused: an unknown record, a bad URL or event type.
    Invalid(String),
}

impl fmt::Display for EmulatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmulatorError::Config(m) => write!(f, "emulator configuration: {m}"),
            EmulatorError::Io(e) => write!(f, "emulator I/O: {e}"),
            EmulatorError::NotVirtual => f.write_str(
                "the emulator runs on real time; start it with virtual_clock (or a shared clock) to advance it",
            ),
            EmulatorError::ClockBackwards => f.write_str("the virtual clock never moves backwards"),
            EmulatorError::Unsupported(m) => write!(f, "not supported: {m}"),
            EmulatorError::Invalid(m) => write!(f, "refused: {m}"),
        }
    }
}

impl std::error::Error for EmulatorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EmulatorError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for EmulatorError {
    fn from(e: std::io::Error) -> Self {
        EmulatorError::Io(e)
    }
}
