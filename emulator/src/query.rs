//! The decoded query string of a request, shared by every provider's handlers.

/// The decoded query string, in order.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes `a=1&b=x%20y`.
    pub fn parse(raw: &str) -> Query {
        Query {
            pairs: url::form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }

    /// The first non-blank value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// The query with `sets` replacing (or appended after) the original values, encoded.
    pub fn with(&self, sets: &[(&str, String)]) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        let mut done = vec![false; sets.len()];
        for (k, v) in &self.pairs {
            match sets.iter().position(|(name, _)| name == k) {
                Some(i) if !done[i] => {
                    out.append_pair(k, &sets[i].1);
                    done[i] = true;
                }
                Some(_) => {}
                None => {
                    out.append_pair(k, v);
                }
            }
        }
        for (i, (k, v)) in sets.iter().enumerate() {
            if !done[i] {
                out.append_pair(k, v);
            }
        }
        out.finish()
    }

    /// The query encoded as received (normalised).
    pub fn encoded(&self) -> String {
        self.with(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_keeps_order_and_replaces_paging() {
        let q = Query::parse("date_from=2026-01-01&count=5&status=Open%20Now&page=2");
        assert_eq!(q.get("status"), Some("Open Now"));
        assert_eq!(
            q.with(&[("page", "3".into()), ("count", "5".into())]),
            "date_from=2026-01-01&count=5&status=Open+Now&page=3"
        );
        assert_eq!(
            Query::parse("a=1").with(&[("page", "1".into())]),
            "a=1&page=1"
        );
    }
}
