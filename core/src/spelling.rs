//! Key spelling between the API (snake_case) and JavaScript (camelCase), the plain rules
//! every surface shares: option names, field error paths and record keys are spelled with
//! them. A provider's irregular keys are `pacer_sdk::surface::keys::KeySpelling`'s.

/// The plain camelCase rule: an `_` between a letter or digit and a lower-case letter or digit
/// is dropped and the character after it upper-cased; any other `_` is kept.
pub fn plain_camel(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len());
    let mut upper_next = false;
    for (i, &c) in chars.iter().enumerate() {
        let joins = c == '_'
            && i > 0
            && chars[i - 1].is_ascii_alphanumeric()
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_lowercase() || n.is_ascii_digit());
        if joins {
            upper_next = true;
        } else if upper_next {
            out.push(c.to_ascii_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The plain snake_case rule: an upper-case letter after a lower-case letter or digit becomes
/// `_` plus its lower case; everything else is kept (so `ID` and `URL` stay as they are).
pub fn plain_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut prev_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    out
}

/// The JavaScript spelling of an API key.
pub fn to_camel(key: &str) -> String {
    if key.contains('_') {
        plain_camel(key)
    } else {
        key.to_string()
    }
}

/// A dotted field path (`line_items[2].price_value`) in JavaScript spelling.
pub fn path_to_camel(path: &str) -> String {
    path.split('.').map(to_camel).collect::<Vec<_>>().join(".")
}
