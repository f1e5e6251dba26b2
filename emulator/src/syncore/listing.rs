//! Lists: query parameters, date-range filters, and the paged envelope
//! `{<key>: [...], total_results, links: {prev, self, next}}` with absolute links that carry
//! every original parameter.

use chrono::{NaiveDateTime, NaiveTime};
use pacer_sdk_core::spec::EndpointSpec;
use pacer_sdk_core::validate::formats::{date_of, parse_date};
use serde_json::{Value, json};

use crate::query::Query;
use crate::reply::Reply;
use crate::syncore::api::Ctx;
use crate::syncore::shape::Problems;
use crate::syncore::values::when_of;
use crate::zone::DayZone;

/// Checks the endpoint's declared parameters: required ones and value formats.
pub fn check_params(ep: &EndpointSpec, q: &Query) -> Problems {
    let mut problems = Problems::default();
    for p in &ep.params {
        let Some(v) = q.get(&p.name) else {
            if p.required {
                problems.add(&p.name, format!("{} is required", p.name));
            }
            continue;
        };
        let ok = match p.ty.as_str() {
            "date" => parse_date(v).is_some(),
            "date_or_datetime" | "datetime" => date_of(v).is_some(),
            "id" | "integer" => v.parse::<i64>().is_ok(),
            _ => true,
        };
        if !ok {
            let wanted = match p.ty.as_str() {
                "date" => "a date in the format YYYY-MM-DD",
                "id" | "integer" => "an integer",
                _ => "a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SS)",
            };
            problems.add(
                &p.name,
                format!(
                    "The value '{v}' is not valid for {}: expected {wanted}.",
                    p.name
                ),
            );
        }
    }
    problems
}

/// A date-range filter on one field: `x_from`/`x_to` filter field `x`.
#[derive(Clone, Debug)]
pub struct Range {
    /// The filtered field, e.g. `last_modified_date`.
    pub field: String,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
}

impl Range {
    /// Whether `value` lies in the range; a missing value never does.
    pub fn contains(&self, value: Option<NaiveDateTime>) -> bool {
        let Some(v) = value else { return false };
        self.from.is_none_or(|f| v >= f) && self.to.is_none_or(|t| v <= t)
    }
}

/// The date ranges of `ep` that the query uses. A date-only `to` covers its whole day.
pub fn ranges(ep: &EndpointSpec, q: &Query, zone: &DayZone) -> Vec<Range> {
    let bound = |name: &str, end: bool| {
        let text = q.get(name)?;
        match parse_date(text) {
            Some(d) if end => Some(d.and_time(NaiveTime::from_hms_milli_opt(23, 59, 59, 999)?)),
            Some(d) => d.and_hms_opt(0, 0, 0),
            None => when_of(text, zone),
        }
    };
    ep.date_ranges
        .iter()
        .filter_map(|[from, to]| {
            let (f, t) = (bound(from, false), bound(to, true));
            if f.is_none() && t.is_none() {
                return None;
            }
            let field = from.strip_suffix("_from").unwrap_or(from).to_string();
            Some(Range {
                field,
                from: f,
                to: t,
            })
        })
        .collect()
}

fn link(ctx: &Ctx, query: &str) -> String {
    if query.is_empty() {
        format!("{}{}", ctx.base_url, ctx.path)
    } else {
        format!("{}{}?{}", ctx.base_url, ctx.path, query)
    }
}

/// The list envelope of `items`, paged when the endpoint pages (honouring a clamp fault).
pub fn paged<T>(ctx: &Ctx, items: &[T], mut render: impl FnMut(&T) -> Option<Value>) -> Reply {
    let key = ctx
        .ep
        .envelope
        .clone()
        .unwrap_or_else(|| ctx.ep.resource().replace('_', ""));
    let total = items.len() as u64;
    let style = ctx
        .ep
        .paging
        .as_ref()
        .and_then(|name| ctx.spec.paging.get(name));
    let Some(style) = style else {
        let records: Vec<Value> = items.iter().filter_map(&mut render).collect();
        return Reply::ok(json!({
            key: records,
            "total_results": total,
            "links": {"prev": null, "self": link(ctx, &ctx.query.encoded()), "next": null},
        }));
    };
    let page_param = style.page_param.as_deref().unwrap_or("page");
    let size_param = style.size_param.as_str();
    let first = style.first_page;
    let page = match ctx.query.get(page_param) {
        None => first,
        Some(t) => match t.parse::<u64>() {
            Ok(p) if p >= first => p,
            _ => {
                return Reply::message(
                    400,
                    &format!("{page_param} must be an integer of at least {first}"),
                );
            }
        },
    };
    let size = match ctx.query.get(size_param) {
        None => style.default_size,
        Some(t) => match t.parse::<u64>() {
            Ok(n) if (1..=style.max_size).contains(&n) => n,
            _ => {
                return Reply::message(
                    400,
                    &format!("{size_param} must be between 1 and {}", style.max_size),
                );
            }
        },
    };
    // A clamp fault shrinks the real page size silently; links keep the size that was asked.
    let effective = ctx.clamp.map_or(size, |c| size.min(u64::from(c)));
    let index = page - first;
    let start = index.saturating_mul(effective);
    let records: Vec<Value> = items
        .iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(effective as usize)
        .filter_map(&mut render)
        .collect();
    let at = |p: u64| {
        link(
            ctx,
            &ctx.query
                .with(&[(page_param, p.to_string()), (size_param, size.to_string())]),
        )
    };
    let prev = (index > 0).then(|| at(page - 1));
    let next = (start + effective < total).then(|| at(page + 1));
    Reply::ok(json!({
        key: records,
        "total_results": total,
        "links": {"prev": prev, "self": at(page), "next": next},
    }))
}
