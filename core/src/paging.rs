//! A sans-IO pager: it says which page to ask for next and consumes each page.
//!
//! The end of a list is never concluded from a short page alone (a server that clamps the page
//! size would otherwise truncate silently). The pager follows `links.next` when the server gives
//! one, counts records until `total_results` when the server announces one, ends when a server
//! that pages by links sends no `next`, and otherwise asks for the next page until one comes
//! back empty. A page identical to the previous one (a server ignoring `page`) also ends it.
//!
//! A careless or hostile server cannot make a walk loop or repeat itself: every page, link and
//! record seen is remembered (as 64-bit fingerprints), a record already listed is never listed
//! again, and a page seen before (A, B, A…), a link that leads back, or a page of nothing but
//! records already listed stops the walk with a `paging_cycle` error that says what was seen.
//! (The memory is not saved with a position: a walk resumed later remembers from there.)

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use crate::envelope::ListPage;
use crate::error::{Error, Result};
use crate::spec::PagingStyle;

/// Where a list walk stands; save it to resume later (e.g. an interrupted export).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagerPosition {
    /// Next page number to ask for (page-count paging).
    pub page: u64,
    /// Next offset to ask for (limit-offset paging).
    pub offset: u64,
    /// Next-page link to follow instead of computing the page.
    pub next_url: Option<String>,
    /// Records consumed so far.
    pub seen: u64,
    /// Pages consumed so far.
    pub pages: u64,
    /// Total the server announced, if any.
    pub total: Option<u64>,
    /// Whether the walk is over.
    pub done: bool,
    /// Why it ended: `total_reached`, `no_next_link`, `empty_page`, `repeated_page`,
    /// `single_response` or `capped`.
    pub end_reason: Option<String>,
    /// Whether the server cut the list short (a capped list that came back full).
    pub truncated: bool,
}

/// The next page to ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageRequest {
    /// Add these query parameters to the endpoint's request.
    Query(Vec<(String, String)>),
    /// Follow this link (already resolved and checked to be on the API's origin).
    Link(String),
}

/// The pager state machine.
#[derive(Clone, Debug)]
pub struct Pager {
    style: Option<PagingStyle>,
    size: u64,
    list_cap: Option<u64>,
    pos: PagerPosition,
    last_fingerprint: Option<u64>,
    last_link: Option<String>,
    /// Fingerprints of every page consumed, with the page's number (1-based, this walk).
    pages_seen: std::collections::HashMap<u64, u64>,
    /// Identities of every record listed.
    records_seen: HashSet<u64>,
    /// Every link followed.
    links_followed: HashSet<String>,
}

impl Pager {
    /// A pager for a list with `style` (None: one response holds the whole list, up to
    /// `list_cap` records) asking for `size` records a page (None: the style's default).
    pub fn new(
        style: Option<&PagingStyle>,
        list_cap: Option<u64>,
        size: Option<u64>,
    ) -> Result<Pager> {
        let first_page = style.map_or(1, |s| s.first_page);
        Pager::resume(
            style,
            list_cap,
            size,
            PagerPosition {
                page: first_page,
                ..PagerPosition::default()
            },
        )
    }

    /// A pager that continues from a saved position.
    pub fn resume(
        style: Option<&PagingStyle>,
        list_cap: Option<u64>,
        size: Option<u64>,
        position: PagerPosition,
    ) -> Result<Pager> {
        let size = match style {
            Some(s) => {
                let size = size.unwrap_or(s.default_size);
                if size == 0 || size > s.max_size {
                    return Err(Error::invalid_field(
                        &s.size_param,
                        "max",
                        format!(
                            "page size must be between 1 and {} (the server's limit), got {size}",
                            s.max_size
                        ),
                    ));
                }
                size
            }
            None => 0,
        };
        Ok(Pager {
            style: style.cloned(),
            size,
            list_cap,
            pos: position,
            last_fingerprint: None,
            last_link: None,
            pages_seen: Default::default(),
            records_seen: HashSet::new(),
            links_followed: HashSet::new(),
        })
    }

    /// The page size in use (0 for unpaged lists).
    pub fn page_size(&self) -> u64 {
        self.size
    }

    /// Whether the walk is over.
    pub fn is_done(&self) -> bool {
        self.pos.done
    }

    /// The current position (save it to resume).
    pub fn position(&self) -> &PagerPosition {
        &self.pos
    }

    /// What to ask for next, or `None` when the walk is over.
    pub fn next_request(&self) -> Option<PageRequest> {
        if self.pos.done {
            return None;
        }
        if let Some(link) = &self.pos.next_url {
            return Some(PageRequest::Link(link.clone()));
        }
        let Some(style) = &self.style else {
            return Some(PageRequest::Query(Vec::new()));
        };
        let mut query = vec![(style.size_param.clone(), self.size.to_string())];
        match style.kind.as_str() {
            "limit_offset" => {
                let param = style
                    .offset_param
                    .clone()
                    .unwrap_or_else(|| "offset".into());
                query.push((param, self.pos.offset.to_string()));
            }
            _ => {
                let param = style.page_param.clone().unwrap_or_else(|| "page".into());
                query.insert(0, (param, self.pos.page.to_string()));
            }
        }
        Some(PageRequest::Query(query))
    }

    /// Consumes the page just fetched, dropping records already listed from it. `accept_link`
    /// resolves a `links.next` value against the API's base URL and returns `None` for links
    /// that must not be followed (another origin, another endpoint). A cycle is an error.
    pub fn consume(
        &mut self,
        page: &mut ListPage,
        accept_link: impl Fn(&str) -> Option<String>,
    ) -> Result<()> {
        let n = page.items.len() as u64;
        self.pos.pages += 1;
        if let Some(t) = page.total_results {
            self.pos.total = Some(t);
        }
        let requested_link = self.pos.next_url.take();
        if let Some(link) = &requested_link {
            self.links_followed.insert(link.clone());
        }
        let Some(style) = &self.style else {
            self.pos.seen += n;
            self.pos.truncated = self.list_cap.is_some_and(|cap| n >= cap);
            let reason = if self.pos.truncated {
                "capped"
            } else {
                "single_response"
            };
            self.finish(reason);
            return Ok(());
        };
        if n == 0 {
            self.finish("empty_page");
            return Ok(());
        }
        let fingerprint = {
            let mut h = DefaultHasher::new();
            for item in &page.items {
                item.get().hash(&mut h);
            }
            h.finish()
        };
        let number = self.pos.pages;
        if self.last_fingerprint == Some(fingerprint) {
            // A server ignoring the page number: the list ends, its records not listed again.
            page.items.clear();
            self.finish("repeated_page");
            return Ok(());
        }
        if let Some(first) = self.pages_seen.get(&fingerprint) {
            let first = *first;
            page.items.clear();
            self.finish("cycle");
            return Err(cycle(format!(
                "page {number} is page {first} again (the server is going round in a cycle); {} records were listed, none twice",
                self.pos.seen
            )));
        }
        self.pages_seen.insert(fingerprint, number);
        let before = page.items.len();
        let seen = &mut self.records_seen;
        page.items.retain(|item| seen.insert(identity(item.get())));
        let fresh = page.items.len() as u64;
        self.pos.seen += fresh;
        if fresh == 0 {
            self.finish("cycle");
            return Err(cycle(format!(
                "every one of the {before} records of page {number} was already listed; {} records were listed, none twice",
                self.pos.seen
            )));
        }
        self.last_fingerprint = Some(fingerprint);
        self.last_link = requested_link;
        self.pos.page += 1;
        self.pos.offset += n;
        let offered = style
            .next_link
            .as_ref()
            .and(page.links.next.as_deref())
            .filter(|l| !l.trim().is_empty());
        // A link to another origin or endpoint (or back to this page) is not followed; page
        // numbers are.
        let link = offered
            .and_then(&accept_link)
            .filter(|l| Some(l) != self.last_link.as_ref());
        if let Some(l) = &link
            && self.links_followed.contains(l)
        {
            self.finish("cycle");
            return Err(cycle(format!(
                "links.next of page {number} leads back to {l}, already followed; {} records were listed, none twice",
                self.pos.seen
            )));
        }
        match self.pos.total {
            Some(t) if self.pos.seen >= t => {
                self.finish("total_reached");
                return Ok(());
            }
            // The total says more records exist: a short page is not the end.
            Some(_) => {}
            // A server that pages by links marks the last page with no `next`.
            None if style.next_link.is_some() && page.has_links && offered.is_none() => {
                self.finish("no_next_link");
                return Ok(());
            }
            // With neither a total nor links, a short page is not proof of the end: ask again.
            None => {}
        }
        self.pos.next_url = link;
        Ok(())
    }

    fn finish(&mut self, reason: &str) {
        self.pos.done = true;
        self.pos.next_url = None;
        self.pos.end_reason = Some(reason.to_string());
    }
}

/// What makes two listed records the same one: their `id` when they have one, else their text.
fn identity(record: &str) -> u64 {
    let mut h = DefaultHasher::new();
    match serde_json::from_str::<IdOnly>(record) {
        Ok(IdOnly { id: Some(id) }) => {
            "id".hash(&mut h);
            id.get().hash(&mut h);
        }
        _ => record.hash(&mut h),
    }
    h.finish()
}

#[derive(Deserialize)]
struct IdOnly<'a> {
    #[serde(borrow)]
    id: Option<&'a serde_json::value::RawValue>,
}

fn cycle(what: String) -> Error {
    Error::new(crate::error::ErrorKind::Api, "paging_cycle", what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::decode_list;

    fn style() -> PagingStyle {
        crate::spec::ProviderSpec::builtin("syncore")
            .unwrap()
            .paging["pages"]
            .clone()
    }

    fn page(ids: std::ops::Range<u64>, total: Option<u64>, next: Option<&str>) -> ListPage {
        let items: Vec<String> = ids.map(|i| format!("{{\"id\":{i}}}")).collect();
        let mut body = format!("{{\"jobs\":[{}]", items.join(","));
        if let Some(t) = total {
            body.push_str(&format!(",\"total_results\":{t}"));
        }
        if let Some(n) = next {
            body.push_str(&format!(",\"links\":{{\"next\":\"{n}\"}}"));
        }
        body.push('}');
        decode_list(body.as_bytes(), Some("jobs"), &[]).unwrap()
    }

    fn same_origin(link: &str) -> Option<String> {
        link.starts_with('/')
            .then(|| format!("https://api.syncore.app{link}"))
    }

    #[test]
    fn short_page_is_not_the_end_when_total_says_more() {
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        assert_eq!(
            p.next_request(),
            Some(PageRequest::Query(vec![
                ("page".into(), "1".into()),
                ("count".into(), "10".into())
            ]))
        );
        p.consume(&mut page(0..10, Some(23), None), same_origin)
            .unwrap();
        // The server clamped this page to 7 records: not the end.
        p.consume(&mut page(10..17, Some(23), None), same_origin)
            .unwrap();
        assert!(!p.is_done());
        assert_eq!(
            p.next_request(),
            Some(PageRequest::Query(vec![
                ("page".into(), "3".into()),
                ("count".into(), "10".into())
            ]))
        );
        p.consume(&mut page(17..23, Some(23), None), same_origin)
            .unwrap();
        assert!(p.is_done());
        assert_eq!(p.position().end_reason.as_deref(), Some("total_reached"));
        assert_eq!(p.position().seen, 23);
    }

    #[test]
    fn without_total_a_short_page_leads_to_one_more_request() {
        let mut p = Pager::new(Some(&style()), None, Some(5)).unwrap();
        p.consume(&mut page(0..3, None, None), same_origin).unwrap();
        assert!(!p.is_done());
        p.consume(&mut page(0..0, None, None), same_origin).unwrap();
        assert_eq!(p.position().end_reason.as_deref(), Some("empty_page"));
    }

    #[test]
    fn follows_links_on_the_same_origin_only() {
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        p.consume(
            &mut page(0..10, None, Some("/v2/orders/jobs?page=2&count=10")),
            same_origin,
        )
        .unwrap();
        assert_eq!(
            p.next_request(),
            Some(PageRequest::Link(
                "https://api.syncore.app/v2/orders/jobs?page=2&count=10".into()
            ))
        );
        p.consume(
            &mut page(10..20, None, Some("https://evil.example/steal")),
            same_origin,
        )
        .unwrap();
        assert_eq!(
            p.next_request(),
            Some(PageRequest::Query(vec![
                ("page".into(), "3".into()),
                ("count".into(), "10".into())
            ]))
        );
    }

    #[test]
    fn a_link_server_ends_with_no_next_link() {
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        p.consume(
            &mut page(0..10, None, Some("/v2/orders/jobs?page=2")),
            same_origin,
        )
        .unwrap();
        let mut last = decode_list(
            br#"{"jobs":[{"id":99}],"links":{"self":"/v2/orders/jobs?page=2","next":null}}"#,
            Some("jobs"),
            &[],
        )
        .unwrap();
        p.consume(&mut last, same_origin).unwrap();
        assert_eq!(p.position().end_reason.as_deref(), Some("no_next_link"));
        assert_eq!(p.next_request(), None);
    }

    #[test]
    fn a_repeated_page_ends_the_walk() {
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        p.consume(&mut page(0..10, None, None), same_origin)
            .unwrap();
        p.consume(&mut page(0..10, None, None), same_origin)
            .unwrap();
        assert_eq!(p.position().end_reason.as_deref(), Some("repeated_page"));
        assert_eq!(p.position().seen, 10);
    }

    #[test]
    fn a_cycle_of_pages_stops_with_a_typed_error_and_no_record_twice() {
        // A server ignoring `page` and alternating two pages, with a total that never comes.
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        let mut a = page(0..10, Some(1_000_000_000), None);
        p.consume(&mut a, same_origin).unwrap();
        let mut b = page(10..20, Some(1_000_000_000), None);
        p.consume(&mut b, same_origin).unwrap();
        let mut again = page(0..10, Some(1_000_000_000), None);
        let err = p.consume(&mut again, same_origin).unwrap_err();
        assert_eq!(
            (err.kind, err.code.as_str()),
            (crate::ErrorKind::Api, "paging_cycle")
        );
        assert!(
            err.message.contains("page 3 is page 1 again"),
            "{}",
            err.message
        );
        assert!(again.items.is_empty(), "its records are not listed again");
        assert!(p.is_done());
        assert_eq!(p.next_request(), None);
        assert_eq!(p.position().seen, 20);
    }

    #[test]
    fn overlapping_pages_never_list_a_record_twice() {
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        p.consume(&mut page(0..10, None, None), same_origin)
            .unwrap();
        let mut shifted = page(5..15, None, None);
        p.consume(&mut shifted, same_origin).unwrap();
        assert_eq!(shifted.items.len(), 5, "only the five new records");
        assert_eq!(p.position().seen, 15);
        // A page of nothing new (in another order, so not the same page) is a cycle.
        let mut stale: ListPage = page(0..10, None, None);
        stale.items.reverse();
        assert_eq!(
            p.consume(&mut stale, same_origin).unwrap_err().code,
            "paging_cycle"
        );
    }

    #[test]
    fn a_link_leading_back_is_a_cycle() {
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        p.consume(
            &mut page(0..10, None, Some("/v2/orders/jobs?cursor=b")),
            same_origin,
        )
        .unwrap();
        p.consume(
            &mut page(10..20, None, Some("/v2/orders/jobs?cursor=c")),
            same_origin,
        )
        .unwrap();
        let err = p
            .consume(
                &mut page(20..30, None, Some("/v2/orders/jobs?cursor=b")),
                same_origin,
            )
            .unwrap_err();
        assert!(err.message.contains("cursor=b"), "{}", err.message);
    }

    #[test]
    fn resume_and_size_limits() {
        assert!(Pager::new(Some(&style()), None, Some(11)).is_err());
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        p.consume(&mut page(0..10, Some(30), None), same_origin)
            .unwrap();
        let saved = p.position().clone();
        let q = Pager::resume(Some(&style()), None, None, saved).unwrap();
        assert_eq!(
            q.next_request(),
            Some(PageRequest::Query(vec![
                ("page".into(), "2".into()),
                ("count".into(), "10".into())
            ]))
        );
    }

    #[test]
    fn capped_lists_report_truncation() {
        let mut p = Pager::new(None, Some(3), None).unwrap();
        assert_eq!(p.next_request(), Some(PageRequest::Query(vec![])));
        p.consume(&mut page(0..3, None, None), same_origin).unwrap();
        assert!(p.position().truncated);
        let mut q = Pager::new(None, Some(3), None).unwrap();
        q.consume(&mut page(0..2, None, None), same_origin).unwrap();
        assert!(!q.position().truncated && q.is_done());
    }
}
