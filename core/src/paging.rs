//! A sans-IO pager: it says which page to ask for next and consumes each page.
//!
//! The end of a list is never concluded from a short page alone (a server that clamps the page
//! size would otherwise truncate silently). The pager follows `links.next` when the server gives
//! one, counts records until `total_results` when the server announces one, ends when a server
//! that pages by links sends no `next`, and otherwise asks for the next page until one comes
//! back empty. A page identical to the previous one (a server ignoring `page`) also ends it.

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

    /// Consumes the page just fetched. `accept_link` resolves a `links.next` value against the
    /// API's base URL and returns `None` for links that must not be followed (another origin).
    pub fn consume(&mut self, page: &ListPage, accept_link: impl Fn(&str) -> Option<String>) {
        let n = page.items.len() as u64;
        self.pos.pages += 1;
        self.pos.seen += n;
        if let Some(t) = page.total_results {
            self.pos.total = Some(t);
        }
        let requested_link = self.pos.next_url.take();
        let Some(style) = &self.style else {
            self.pos.truncated = self.list_cap.is_some_and(|cap| n >= cap);
            let reason = if self.pos.truncated {
                "capped"
            } else {
                "single_response"
            };
            return self.finish(reason);
        };
        if n == 0 {
            return self.finish("empty_page");
        }
        let fingerprint = {
            let mut h = DefaultHasher::new();
            for item in &page.items {
                item.get().hash(&mut h);
            }
            h.finish()
        };
        if self.last_fingerprint == Some(fingerprint) {
            self.pos.seen -= n;
            return self.finish("repeated_page");
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
        // A link to another origin (or back to this page) is not followed; page numbers are.
        let link = offered
            .and_then(&accept_link)
            .filter(|l| Some(l) != self.last_link.as_ref());
        match self.pos.total {
            Some(t) if self.pos.seen >= t => return self.finish("total_reached"),
            // The total says more records exist: a short page is not the end.
            Some(_) => {}
            // A server that pages by links marks the last page with no `next`.
            None if style.next_link.is_some() && page.has_links && offered.is_none() => {
                return self.finish("no_next_link");
            }
            // With neither a total nor links, a short page is not proof of the end: ask again.
            None => {}
        }
        self.pos.next_url = link;
    }

    fn finish(&mut self, reason: &str) {
        self.pos.done = true;
        self.pos.next_url = None;
        self.pos.end_reason = Some(reason.to_string());
    }
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
        p.consume(&page(0..10, Some(23), None), same_origin);
        // The server clamped this page to 7 records: not the end.
        p.consume(&page(10..17, Some(23), None), same_origin);
        assert!(!p.is_done());
        assert_eq!(
            p.next_request(),
            Some(PageRequest::Query(vec![
                ("page".into(), "3".into()),
                ("count".into(), "10".into())
            ]))
        );
        p.consume(&page(17..23, Some(23), None), same_origin);
        assert!(p.is_done());
        assert_eq!(p.position().end_reason.as_deref(), Some("total_reached"));
        assert_eq!(p.position().seen, 23);
    }

    #[test]
    fn without_total_a_short_page_leads_to_one_more_request() {
        let mut p = Pager::new(Some(&style()), None, Some(5)).unwrap();
        p.consume(&page(0..3, None, None), same_origin);
        assert!(!p.is_done());
        p.consume(&page(0..0, None, None), same_origin);
        assert_eq!(p.position().end_reason.as_deref(), Some("empty_page"));
    }

    #[test]
    fn follows_links_on_the_same_origin_only() {
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        p.consume(
            &page(0..10, None, Some("/v2/orders/jobs?page=2&count=10")),
            same_origin,
        );
        assert_eq!(
            p.next_request(),
            Some(PageRequest::Link(
                "https://api.syncore.app/v2/orders/jobs?page=2&count=10".into()
            ))
        );
        p.consume(
            &page(10..20, None, Some("https://evil.example/steal")),
            same_origin,
        );
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
            &page(0..10, None, Some("/v2/orders/jobs?page=2")),
            same_origin,
        );
        let last = decode_list(
            br#"{"jobs":[{"id":99}],"links":{"self":"/v2/orders/jobs?page=2","next":null}}"#,
            Some("jobs"),
            &[],
        )
        .unwrap();
        p.consume(&last, same_origin);
        assert_eq!(p.position().end_reason.as_deref(), Some("no_next_link"));
        assert_eq!(p.next_request(), None);
    }

    #[test]
    fn a_repeated_page_ends_the_walk() {
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        p.consume(&page(0..10, None, None), same_origin);
        p.consume(&page(0..10, None, None), same_origin);
        assert_eq!(p.position().end_reason.as_deref(), Some("repeated_page"));
        assert_eq!(p.position().seen, 10);
    }

    #[test]
    fn resume_and_size_limits() {
        assert!(Pager::new(Some(&style()), None, Some(11)).is_err());
        let mut p = Pager::new(Some(&style()), None, None).unwrap();
        p.consume(&page(0..10, Some(30), None), same_origin);
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
        p.consume(&page(0..3, None, None), same_origin);
        assert!(p.position().truncated);
        let mut q = Pager::new(None, Some(3), None).unwrap();
        q.consume(&page(0..2, None, None), same_origin);
        assert!(!q.position().truncated && q.is_done());
    }
}
