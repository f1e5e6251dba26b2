//! Routing: every request is matched against the endpoints of the (possibly overridden)
//! provider spec, so a path fixed by configuration is served at its new place without code.

use std::collections::BTreeMap;

use pacer_sdk_core::ProviderSpec;

/// One segment of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    /// Must equal the text.
    Literal(String),
    /// A spec setting: any of these spellings.
    Setting(Vec<String>),
    /// A path parameter.
    Param(String),
}

#[derive(Clone, Debug)]
struct Route {
    endpoint: usize,
    method: String,
    segments: Vec<Segment>,
}

/// The outcome of matching a method and path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Matched {
    /// An endpoint (index into `spec.endpoints`) with its path parameters.
    Endpoint {
        /// Index of the endpoint in the spec.
        index: usize,
        /// Path parameters by placeholder name.
        params: BTreeMap<String, String>,
    },
    /// The path exists but not with this method.
    MethodNotAllowed,
    /// No endpoint has this path.
    NotFound,
}

/// The compiled route table of a spec.
#[derive(Clone, Debug)]
pub struct RouteTable {
    routes: Vec<Route>,
}

/// Spellings accepted where the spec names a setting: the docs' "saleseorders" typo and the
/// natural "salesorders" are both served, since the live server's choice is unknown.
fn spellings(value: &str) -> Vec<String> {
    let mut v = vec![value.to_string()];
    for pair in [
        ["saleseorders", "salesorders"],
        ["salesorders", "saleseorders"],
    ] {
        if value == pair[0] {
            v.push(pair[1].to_string());
        }
    }
    v
}

fn split(path: &str) -> Vec<&str> {
    let trimmed = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    trimmed.split('/').skip(1).collect()
}

impl RouteTable {
    /// Compiles the endpoints of `spec`.
    pub fn new(spec: &ProviderSpec) -> RouteTable {
        let routes = spec
            .endpoints
            .iter()
            .enumerate()
            .map(|(i, ep)| Route {
                endpoint: i,
                method: ep.method.to_ascii_uppercase(),
                segments: split(&ep.path)
                    .into_iter()
                    .map(
                        |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                            Some(name) => match spec.settings.get(name) {
                                Some(value) => Segment::Setting(spellings(value)),
                                None => Segment::Param(name.to_string()),
                            },
                            None => Segment::Literal(s.to_string()),
                        },
                    )
                    .collect(),
            })
            .collect();
        RouteTable { routes }
    }

    /// Matches `method` and `path`; among several matches the most literal template wins
    /// (`/jobs/salesorders` is the search, not job "salesorders").
    pub fn find(&self, method: &str, path: &str) -> Matched {
        let parts = split(path);
        let mut best: Option<(usize, &Route, BTreeMap<String, String>)> = None;
        let mut path_known = false;
        for route in &self.routes {
            let Some((score, params)) = match_segments(&route.segments, &parts) else {
                continue;
            };
            path_known = true;
            if !route.method.eq_ignore_ascii_case(method) {
                continue;
            }
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, route, params));
            }
        }
        match best {
            Some((_, route, params)) => Matched::Endpoint {
                index: route.endpoint,
                params,
            },
            None if path_known => Matched::MethodNotAllowed,
            None => Matched::NotFound,
        }
    }
}

fn match_segments(
    template: &[Segment],
    parts: &[&str],
) -> Option<(usize, BTreeMap<String, String>)> {
    if template.len() != parts.len() {
        return None;
    }
    let mut literal = 0;
    let mut params = BTreeMap::new();
    for (seg, part) in template.iter().zip(parts) {
        match seg {
            Segment::Literal(l) if l == part => literal += 1,
            Segment::Setting(options) if options.iter().any(|o| o == part) => literal += 1,
            Segment::Param(name) if !part.is_empty() => {
                params.insert(name.clone(), (*part).to_string());
            }
            _ => return None,
        }
    }
    Some((literal, params))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(t: &RouteTable, spec: &ProviderSpec, m: &str, p: &str) -> String {
        match t.find(m, p) {
            Matched::Endpoint { index, .. } => spec.endpoints[index].name.clone(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn literal_templates_win_and_both_spellings_work() {
        let spec = ProviderSpec::builtin("syncore").unwrap();
        let t = RouteTable::new(&spec);
        assert_eq!(
            name(&t, &spec, "GET", "/v2/orders/jobs/salesorders"),
            "sales_orders.search"
        );
        assert_eq!(name(&t, &spec, "GET", "/v2/orders/jobs/30001"), "jobs.get");
        assert_eq!(name(&t, &spec, "GET", "/v2/orders/jobs/30001/"), "jobs.get");
        for seg in ["saleseorders", "salesorders"] {
            assert_eq!(
                name(
                    &t,
                    &spec,
                    "GET",
                    &format!("/v2/orders/jobs/1/{seg}/2/lineitems")
                ),
                "sales_order_line_items.list"
            );
        }
        assert_eq!(
            name(&t, &spec, "DELETE", "/v2/orders/jobs/1"),
            "MethodNotAllowed"
        );
        assert_eq!(name(&t, &spec, "GET", "/v2/orders/nothing"), "NotFound");
        assert_eq!(name(&t, &spec, "POST", "/v2/orders/jobs"), "jobs.create");
    }
}
