//! Exporting jobs with their sales orders, purchase orders and line items to CSV or NDJSON.
//!
//! The export streams job by job (it never holds the data set in memory) and is resumable: after
//! each job it records the list position, the output's length and a SHA-256 of what was written
//! in `<out>.pacer-export.json`; a rerun with the same parameters checks that the partial output
//! is still exactly that, truncates it to the last completed job and goes on (a partial output
//! that was shortened, deleted or changed is refused, never refilled).
//!
//! The output is written to `<out>.pacer-partial` in the same folder, held under an exclusive
//! lock (a second export to the same file is refused), and renamed over `<out>` only when the
//! export is complete: a failed export (bad dates, an unreachable server) never touches an
//! existing output file.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use pacer_sdk_core::api::Args;
use pacer_sdk_core::envelope::ListPage;
use pacer_sdk_core::models::{Job, LineItem, PurchaseOrder, SalesOrder};
use pacer_sdk_core::paging::PagerPosition;
use pacer_sdk_core::{Error, ErrorKind};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use pacer_sdk::client::Client;

/// Output format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One row per record (job, sales order, line item, purchase order) with a `record_type`.
    Csv,
    /// One JSON object per job: `{"job": …, "sales_orders": […], "purchase_orders": […]}`.
    Ndjson,
}

/// What to export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportOptions {
    /// First job creation date, `YYYY-MM-DD`.
    pub date_from: String,
    /// Last job creation date, `YYYY-MM-DD`.
    pub date_to: String,
    /// Include each job's sales orders.
    pub sales_orders: bool,
    /// Include each job's purchase orders.
    pub purchase_orders: bool,
    /// Include line items (of the included orders).
    pub line_items: bool,
    /// CSV or NDJSON.
    pub format: ExportFormat,
    /// Output file.
    pub out: PathBuf,
    /// Write cells starting with `=`, `+`, `-`, `@` as received (`--csv-formulas`).
    #[serde(default)]
    pub keep_formulas: bool,
}

/// Progress, reported after every job.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportProgress {
    /// Jobs written.
    pub jobs: u64,
    /// Jobs the search reports in total (once the first page is in).
    pub jobs_total: Option<u64>,
    /// Records written (jobs, orders, lines).
    pub records: u64,
    /// API calls made by this run.
    pub calls: u64,
    /// Whether this run resumed an earlier one.
    pub resumed: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct State {
    version: u32,
    options: ExportOptions,
    /// Pager position before the page being worked on.
    position: Option<PagerPosition>,
    /// Jobs of that page already written.
    done_in_page: usize,
    /// Output length after the last completed job.
    bytes: u64,
    /// SHA-256 (hex) of those bytes, checked before resuming.
    #[serde(default)]
    digest: String,
    progress: ExportProgress,
}

/// Where the resume state of an export to `out` lives.
pub fn state_path(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".pacer-export.json");
    out.with_file_name(name)
}

fn io_err(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::new(
        ErrorKind::Transport,
        "export_io",
        format!("{what} {}: {e}", path.display()),
    )
}

/// Where an export writes until it is complete: `<out>.pacer-partial`, beside the output.
pub fn partial_path(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".pacer-partial");
    out.with_file_name(name)
}

/// Creates `path` new, readable by the owner only (the state names the export's files and
/// dates). `create_new` is O_CREAT|O_EXCL, which fails on any existing path, a symlink (even a
/// dangling one) included, so nothing is ever written through a link planted there.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

fn save_state(path: &Path, state: &State) -> Result<(), Error> {
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_vec_pretty(state).unwrap_or_default();
    // A leftover temp file (a crash mid-write) is ours to replace; a symlink there is removed,
    // not followed.
    match std::fs::symlink_metadata(&tmp) {
        Ok(_) => std::fs::remove_file(&tmp).map_err(|e| io_err("cannot replace", &tmp, e))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err("cannot inspect", &tmp, e)),
    }
    let mut f = create_private(&tmp).map_err(|e| io_err("cannot create", &tmp, e))?;
    f.write_all(&text)
        .and_then(|_| f.sync_all())
        .map_err(|e| io_err("cannot write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io_err("cannot replace", path, e))
}

/// SHA-256 of the first `len` bytes of `file` (the part an interrupted run wrote), or `None`
/// when the file is shorter.
fn digest_prefix(file: &mut File, len: u64) -> std::io::Result<Option<Sha256>> {
    file.seek(SeekFrom::Start(0))?;
    let mut hasher = Sha256::new();
    let mut left = len;
    let mut buf = vec![0u8; 64 * 1024];
    while left > 0 {
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = file.read(&mut buf[..want])?;
        if n == 0 {
            return Ok(None);
        }
        hasher.update(&buf[..n]);
        left -= n as u64;
    }
    Ok(Some(hasher))
}

fn hex(hasher: &Sha256) -> String {
    hasher
        .clone()
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const CSV_COLUMNS: &[&str] = &[
    "record_type",
    "job_id",
    "id",
    "number",
    "parent_id",
    "line_parent_id",
    "date",
    "status",
    "description",
    "client",
    "type",
    "sku",
    "quantity",
    "price_value",
    "cost_value",
    "total_value",
    "supplier",
    "in_hand_date",
    "last_modified_date",
];

/// One CSV row, in `CSV_COLUMNS` order.
struct Row {
    cells: Vec<String>,
}

impl Row {
    fn new(record_type: &str, job_id: i64) -> Self {
        let mut cells = vec![String::new(); CSV_COLUMNS.len()];
        cells[0] = record_type.to_string();
        cells[1] = job_id.to_string();
        Row { cells }
    }
    fn set(mut self, column: &str, value: Option<impl ToString>) -> Self {
        if let (Some(i), Some(v)) = (CSV_COLUMNS.iter().position(|c| *c == column), value) {
            self.cells[i] = v.to_string();
        }
        self
    }
}

fn line_rows(kind: &str, job_id: i64, owner: Option<i64>, lines: &[LineItem]) -> Vec<Row> {
    lines
        .iter()
        .map(|l| {
            Row::new(kind, job_id)
                .set("id", l.line_id)
                .set("parent_id", owner)
                .set("line_parent_id", l.parent_id)
                .set("type", l.kind.as_ref())
                .set("description", l.description.as_ref())
                .set("sku", l.sku.as_ref())
                .set("quantity", l.quantity)
                .set("price_value", l.price_value)
                .set("cost_value", l.cost_value)
                .set("total_value", l.line_total_value)
                .set(
                    "supplier",
                    l.supplier.as_ref().and_then(|s| s.name.as_ref()),
                )
        })
        .collect()
}

/// One job with its orders, as fetched.
struct JobBundle {
    job: Box<RawValue>,
    sales_orders: Vec<Box<RawValue>>,
    purchase_orders: Vec<Box<RawValue>>,
}

fn decode<T: serde::de::DeserializeOwned>(raw: &RawValue) -> Result<T, Error> {
    pacer_sdk_core::models::decode(raw.get().as_bytes()).map_err(|e| {
        Error::new(
            ErrorKind::Api,
            "decode_failed",
            format!("cannot decode a record: {e}"),
        )
    })
}

fn bundle_rows(b: &JobBundle, options: &ExportOptions) -> Result<Vec<Row>, Error> {
    let job: Job = decode(&b.job)?;
    let job_id = job.id.unwrap_or_default();
    let mut rows = vec![
        Row::new("job", job_id)
            .set("id", job.id)
            .set("date", job.date.as_ref())
            .set("status", job.status.as_ref())
            .set("description", job.description.as_ref())
            .set(
                "client",
                job.client.as_ref().and_then(|c| c.business_name.as_ref()),
            )
            .set("last_modified_date", job.last_modified_date.as_ref()),
    ];
    for raw in &b.sales_orders {
        let so: SalesOrder = decode(raw)?;
        rows.push(
            Row::new("sales_order", job_id)
                .set("id", so.id)
                .set("number", so.number)
                .set("date", so.date.as_ref())
                .set("status", so.status.as_ref())
                .set("description", so.description.as_ref())
                .set(
                    "client",
                    so.client.as_ref().and_then(|c| c.business_name.as_ref()),
                )
                .set("total_value", so.total_value)
                .set("in_hand_date", so.in_hand_date.as_ref())
                .set("last_modified_date", so.last_modified_date.as_ref()),
        );
        if options.line_items {
            rows.extend(line_rows(
                "sales_order_line",
                job_id,
                so.id,
                so.line_items.as_deref().unwrap_or_default(),
            ));
        }
    }
    for raw in &b.purchase_orders {
        let po: PurchaseOrder = decode(raw)?;
        rows.push(
            Row::new("purchase_order", job_id)
                .set("id", po.id)
                .set("number", po.number)
                .set("date", po.date.as_ref())
                .set("status", po.status.as_ref())
                .set(
                    "supplier",
                    po.supplier.as_ref().and_then(|s| s.name.as_ref()),
                )
                .set("total_value", po.total_value)
                .set("in_hand_date", po.in_hand_date.as_ref())
                .set("last_modified_date", po.last_modified_date.as_ref()),
        );
        if options.line_items {
            rows.extend(line_rows(
                "purchase_order_line",
                job_id,
                po.id,
                po.line_items.as_deref().unwrap_or_default(),
            ));
        }
    }
    Ok(rows)
}

fn ndjson_line(b: &JobBundle) -> String {
    let join =
        |items: &[Box<RawValue>]| items.iter().map(|r| r.get()).collect::<Vec<_>>().join(",");
    format!(
        "{{\"job\":{},\"sales_orders\":[{}],\"purchase_orders\":[{}]}}\n",
        b.job.get(),
        join(&b.sales_orders),
        join(&b.purchase_orders)
    )
}

/// All records of a list (a job's orders: a page or two), or none when the job has none
/// (Syncore answers 404 for jobs without purchase orders).
async fn all_records(
    client: &Client,
    endpoint: &str,
    args: Args,
    calls: &mut u64,
) -> Result<Vec<Box<RawValue>>, Error> {
    let mut pages = client.pages(endpoint, args)?;
    let mut out = Vec::new();
    while let Some(page) = pages.next_page().await {
        *calls += 1;
        match page {
            Ok(ListPage { items, .. }) => out.extend(items),
            Err(e) if e.status == Some(404) => break,
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

async fn fetch_bundle(
    client: &Client,
    job: Box<RawValue>,
    options: &ExportOptions,
    calls: &mut u64,
) -> Result<JobBundle, Error> {
    let id: Job = decode(&job)?;
    let job_id = id
        .id
        .ok_or_else(|| Error::new(ErrorKind::Api, "decode_failed", "a job without an id"))?;
    let parent = Args::new().path("job_id", job_id);
    let sales_orders = if options.sales_orders || options.line_items {
        all_records(client, "sales_orders.list", parent.clone(), calls).await?
    } else {
        Vec::new()
    };
    let mut purchase_orders = if options.purchase_orders {
        all_records(client, "purchase_orders.list", parent.clone(), calls).await?
    } else {
        Vec::new()
    };
    if options.line_items {
        // Listed purchase orders may be brief; fetch the full order when lines are missing.
        for po in purchase_orders.iter_mut() {
            let brief: PurchaseOrder = decode(po)?;
            if brief.line_items.is_none()
                && let Some(po_id) = brief.id
            {
                *calls += 1;
                let full = client
                    .call(
                        "purchase_orders.get",
                        parent.clone().path("purchaseorder_id", po_id),
                    )
                    .await?;
                *po = RawValue::from_string(String::from_utf8_lossy(&full.body).into_owned())
                    .map_err(|e| Error::new(ErrorKind::Api, "decode_failed", e.to_string()))?;
            }
        }
    }
    Ok(JobBundle {
        job,
        sales_orders,
        purchase_orders,
    })
}

/// Exports jobs (and their orders) to a file, resuming an interrupted run with the same
/// options. `progress` is called after every job.
pub async fn export_jobs(
    client: &Client,
    options: &ExportOptions,
    restart: bool,
    progress: &mut (dyn FnMut(&ExportProgress) + Send),
) -> Result<ExportProgress, Error> {
    let state_file = state_path(&options.out);
    let partial = partial_path(&options.out);
    let previous: Option<State> = std::fs::read(&state_file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .filter(|s: &State| s.version == 1 && &s.options == options && !restart);
    let resumed = previous.is_some();
    let mut state = previous.unwrap_or(State {
        version: 1,
        options: options.clone(),
        position: None,
        done_in_page: 0,
        bytes: 0,
        digest: String::new(),
        progress: ExportProgress::default(),
    });
    state.progress.resumed = resumed;
    // The arguments are checked, and the first page asked for, before any file is touched.
    let args = Args::new()
        .query("date_from", options.date_from.as_str())
        .query("date_to", options.date_to.as_str());
    let mut pages = match state.position.clone() {
        Some(pos) => client.pages_from("jobs.search", args, pos)?,
        None => client.pages("jobs.search", args)?,
    };
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&partial)
        .map_err(|e| io_err("cannot open", &partial, e))?;
    // Exclusive for the whole run: two exports to one file would interleave their rows.
    file.try_lock().map_err(|e| {
        Error::new(
            ErrorKind::Config,
            "export_busy",
            format!(
                "another export is writing {} ({e}); wait for it, or write elsewhere",
                options.out.display()
            ),
        )
    })?;
    let mut hasher = if resumed {
        // The partial output must still be exactly what the interrupted run wrote.
        let prefix = digest_prefix(&mut file, state.bytes)
            .map_err(|e| io_err("cannot read", &partial, e))?;
        match prefix {
            Some(h) if hex(&h) == state.digest => h,
            found => {
                let why = if found.is_none() {
                    "it is shorter than the interrupted run left it (deleted or truncated?)"
                } else {
                    "its content changed since the interrupted run"
                };
                return Err(Error::new(
                    ErrorKind::Config,
                    "export_resume_mismatch",
                    format!(
                        "cannot resume the export into {}: {why}; run it again with --restart",
                        partial.display()
                    ),
                ));
            }
        }
    } else {
        Sha256::new()
    };
    // Drop anything written after the last completed job.
    file.set_len(state.bytes)
        .map_err(|e| io_err("cannot truncate", &partial, e))?;
    file.seek(SeekFrom::End(0))
        .map_err(|e| io_err("cannot seek", &partial, e))?;
    let mut csv = match options.format {
        ExportFormat::Csv => {
            let mut w = csv::WriterBuilder::new().from_writer(
                file.try_clone()
                    .map_err(|e| io_err("cannot open", &partial, e))?,
            );
            if state.bytes == 0 {
                w.write_record(CSV_COLUMNS)
                    .map_err(|e| io_err("cannot write", &partial, e.into()))?;
            }
            Some(w)
        }
        ExportFormat::Ndjson => None,
    };
    let mut calls = 0u64;
    let mut skip = state.done_in_page;
    loop {
        let before = pages.position().clone();
        let Some(page) = pages.next_page().await else {
            break;
        };
        calls += 1;
        let page = page?;
        state.progress.jobs_total = pages.position().total.or(state.progress.jobs_total);
        for (i, job) in page.items.into_iter().enumerate() {
            if i < skip {
                continue;
            }
            let bundle = fetch_bundle(client, job, options, &mut calls).await?;
            let written = match &mut csv {
                Some(w) => {
                    let rows = bundle_rows(&bundle, options)?;
                    for row in &rows {
                        let cells: Vec<std::borrow::Cow<'_, str>> = row
                            .cells
                            .iter()
                            .map(|c| {
                                if options.keep_formulas {
                                    c.as_str().into()
                                } else {
                                    crate::output::neutralize_formula(c)
                                }
                            })
                            .collect();
                        w.write_record(cells.iter().map(|c| c.as_bytes()))
                            .map_err(|e| io_err("cannot write", &partial, e.into()))?;
                    }
                    w.flush().map_err(|e| io_err("cannot write", &partial, e))?;
                    rows.len() as u64
                }
                None => {
                    file.write_all(ndjson_line(&bundle).as_bytes())
                        .map_err(|e| io_err("cannot write", &partial, e))?;
                    1 + bundle.sales_orders.len() as u64 + bundle.purchase_orders.len() as u64
                }
            };
            file.sync_data().ok();
            let end = file
                .stream_position()
                .map_err(|e| io_err("cannot read", &partial, e))?;
            // Fold the bytes this job added into the running digest (read back: the CSV
            // writer wrote them through its own handle).
            let mut added = vec![0u8; usize::try_from(end - state.bytes).unwrap_or(0)];
            file.seek(SeekFrom::Start(state.bytes))
                .and_then(|_| file.read_exact(&mut added))
                .map_err(|e| io_err("cannot read", &partial, e))?;
            hasher.update(&added);
            state.bytes = end;
            state.digest = hex(&hasher);
            state.position = Some(before.clone());
            state.done_in_page = i + 1;
            state.progress.jobs += 1;
            state.progress.records += written;
            state.progress.calls += calls;
            calls = 0;
            save_state(&state_file, &state)?;
            progress(&state.progress);
        }
        skip = 0;
        state.position = Some(pages.position().clone());
        state.done_in_page = 0;
        state.progress.calls += calls;
        calls = 0;
        save_state(&state_file, &state)?;
    }
    if let Some(w) = csv.as_mut() {
        w.flush().map_err(|e| io_err("cannot write", &partial, e))?;
    }
    drop(csv);
    file.sync_all()
        .map_err(|e| io_err("cannot write", &partial, e))?;
    // Complete: only now does the output appear (or replace an older one).
    std::fs::rename(&partial, &options.out)
        .map_err(|e| io_err("cannot rename to", &options.out, e))?;
    drop(file);
    std::fs::remove_file(&state_file).ok();
    Ok(state.progress)
}
