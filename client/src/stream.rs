//! Lists as lazy streams: one request per page, fetched when the caller needs more records.

use std::collections::VecDeque;
use std::marker::PhantomData;

use pacer_sdk_core::envelope::ListPage;
use pacer_sdk_core::paging::PagerPosition;
use pacer_sdk_core::{Error, ListWalk};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::client::Client;

/// The pages of a list, fetched one at a time.
pub struct PageStream {
    client: Client,
    walk: ListWalk,
    failed: bool,
}

impl std::fmt::Debug for PageStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageStream")
            .field("endpoint", &self.walk.endpoint())
            .field("position", self.walk.position())
            .finish()
    }
}

impl PageStream {
    pub(crate) fn new(client: Client, walk: ListWalk) -> PageStream {
        PageStream {
            client,
            walk,
            failed: false,
        }
    }

    /// The next page, or `None` when the list is complete (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<ListPage, Error>> {
        if self.failed {
            return None;
        }
        let call = self.walk.next_call(self.client.api(), self.client.now())?;
        let result = match self.client.run(call).await {
            Ok(response) => self.walk.consume(self.client.api(), &response),
            Err(e) => Err(e),
        };
        self.failed = result.is_err();
        Some(result)
    }

    /// The endpoint being listed.
    pub fn endpoint(&self) -> &str {
        self.walk.endpoint()
    }

    /// Where the walk stands; save it to resume with `Client::pages_from`.
    pub fn position(&self) -> &PagerPosition {
        self.walk.position()
    }

    /// Whether every page has been read.
    pub fn is_done(&self) -> bool {
        self.walk.is_done()
    }

    /// The records of every page, decoded as `T`.
    pub fn records<T: DeserializeOwned>(self) -> RecordStream<T> {
        RecordStream {
            pages: self,
            buffer: VecDeque::new(),
            _t: PhantomData,
        }
    }
}

/// The records of a list, decoded one by one across pages.
pub struct RecordStream<T> {
    pages: PageStream,
    buffer: VecDeque<Box<RawValue>>,
    _t: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for RecordStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordStream")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<T: DeserializeOwned> RecordStream<T> {
    /// The next record, or `None` at the end of the list.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        loop {
            if let Some(raw) = self.buffer.pop_front() {
                return Some(
                    pacer_sdk_core::models::decode(raw.get().as_bytes()).map_err(|e| {
                        pacer_sdk_core::models::decode_error(
                            self.pages.endpoint(),
                            raw.get().as_bytes(),
                            &e,
                        )
                    }),
                );
            }
            match self.pages.next_page().await? {
                Ok(page) => self.buffer.extend(page.items),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Reads the whole list into memory (for small lists; prefer `next` for large ones).
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }

    /// The underlying page walk (its position, whether it is done).
    pub fn pages(&self) -> &PageStream {
        &self.pages
    }

    /// As a `futures::Stream`.
    pub fn into_stream(self) -> impl futures::Stream<Item = Result<T, Error>> {
        futures::stream::unfold(
            self,
            |mut s| async move { s.next().await.map(|item| (item, s)) },
        )
    }
}
