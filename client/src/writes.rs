//! Writes are never duplicated (DESIGN §6). The intent is journaled before sending; when the
//! outcome is unknown (a timeout or a connection lost after sending, or a 5xx), the parent
//! collection is listed and the record looked for before anything is sent again.

use pacer_sdk_core::api::Args;
use pacer_sdk_core::models::{LooseId, WriteResult};
use pacer_sdk_core::reconcile::{Match, find_created, lookup_args};
use pacer_sdk_core::spec::EndpointSpec;
use pacer_sdk_core::{Error, ErrorKind, Response};
use serde::Serialize;
use serde_json::{Value, json};

use crate::client::Client;
use crate::events::Event;
use crate::journal::{JournalEntry, WriteState};

/// How many times a create is sent again after a lookup proved it had not happened.
const MAX_RESENDS: u32 = 3;

/// The outcome of a create or update.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Written {
    /// Id of the created or updated record.
    pub id: Option<LooseId>,
    /// Its location URL, when the server gave one.
    pub location: Option<String>,
    /// True when the outcome was unknown and the record was found by a lookup.
    pub reconciled: bool,
    /// The journal entry of this write.
    pub journal_id: String,
    /// The server's response (a synthesized 200 when reconciled).
    #[serde(skip)]
    pub response: Response,
}

impl Written {
    /// The server's answer as JSON (`Null` when it sent no body).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.response.body).unwrap_or(serde_json::Value::Null)
    }

    /// The server's answer decoded as a record (what a create or update returned).
    pub fn record<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        pacer_sdk_core::models::decode(&self.response.body).map_err(|e| {
            Error::new(
                pacer_sdk_core::ErrorKind::Api,
                "decode_failed",
                format!("cannot decode the written record: {e}"),
            )
        })
    }
}

/// A random (version 4) UUID.
pub fn uuid_v4() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn new_journal_id() -> String {
    format!("w-{:016x}", rand::random::<u64>())
}

/// The scope in which created records are compared: endpoint plus parent path arguments.
fn scope_of(provider: &str, ep: &EndpointSpec, args: &Args) -> String {
    let parents: Vec<String> = args
        .path
        .iter()
        .map(|(k, v)| format!("{k}={}", v.to_string().trim_matches('"')))
        .collect();
    format!("{provider}:{}:{}", ep.name, parents.join(","))
}

impl Client {
    /// Sends a create or update through the journal (see the module documentation).
    pub async fn write(&self, endpoint: &str, mut args: Args) -> Result<Written, Error> {
        let api = self.api();
        let ep = api.spec().endpoint(endpoint)?.clone();
        if let (Some(field), Some(serde_json::Value::Object(body))) =
            (&ep.idempotency_key, args.body.as_mut())
            && body.get(field).is_none_or(serde_json::Value::is_null)
        {
            // One key per logical create, journaled with it: every retry sends the same key, so
            // the server can never apply it twice.
            body.insert(field.clone(), serde_json::Value::String(uuid_v4()));
        }
        // Bad input is refused before anything is journaled, reserved or sent.
        api.validate(endpoint, &args, self.now())?;
        let now = self.now();
        let mut entry = JournalEntry {
            id: new_journal_id(),
            provider: api.spec().name.clone(),
            endpoint: ep.name.clone(),
            scope: scope_of(&api.spec().name, &ep, &args),
            args: json!({"path": args.path, "query": args.query, "body": args.body}),
            state: WriteState::Pending,
            attempts: 0,
            result_id: None,
            note: None,
            created_at: now,
            updated_at: now,
        };
        let stored = entry.clone();
        self.journal_do(move |j| j.insert(&stored)).await?;
        let mut resent = false;
        loop {
            let call = api.prepare(endpoint, &args, self.now())?;
            entry.attempts += 1;
            let outcome = self.run(call).await;
            match outcome {
                Ok(response) => {
                    let result =
                        WriteResult::from_response(&response.body, response.header("location"));
                    entry.result_id = result.id.as_ref().map(ToString::to_string);
                    self.settle(&mut entry, WriteState::Done, None).await?;
                    return Ok(Written {
                        id: result.id,
                        location: result.location,
                        reconciled: false,
                        journal_id: entry.id.clone(),
                        response,
                    });
                }
                Err(e) if e.code == "write_outcome_unknown" && ep.reconcile_with.is_some() => {
                    self.settle(&mut entry, WriteState::Unknown, Some(e.message.clone()))
                        .await?;
                    match self.look_up(&ep, &args, &entry).await {
                        Ok(Match::Found { id, .. }) => {
                            entry.result_id = Some(id.clone());
                            self.settle(
                                &mut entry,
                                WriteState::Reconciled,
                                Some("found by lookup after an unknown outcome".into()),
                            )
                            .await?;
                            self.emit(Event::Reconciled {
                                endpoint: ep.name.clone(),
                                journal_id: entry.id.clone(),
                                record_id: Some(id.clone()),
                                resent,
                            });
                            return Ok(reconciled_result(id, &entry));
                        }
                        Ok(Match::NotFound) if entry.attempts <= MAX_RESENDS => {
                            // Proven absent: sending again cannot duplicate.
                            resent = true;
                            self.settle(
                                &mut entry,
                                WriteState::Pending,
                                Some("not found after an unknown outcome; sent again".into()),
                            )
                            .await?;
                            continue;
                        }
                        Ok(Match::NotFound) => {
                            self.settle(
                                &mut entry,
                                WriteState::NotApplied,
                                Some("never applied; gave up resending".into()),
                            )
                            .await?;
                            return Err(e);
                        }
                        Err(lookup) => {
                            let note = format!(
                                "outcome unknown and the lookup failed ({lookup}); run reconcile_pending()"
                            );
                            self.settle(&mut entry, WriteState::Unknown, Some(note.clone()))
                                .await?;
                            let mut err = e;
                            err.message =
                                format!("{} — journal entry {}: {note}", err.message, entry.id);
                            return Err(err);
                        }
                    }
                }
                Err(e) => {
                    let state = match e.kind {
                        ErrorKind::Api => WriteState::Failed,
                        ErrorKind::Transport
                            if e.code.contains("outcome_unknown")
                                || e.code == "transport_failed" =>
                        {
                            WriteState::Unknown
                        }
                        // Quota, validation, config and refused connections: nothing reached the server.
                        _ => WriteState::NotApplied,
                    };
                    self.settle(&mut entry, state, Some(e.message.clone()))
                        .await?;
                    return Err(e);
                }
            }
        }
    }

    /// Settles writes whose outcome is unknown (e.g. after a crash or a failed lookup). A
    /// write found by lookup becomes `reconciled`; one proven absent becomes `not_applied`, or
    /// is sent again when `resend` is true. Returns the entries as they now stand.
    pub async fn reconcile_pending(&self, resend: bool) -> Result<Vec<JournalEntry>, Error> {
        let open = self.pending_writes()?;
        let mut out = Vec::new();
        for mut entry in open {
            let ep = match self.api().spec().endpoint(&entry.endpoint) {
                Ok(ep) => ep.clone(),
                Err(_) => continue,
            };
            let args = args_of(&entry.args);
            if ep.method != "POST" {
                // Updates replace the record: sending the same body again is safe.
                let written = if resend {
                    self.write(&ep.name, args).await.ok()
                } else {
                    None
                };
                let state = if written.is_some() {
                    WriteState::Done
                } else {
                    WriteState::Unknown
                };
                self.settle(
                    &mut entry,
                    state,
                    Some("update outcome settled by sending it again".into()),
                )
                .await?;
                out.push(entry);
                continue;
            }
            match self.look_up(&ep, &args, &entry).await? {
                Match::Found { id, .. } => {
                    entry.result_id = Some(id);
                    self.settle(
                        &mut entry,
                        WriteState::Reconciled,
                        Some("found by lookup".into()),
                    )
                    .await?;
                }
                Match::NotFound if resend => {
                    let written = self.write(&ep.name, args).await?;
                    entry.result_id = written.id.map(|i| i.to_string());
                    self.settle(
                        &mut entry,
                        WriteState::NotApplied,
                        Some(format!(
                            "never applied; sent again as {}",
                            written.journal_id
                        )),
                    )
                    .await?;
                }
                Match::NotFound => {
                    self.settle(
                        &mut entry,
                        WriteState::NotApplied,
                        Some("never applied (lookup found nothing)".into()),
                    )
                    .await?;
                }
            }
            out.push(entry);
        }
        Ok(out)
    }

    async fn look_up(
        &self,
        ep: &EndpointSpec,
        args: &Args,
        entry: &JournalEntry,
    ) -> Result<Match, Error> {
        let api = self.api();
        let (lookup, lookup_args) = lookup_args(api.spec(), ep, args, api.today(self.now()))?;
        let mut pages = self.pages(&lookup, lookup_args)?;
        let mut records: Vec<Value> = Vec::new();
        while let Some(page) = pages.next_page().await {
            records.extend(page?.values(&lookup)?);
        }
        let scope = entry.scope.clone();
        let claimed = self.journal_do(move |j| j.claimed(&scope)).await?;
        let body = args.body.clone().unwrap_or(Value::Null);
        Ok(find_created(&body, &records, &claimed))
    }

    async fn settle(
        &self,
        entry: &mut JournalEntry,
        state: WriteState,
        note: Option<String>,
    ) -> Result<(), Error> {
        entry.state = state;
        if note.is_some() {
            entry.note = note;
        }
        entry.updated_at = self.now();
        let stored = entry.clone();
        self.journal_do(move |j| j.update(&stored)).await
    }
}

fn args_of(stored: &Value) -> Args {
    let map = |k: &str| {
        stored
            .get(k)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    Args {
        path: map("path"),
        query: map("query"),
        body: stored.get("body").filter(|b| !b.is_null()).cloned(),
    }
}

fn reconciled_result(id: String, entry: &JournalEntry) -> Written {
    let loose = id
        .parse::<i64>()
        .map(LooseId::Number)
        .unwrap_or_else(|_| LooseId::Text(id.clone()));
    let body = json!({"id": loose, "reconciled": true, "journal_id": entry.id});
    Written {
        id: Some(loose),
        location: None,
        reconciled: true,
        journal_id: entry.id.clone(),
        response: Response::new(200, body.to_string().into_bytes())
            .with_header("x-pacer-reconciled", "true"),
    }
}
