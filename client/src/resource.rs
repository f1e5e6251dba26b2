//! A resource of a provider (jobs, the sales orders of one job…): list, search, get, create,
//! update, driven by the spec's endpoints named `<resource>.<action>`.

use std::marker::PhantomData;

use pacer_sdk_core::Error;
use pacer_sdk_core::api::Args;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::pump::block_on;
use crate::stream::RecordStream;
use crate::writes::Written;

/// Query parameters as JSON (`{"date_from": "2026-01-01", …}`).
pub type Query = Map<String, Value>;

fn to_object(what: &str, value: &impl Serialize) -> Result<Map<String, Value>, Error> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => Ok(map.into_iter().filter(|(_, v)| !v.is_null()).collect()),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(other) => Err(Error::invalid_field(
            what,
            "type",
            format!("{what} must be an object, got {other}"),
        )),
        Err(e) => Err(Error::invalid_field(
            what,
            "type",
            format!("{what} cannot be serialized: {e}"),
        )),
    }
}

fn to_body(value: &impl Serialize) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| {
        Error::invalid_field(
            "body",
            "type",
            format!("the body cannot be serialized: {e}"),
        )
    })
}

/// One resource, async.
pub struct AsyncResource<T> {
    client: Client,
    name: &'static str,
    parent: Map<String, Value>,
    _t: PhantomData<fn() -> T>,
}

impl<T> Clone for AsyncResource<T> {
    fn clone(&self) -> Self {
        AsyncResource {
            client: self.client.clone(),
            name: self.name,
            parent: self.parent.clone(),
            _t: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for AsyncResource<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncResource")
            .field("name", &self.name)
            .field("parent", &self.parent)
            .finish()
    }
}

impl<T: DeserializeOwned> AsyncResource<T> {
    /// The resource `name` of `client`'s provider under the `parent` path parameters.
    pub fn new(client: Client, name: &'static str, parent: Vec<(&str, Value)>) -> Self {
        let parent = parent
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        AsyncResource {
            client,
            name,
            parent,
            _t: PhantomData,
        }
    }

    /// The spec name of this resource's `action` endpoint.
    fn endpoint(&self, action: &str) -> String {
        format!("{}.{action}", self.name)
    }

    /// The path parameter naming one record (the `get`/`update` path's last placeholder).
    fn id_param(&self, action: &str) -> Result<String, Error> {
        let spec = self.client.api().spec();
        let ep = spec.endpoint(&self.endpoint(action))?;
        ep.placeholders()
            .into_iter()
            .rev()
            .find(|p| !spec.settings.contains_key(*p) && !self.parent.contains_key(*p))
            .map(str::to_string)
            .ok_or_else(|| {
                Error::config(
                    "invalid_spec",
                    format!("{} has no record id in its path", ep.name),
                )
            })
    }

    fn args(&self, extra_path: Option<(String, Value)>) -> Args {
        let mut args = Args {
            path: self.parent.clone(),
            ..Args::default()
        };
        if let Some((k, v)) = extra_path {
            args.path.insert(k, v);
        }
        args
    }

    /// Every record of the list (lazily, page by page).
    pub fn list(&self) -> Result<RecordStream<T>, Error> {
        Ok(self
            .client
            .pages(&self.endpoint("list"), self.args(None))?
            .records())
    }

    /// Every record of the list with query parameters.
    pub fn list_with(&self, query: &impl Serialize) -> Result<RecordStream<T>, Error> {
        let mut args = self.args(None);
        args.query = to_object("query", query)?;
        Ok(self.client.pages(&self.endpoint("list"), args)?.records())
    }

    /// Every record matching a search (lazily, page by page).
    pub fn search(&self, query: &impl Serialize) -> Result<RecordStream<T>, Error> {
        let mut args = self.args(None);
        args.query = to_object("query", query)?;
        Ok(self.client.pages(&self.endpoint("search"), args)?.records())
    }

    /// One record by id.
    pub async fn get(&self, id: impl Into<Value>) -> Result<T, Error> {
        let args = self.args(Some((self.id_param("get")?, id.into())));
        let response = self.client.call(&self.endpoint("get"), args).await?;
        pacer_sdk_core::models::decode(&response.body).map_err(|e| {
            pacer_sdk_core::models::decode_error(&self.endpoint("get"), &response.body, &e)
        })
    }

    /// Creates a record (journaled; an unknown outcome is reconciled, never repeated blindly).
    pub async fn create(&self, body: &impl Serialize) -> Result<Written, Error> {
        let mut args = self.args(None);
        args.body = Some(to_body(body)?);
        self.client.write(&self.endpoint("create"), args).await
    }

    /// Replaces a record (PUT: send the whole record; a partial body may silently change nothing).
    pub async fn update(
        &self,
        id: impl Into<Value>,
        body: &impl Serialize,
    ) -> Result<Written, Error> {
        let mut args = self.args(Some((self.id_param("update")?, id.into())));
        args.body = Some(to_body(body)?);
        self.client.write(&self.endpoint("update"), args).await
    }

    /// The single record of a resource without ids (Synq's tenant settings).
    pub async fn fetch(&self) -> Result<T, Error> {
        let response = self
            .client
            .call(&self.endpoint("get"), self.args(None))
            .await?;
        decode_record(self.name, &response.body)
    }

    /// Replaces the single record of a resource without ids.
    pub async fn replace(&self, body: &impl Serialize) -> Result<Written, Error> {
        let mut args = self.args(None);
        args.body = Some(to_body(body)?);
        self.client.write(&self.endpoint("update"), args).await
    }

    /// Deletes a record (Synq products).
    pub async fn delete(&self, id: impl Into<Value>) -> Result<Written, Error> {
        let args = self.args(Some((self.id_param("delete")?, id.into())));
        self.client.write(&self.endpoint("delete"), args).await
    }

    /// Archives a record (Salync products and variants archive rather than delete).
    pub async fn archive(&self, id: impl Into<Value>) -> Result<T, Error> {
        let args = self.args(Some((self.id_param("archive")?, id.into())));
        let written = self.client.write(&self.endpoint("archive"), args).await?;
        decode_record(self.name, &written.response.body)
    }

    /// Looks a record up by SKU (Salync products).
    pub async fn by_sku(&self, sku: &str) -> Result<T, Error> {
        let args = self.args(Some((self.id_param("by_sku")?, Value::from(sku))));
        let response = self.client.call(&self.endpoint("by_sku"), args).await?;
        decode_record(self.name, &response.body)
    }

    /// Any other action of the resource (`inventory.adjust`, `members.invite`…): `id` fills the
    /// record placeholder when the path has one; the answer is the server's JSON.
    pub async fn action(
        &self,
        action: &str,
        id: Option<Value>,
        body: Option<Value>,
    ) -> Result<Value, Error> {
        let endpoint = self.endpoint(action);
        let extra = match id {
            Some(id) => Some((self.id_param(action)?, id)),
            None => None,
        };
        let mut args = self.args(extra);
        args.body = body;
        let is_read = self.client.api().spec().endpoint(&endpoint)?.method == "GET";
        let body = if is_read {
            self.client.call(&endpoint, args).await?.body
        } else {
            self.client.write(&endpoint, args).await?.response.body
        };
        if body.is_empty() {
            return Ok(Value::Null);
        }
        // Never a silent null for an answer that does not parse (too deep, a number out of
        // range): the caller learns which endpoint sent what.
        serde_json::from_slice(&body)
            .map_err(|e| pacer_sdk_core::models::decode_error(&endpoint, &body, &e))
    }
}

fn decode_record<T: DeserializeOwned>(name: &str, body: &[u8]) -> Result<T, Error> {
    pacer_sdk_core::models::decode(body)
        .map_err(|e| pacer_sdk_core::models::decode_error(name, body, &e))
}

/// One resource, blocking: each call runs on the caller's thread (the blocking pump).
pub struct Resource<T> {
    pub(crate) inner: AsyncResource<T>,
}

impl<T> std::fmt::Debug for Resource<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

/// The records of a list as a blocking iterator; each page is fetched when needed.
pub struct Records<T> {
    stream: RecordStream<T>,
}

impl<T> std::fmt::Debug for Records<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.stream.fmt(f)
    }
}

impl<T: DeserializeOwned> Records<T> {
    pub(crate) fn new(stream: RecordStream<T>) -> Self {
        Records { stream }
    }

    /// Where the walk stands.
    pub fn position(&self) -> &pacer_sdk_core::paging::PagerPosition {
        self.stream.pages().position()
    }
}

impl<T: DeserializeOwned> Iterator for Records<T> {
    type Item = Result<T, Error>;
    fn next(&mut self) -> Option<Self::Item> {
        block_on(self.stream.next())
    }
}

impl<T: DeserializeOwned> Resource<T> {
    /// Every record of the list.
    pub fn list(&self) -> Result<Records<T>, Error> {
        Ok(Records::new(self.inner.list()?))
    }

    /// Every record of the list with query parameters.
    pub fn list_with(&self, query: &impl Serialize) -> Result<Records<T>, Error> {
        Ok(Records::new(self.inner.list_with(query)?))
    }

    /// Every record matching a search.
    pub fn search(&self, query: &impl Serialize) -> Result<Records<T>, Error> {
        Ok(Records::new(self.inner.search(query)?))
    }

    /// One record by id.
    pub fn get(&self, id: impl Into<Value>) -> Result<T, Error> {
        block_on(self.inner.get(id))
    }

    /// Creates a record (journaled; never duplicated).
    pub fn create(&self, body: &impl Serialize) -> Result<Written, Error> {
        block_on(self.inner.create(body))
    }

    /// Replaces a record.
    pub fn update(&self, id: impl Into<Value>, body: &impl Serialize) -> Result<Written, Error> {
        block_on(self.inner.update(id, body))
    }

    /// The single record of a resource without ids.
    pub fn fetch(&self) -> Result<T, Error> {
        block_on(self.inner.fetch())
    }

    /// Replaces the single record of a resource without ids.
    pub fn replace(&self, body: &impl Serialize) -> Result<Written, Error> {
        block_on(self.inner.replace(body))
    }

    /// Deletes a record.
    pub fn delete(&self, id: impl Into<Value>) -> Result<Written, Error> {
        block_on(self.inner.delete(id))
    }

    /// Archives a record.
    pub fn archive(&self, id: impl Into<Value>) -> Result<T, Error> {
        block_on(self.inner.archive(id))
    }

    /// Looks a record up by SKU.
    pub fn by_sku(&self, sku: &str) -> Result<T, Error> {
        block_on(self.inner.by_sku(sku))
    }

    /// Any other action of the resource.
    pub fn action(
        &self,
        action: &str,
        id: Option<Value>,
        body: Option<Value>,
    ) -> Result<Value, Error> {
        block_on(self.inner.action(action, id, body))
    }
}
