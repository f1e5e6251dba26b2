//! The Redis ledger: one budget for every worker on every host.
//!
//! A reservation is one round trip: a Lua script (loaded once, then called by its hash) checks
//! and records every window of the plan atomically, with the same semantics as the memory and
//! SQLite ledgers. Time comes from the Redis server's `TIME` by default, so workers whose clocks
//! disagree still share one clock; decisions are translated back to each caller's clock. The
//! caller-clock mode (`?time=caller`) exists for virtual-time simulations; it assumes the
//! callers' clocks agree within the rate-window margin.
//!
//! Keys are a sorted set `<prefix>:{<provider>}:<meter key>:d` per rate or overage log, plus one
//! `…:counts` hash (calendar counters) and one `…:blocks` hash (server blocks) per provider; the
//! hash tag keeps one provider's keys in one cluster slot. Every key expires after its windows
//! (plus a day for late refunds), so Redis does not grow. If Redis is unreachable, calls fail with `transport/ledger_unavailable`: pacer never
//! falls back to an unshared budget.

use std::collections::HashSet;
use std::time::Duration;

use pacer_sdk_core::quota::engine;
use pacer_sdk_core::quota::policy::MeterRule;
use pacer_sdk_core::quota::{
    Correction, Decision, Ledger, LedgerExport, MeterPlan, MeterStore, Reservation, WaitReason,
    WindowUsage,
};
use pacer_sdk_core::{Error, Timestamp};
use redis::{Connection, RedisError, Script, Value};

use crate::journal::{Journal, JournalEntry};

const RESERVE: &str = include_str!("reserve.lua");
const IO_TIMEOUT: Duration = Duration::from_secs(2);
const GRACE_MS: i64 = 86_400_000;

/// Which clock the ledger counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSource {
    /// The Redis server's `TIME`: one clock for every worker (the default).
    Server,
    /// Each caller's own clock (virtual-time simulations); clocks must agree within the margin.
    Caller,
}

/// Connection settings parsed from a `redis://` URL.
#[derive(Clone)]
pub struct RedisLocation {
    url: String,
    display: String,
    /// Key prefix (`?prefix=`; default `pacer`).
    pub prefix: String,
    /// Time source (`?time=server|caller`).
    pub time: TimeSource,
}

impl std::fmt::Debug for RedisLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisLocation")
            .field("url", &self.display)
            .field("prefix", &self.prefix)
            .field("time", &self.time)
            .finish()
    }
}

impl RedisLocation {
    /// Parses `redis://[user:password@]host:port[/db][?prefix=P&time=server|caller]`.
    pub fn parse(url: &str) -> Result<RedisLocation, Error> {
        let parsed = url::Url::parse(url)
            .map_err(|e| Error::config("invalid_ledger", format!("bad Redis URL: {e}")))?;
        let mut prefix = "pacer".to_string();
        let mut time = TimeSource::Server;
        let mut rest = Vec::new();
        for (k, v) in parsed.query_pairs() {
            match k.as_ref() {
                "prefix" if !v.is_empty() && !v.contains(['{', '}']) => prefix = v.into_owned(),
                "prefix" => {
                    return Err(Error::config(
                        "invalid_ledger",
                        "Redis prefix must be non-empty and without braces",
                    ));
                }
                "time" if v == "server" => time = TimeSource::Server,
                "time" if v == "caller" => time = TimeSource::Caller,
                "time" => {
                    return Err(Error::config(
                        "invalid_ledger",
                        "Redis time must be server or caller",
                    ));
                }
                _ => rest.push((k.into_owned(), v.into_owned())),
            }
        }
        let mut clean = parsed.clone();
        clean.set_query(None);
        if !rest.is_empty() {
            clean.query_pairs_mut().extend_pairs(rest);
        }
        let mut display = clean.clone();
        let _ = display.set_password(None);
        let _ = display.set_username("");
        Ok(RedisLocation {
            url: clean.to_string(),
            display: display.to_string(),
            prefix,
            time,
        })
    }

    fn key(&self, meter_key: &str, suffix: &str) -> String {
        let provider = meter_key.split(':').next().unwrap_or("pacer");
        format!("{}:{{{provider}}}:{meter_key}:{suffix}", self.prefix)
    }

    /// One hash holds every calendar counter of a provider (field `<meter key>|<period start>`),
    /// so a reservation reads and writes all of them in one command each.
    fn counts(&self, meter_key: &str) -> String {
        let provider = meter_key.split(':').next().unwrap_or("pacer");
        format!("{}:{{{provider}}}:counts", self.prefix)
    }

    /// One hash holds every server block of a provider, so a reservation reads them at once.
    fn blocks(&self, meter_key: &str) -> String {
        let provider = meter_key.split(':').next().unwrap_or("pacer");
        format!("{}:{{{provider}}}:blocks", self.prefix)
    }
}

/// A lazily (re)connected Redis connection.
struct Conn {
    location: RedisLocation,
    client: redis::Client,
    conn: Option<Connection>,
}

impl Conn {
    fn open(location: RedisLocation) -> Result<Conn, Error> {
        let client = redis::Client::open(location.url.as_str()).map_err(|e| {
            Error::config(
                "invalid_ledger",
                format!("bad Redis URL {}: {e}", location.display),
            )
        })?;
        let mut conn = Conn {
            location,
            client,
            conn: None,
        };
        conn.get()?;
        Ok(conn)
    }

    fn unavailable(&self, e: &RedisError) -> Error {
        Error::transport(
            "ledger_unavailable",
            format!(
                "the Redis ledger at {} is unreachable ({e}); calls stop until it is back, since a local budget would not be shared",
                self.location.display
            ),
        )
    }

    fn get(&mut self) -> Result<&mut Connection, Error> {
        if self.conn.is_none() {
            let c = self
                .client
                .get_connection_with_timeout(IO_TIMEOUT)
                .map_err(|e| self.unavailable(&e))?;
            c.set_read_timeout(Some(IO_TIMEOUT))
                .map_err(|e| self.unavailable(&e))?;
            c.set_write_timeout(Some(IO_TIMEOUT))
                .map_err(|e| self.unavailable(&e))?;
            self.conn = Some(c);
        }
        Ok(self.conn.as_mut().expect("connected above"))
    }

    /// Runs `f` on the connection; an I/O failure drops the connection so the next call
    /// reconnects.
    fn with<T>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> redis::RedisResult<T>,
    ) -> Result<T, Error> {
        let result = f(self.get()?);
        result.map_err(|e| {
            if e.is_io_error()
                || e.is_timeout()
                || e.is_connection_dropped()
                || e.is_connection_refusal()
            {
                self.conn = None;
                self.unavailable(&e)
            } else {
                Error::transport(
                    "ledger_failed",
                    format!("Redis ledger at {}: {e}", self.location.display),
                )
            }
        })
    }

    fn server_time(&mut self) -> Result<Timestamp, Error> {
        let (secs, micros): (i64, i64) = self.with(|c| redis::cmd("TIME").query(c))?;
        Ok(Timestamp::from_millis(secs * 1000 + micros / 1000))
    }
}

/// Quota state in Redis, shared by every worker that uses the same server, prefix and account.
pub struct RedisLedger {
    conn: Conn,
    script: Script,
}

impl std::fmt::Debug for RedisLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RedisLedger({})", self.conn.location.display)
    }
}

impl RedisLedger {
    /// Connects to the ledger at `url` (see [`RedisLocation::parse`]).
    pub fn open(url: &str) -> Result<RedisLedger, Error> {
        Ok(RedisLedger {
            conn: Conn::open(RedisLocation::parse(url)?)?,
            script: Script::new(RESERVE),
        })
    }

    /// The instant the ledger counts in for a caller at `now`, and the offset to translate its
    /// answers back to the caller's clock.
    fn ledger_now(&mut self, now: Timestamp) -> Result<(Timestamp, i64), Error> {
        match self.conn.location.time {
            TimeSource::Caller => Ok((now, 0)),
            TimeSource::Server => {
                let t = self.conn.server_time()?;
                Ok((t, t.as_millis() - now.as_millis()))
            }
        }
    }

    fn store(&mut self, now: Timestamp) -> RedisStore<'_> {
        RedisStore {
            conn: &mut self.conn,
            now,
        }
    }

    /// Runs the reserve script: at `caller_now` (caller-clock mode) or at the server's time,
    /// with calendar boundaries computed for `boundaries_at`.
    fn invoke(
        &mut self,
        plan: &MeterPlan,
        caller_now: Option<Timestamp>,
        boundaries_at: Timestamp,
        id: u64,
    ) -> Result<Vec<Value>, Error> {
        let inv = invocation(
            &self.script,
            &self.conn.location,
            plan,
            caller_now,
            boundaries_at,
            id,
        );
        self.conn.with(|c| inv.invoke::<Vec<Value>>(c))
    }
}

/// The reserve script's call for one reservation of `plan` (keys and arguments).
fn invocation<'a>(
    script: &'a Script,
    loc: &RedisLocation,
    plan: &MeterPlan,
    caller_now: Option<Timestamp>,
    boundaries_at: Timestamp,
    id: u64,
) -> redis::ScriptInvocation<'a> {
    let mut inv = script.prepare_invoke();
    let first = plan
        .meters
        .first()
        .map(|m| m.key.as_str())
        .unwrap_or("pacer");
    inv.key(loc.counts(first));
    inv.key(loc.blocks(first));
    for m in plan
        .meters
        .iter()
        .filter(|m| matches!(m.rule, MeterRule::Log { .. }))
    {
        inv.key(loc.key(&m.key, "d"));
    }
    inv.arg(match caller_now {
        Some(t) => t.as_millis().to_string(),
        None => "s".to_string(),
    });
    inv.arg(plan.meters.len());
    inv.arg(id);
    // Pruning and expiry refreshes on one call in 32 keep logs small at a fraction of the cost.
    inv.arg(if id.is_multiple_of(32) { "1" } else { "0" });
    for m in &plan.meters {
        match &m.rule {
            MeterRule::Log { limit, period_ms } => {
                let kind = if limit.is_some() { "L" } else { "O" };
                inv.arg(kind)
                    .arg(limit.unwrap_or(0))
                    .arg(*period_ms)
                    .arg(0)
                    .arg(0)
                    .arg(0)
                    .arg(0)
                    .arg(0)
                    .arg(&m.key);
            }
            MeterRule::Count {
                limit,
                calendar,
                overage,
            } => {
                let start = calendar.period_start(boundaries_at);
                let next = calendar.next_start(boundaries_at);
                let (idx, ol, op) = match overage {
                    Some((o, i)) => (i + 1, o.limit, o.period_ms),
                    None => (0, 0, 0),
                };
                inv.arg("C")
                    .arg(*limit)
                    .arg(0)
                    .arg(start.as_millis())
                    .arg(next.as_millis())
                    .arg(idx)
                    .arg(ol)
                    .arg(op)
                    .arg(&m.key);
            }
        }
    }
    inv
}

/// What one run of the reserve script said.
enum Step {
    /// The decision.
    Decided(Decision),
    /// The server's clock crossed a calendar boundary: run again with boundaries at this time.
    Recompute(Timestamp),
}

/// Reads the reserve script's reply for a caller at `now` (instants come back in ledger time;
/// the caller waits on its own clock).
fn interpret(reply: &[Value], plan: &MeterPlan, now: Timestamp) -> Result<Step, Error> {
    let tag = reply.first().map(text).unwrap_or_default();
    let t = Timestamp::from_millis(reply.get(1).map(int).unwrap_or(0));
    let offset = t.as_millis() - now.as_millis();
    let to_caller = |v: &Value| Timestamp::from_millis(int(v) - offset);
    match tag.as_str() {
        "G" => {
            let id = reply.get(2).map(int).unwrap_or(0) as u64;
            let mut r = Reservation {
                id,
                at: t,
                logs: Vec::new(),
                counts: Vec::new(),
            };
            for m in &plan.meters {
                match &m.rule {
                    MeterRule::Log { .. } => r.logs.push(m.key.clone()),
                    MeterRule::Count { calendar, .. } => {
                        r.counts.push((m.key.clone(), calendar.period_start(t)))
                    }
                }
            }
            Ok(Step::Decided(Decision::Granted(r)))
        }
        "W" | "E" if !plan.meters.is_empty() && reply.len() > 2 => {
            let i = reply.get(3).map(int).unwrap_or(1).max(1) as usize - 1;
            let meter = &plan.meters[i.min(plan.meters.len() - 1)];
            let at = to_caller(&reply[2]);
            if tag == "E" {
                return Ok(Step::Decided(Decision::Exhausted {
                    window: meter.window.clone(),
                    scope: meter.scope.clone(),
                    resets_at: at,
                }));
            }
            let reason = match reply.get(4).map(text).as_deref() {
                Some("overage") => WaitReason::Overage,
                Some("server_block") => WaitReason::ServerBlock,
                _ => WaitReason::Rate,
            };
            Ok(Step::Decided(Decision::Wait {
                until: at,
                window: meter.window.clone(),
                scope: meter.scope.clone(),
                reason,
            }))
        }
        "R" => Ok(Step::Recompute(t)),
        other => Err(Error::transport(
            "ledger_failed",
            format!("unexpected Redis reply {other:?}"),
        )),
    }
}

/// Reservations in the Redis ledger over one multiplexed async connection: concurrent calls
/// of the async pump share it, each waiting only for its own reply. The same script and the
/// same reading of its reply as [`RedisLedger`], so both decide identically.
pub(crate) struct AsyncReserver {
    location: RedisLocation,
    client: redis::Client,
    script: Script,
    /// The connection, (re)opened on first use and after an I/O failure; the lock is held to
    /// clone the handle (or to connect), never across a reservation.
    conn: tokio::sync::Mutex<Option<redis::aio::MultiplexedConnection>>,
}

impl AsyncReserver {
    /// Reservations against the ledger at `url` (nothing is connected until the first one).
    pub(crate) fn open(url: &str) -> Result<AsyncReserver, Error> {
        let location = RedisLocation::parse(url)?;
        let client = redis::Client::open(location.url.as_str()).map_err(|e| {
            Error::config(
                "invalid_ledger",
                format!("bad Redis URL {}: {e}", location.display),
            )
        })?;
        Ok(AsyncReserver {
            location,
            client,
            script: Script::new(RESERVE),
            conn: tokio::sync::Mutex::new(None),
        })
    }

    fn unavailable(&self, e: &dyn std::fmt::Display) -> Error {
        Error::transport(
            "ledger_unavailable",
            format!(
                "the Redis ledger at {} is unreachable ({e}); calls stop until it is back, since a local budget would not be shared",
                self.location.display
            ),
        )
    }

    async fn connection(&self) -> Result<redis::aio::MultiplexedConnection, Error> {
        let mut slot = self.conn.lock().await;
        if let Some(c) = slot.as_ref() {
            return Ok(c.clone());
        }
        let config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(IO_TIMEOUT))
            .set_response_timeout(Some(IO_TIMEOUT));
        let c = self
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await
            .map_err(|e| self.unavailable(&e))?;
        *slot = Some(c.clone());
        Ok(c)
    }

    /// One reservation of `plan` for a caller at `now`.
    pub(crate) async fn reserve(
        &self,
        plan: &MeterPlan,
        now: Timestamp,
    ) -> Result<Decision, Error> {
        let caller_time = self.location.time == TimeSource::Caller;
        let mut boundaries = now;
        let id = (rand::random::<u64>() >> 1).max(1);
        for _ in 0..3 {
            let mut conn = self.connection().await?;
            let inv = invocation(
                &self.script,
                &self.location,
                plan,
                caller_time.then_some(now),
                boundaries,
                id,
            );
            let reply: Vec<Value> = match inv.invoke_async(&mut conn).await {
                Ok(r) => r,
                Err(e)
                    if e.is_io_error()
                        || e.is_timeout()
                        || e.is_connection_dropped()
                        || e.is_connection_refusal() =>
                {
                    *self.conn.lock().await = None;
                    return Err(self.unavailable(&e));
                }
                Err(e) => {
                    return Err(Error::transport(
                        "ledger_failed",
                        format!("Redis ledger at {}: {e}", self.location.display),
                    ));
                }
            };
            match interpret(&reply, plan, now)? {
                Step::Decided(d) => return Ok(d),
                Step::Recompute(t) => boundaries = t,
            }
        }
        Err(Error::transport(
            "ledger_failed",
            "Redis time kept crossing calendar boundaries",
        ))
    }
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::BulkString(b) => String::from_utf8_lossy(b).parse().unwrap_or(0),
        Value::SimpleString(s) => s.parse().unwrap_or(0),
        _ => 0,
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::BulkString(b) => String::from_utf8_lossy(b).into_owned(),
        Value::SimpleString(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

impl Ledger for RedisLedger {
    fn reserve(&mut self, plan: &MeterPlan, now: Timestamp) -> pacer_sdk_core::Result<Decision> {
        let caller_time = self.conn.location.time == TimeSource::Caller;
        let mut boundaries = now;
        // Random ids need no shared counter (one less command per reservation).
        let id = (rand::random::<u64>() >> 1).max(1);
        for _ in 0..3 {
            let reply = self.invoke(plan, caller_time.then_some(now), boundaries, id)?;
            match interpret(&reply, plan, now)? {
                Step::Decided(d) => return Ok(d),
                Step::Recompute(t) => boundaries = t,
            }
        }
        Err(Error::transport(
            "ledger_failed",
            "Redis time kept crossing calendar boundaries",
        ))
    }

    fn refund(&mut self, reservation: &Reservation) -> pacer_sdk_core::Result<()> {
        let now = reservation.at;
        engine::refund(&mut self.store(now), reservation)
    }

    fn correct(
        &mut self,
        plan: &MeterPlan,
        correction: &Correction,
        now: Timestamp,
    ) -> pacer_sdk_core::Result<()> {
        let (t, offset) = self.ledger_now(now)?;
        let correction = match correction {
            Correction::Blocked { until, asked } => Correction::Blocked {
                until: until.add_millis(offset),
                asked: asked.map(|a| a.add_millis(offset)),
            },
            other => other.clone(),
        };
        engine::correct(&mut self.store(t), plan, &correction, t)
    }

    fn usage(
        &mut self,
        plan: &MeterPlan,
        now: Timestamp,
    ) -> pacer_sdk_core::Result<Vec<WindowUsage>> {
        let (t, offset) = self.ledger_now(now)?;
        let mut rows = engine::usage(&mut self.store(t), plan, t)?;
        for r in &mut rows {
            r.resets_at = r.resets_at.map(|x| x.add_millis(-offset));
            r.blocked_until = r.blocked_until.map(|x| x.add_millis(-offset));
        }
        Ok(rows)
    }

    fn export(
        &mut self,
        plans: &[MeterPlan],
        now: Timestamp,
    ) -> pacer_sdk_core::Result<LedgerExport> {
        let (t, offset) = self.ledger_now(now)?;
        let mut e = LedgerExport::read_from(&mut self.store(t), plans, t)?;
        let shift = |x: &mut Timestamp| *x = x.add_millis(-offset);
        for (_, rows) in e.logs.iter_mut().chain(e.counts.iter_mut()) {
            for (a, _, b) in rows.iter_mut() {
                shift(a);
                shift(b);
            }
        }
        for (_, until) in &mut e.blocks {
            shift(until);
        }
        Ok(e)
    }

    fn describe(&self) -> String {
        self.conn.location.display.clone()
    }

    fn unblock(&mut self, plan: &MeterPlan) -> pacer_sdk_core::Result<usize> {
        let mut cleared = 0;
        for m in &plan.meters {
            let h = self.conn.location.blocks(&m.key);
            let n: usize = self
                .conn
                .with(|c| redis::cmd("HDEL").arg(&h).arg(&m.key).query(c))?;
            cleared += n;
        }
        Ok(cleared)
    }
}

/// The engine's storage primitives over Redis, one command each, for the operations that need
/// no atomicity across windows (refunds, corrections, status, forecasts).
struct RedisStore<'a> {
    conn: &'a mut Conn,
    /// The ledger's current instant: expiries are relative to it, never absolute (in
    /// caller-clock mode it is not Redis's wall clock).
    now: Timestamp,
}

impl MeterStore for RedisStore<'_> {
    fn log_since(
        &mut self,
        key: &str,
        since: Timestamp,
        newest: u64,
    ) -> pacer_sdk_core::Result<Vec<Timestamp>> {
        let k = self.conn.location.key(key, "d");
        let limit = isize::try_from(newest).unwrap_or(isize::MAX);
        let scores: Vec<(String, f64)> = self.conn.with(|c| {
            redis::cmd("ZREVRANGEBYSCORE")
                .arg(&k)
                .arg("+inf")
                .arg(since.as_millis())
                .arg("WITHSCORES")
                .arg("LIMIT")
                .arg(0)
                .arg(limit)
                .query(c)
        })?;
        Ok(scores
            .into_iter()
            .rev()
            .map(|(_, s)| Timestamp::from_millis(s as i64))
            .collect())
    }

    fn count(&mut self, key: &str, period_start: Timestamp) -> pacer_sdk_core::Result<u64> {
        let h = self.conn.location.counts(key);
        let field = format!("{key}|{}", period_start.as_millis());
        let n: Option<i64> = self
            .conn
            .with(|c| redis::cmd("HGET").arg(&h).arg(&field).query(c))?;
        Ok(n.unwrap_or(0).max(0) as u64)
    }

    fn blocked_until(&mut self, key: &str) -> pacer_sdk_core::Result<Option<Timestamp>> {
        let h = self.conn.location.blocks(key);
        let t: Option<i64> = self
            .conn
            .with(|c| redis::cmd("HGET").arg(&h).arg(key).query(c))?;
        Ok(t.map(Timestamp::from_millis))
    }

    fn push(
        &mut self,
        key: &str,
        at: Timestamp,
        id: u64,
        keep_until: Timestamp,
    ) -> pacer_sdk_core::Result<()> {
        let k = self.conn.location.key(key, "d");
        let window = keep_until.as_millis() - at.as_millis();
        // Phantom entries (id 0) need distinct members in a sorted set.
        let member = if id == 0 {
            format!("p{}", rand::random::<u64>())
        } else {
            id.to_string()
        };
        self.conn.with(|c| {
            redis::pipe()
                .atomic()
                .cmd("ZREMRANGEBYSCORE")
                .arg(&k)
                .arg("-inf")
                .arg(format!("({}", at.as_millis() - window))
                .ignore()
                .cmd("ZADD")
                .arg(&k)
                .arg(at.as_millis())
                .arg(&member)
                .ignore()
                .cmd("PEXPIRE")
                .arg(&k)
                .arg(window + GRACE_MS)
                .ignore()
                .query::<()>(c)
        })
    }

    fn remove(&mut self, key: &str, id: u64) -> pacer_sdk_core::Result<()> {
        let k = self.conn.location.key(key, "d");
        self.conn
            .with(|c| redis::cmd("ZREM").arg(&k).arg(id).query::<()>(c))
    }

    fn add(
        &mut self,
        key: &str,
        period_start: Timestamp,
        delta: i64,
        keep_until: Timestamp,
    ) -> pacer_sdk_core::Result<()> {
        let h = self.conn.location.counts(key);
        let field = format!("{key}|{}", period_start.as_millis());
        let n: i64 = self.conn.with(|c| {
            redis::cmd("HINCRBY")
                .arg(&h)
                .arg(&field)
                .arg(delta)
                .query(c)
        })?;
        if n < 0 {
            self.conn
                .with(|c| redis::cmd("HSET").arg(&h).arg(&field).arg(0).query::<()>(c))?;
        }
        if delta > 0 {
            // Extend (never shorten) the hash's life: it holds longer periods too.
            let ttl = (keep_until.as_millis() - self.now.as_millis()).max(0) + GRACE_MS;
            let current: i64 = self.conn.with(|c| redis::cmd("PTTL").arg(&h).query(c))?;
            if current < ttl {
                self.conn
                    .with(|c| redis::cmd("PEXPIRE").arg(&h).arg(ttl).query::<()>(c))?;
            }
        }
        Ok(())
    }

    fn block(&mut self, key: &str, until: Timestamp) -> pacer_sdk_core::Result<()> {
        let h = self.conn.location.blocks(key);
        let current = self.blocked_until(key)?;
        if current.is_none_or(|c| until > c) {
            let ttl = (until.as_millis() - self.now.as_millis()).max(1) + GRACE_MS;
            self.conn.with(|c| {
                redis::pipe()
                    .atomic()
                    .cmd("HSET")
                    .arg(&h)
                    .arg(key)
                    .arg(until.as_millis())
                    .ignore()
                    .cmd("PEXPIRE")
                    .arg(&h)
                    .arg(ttl)
                    .ignore()
                    .query::<()>(c)
            })?;
        }
        Ok(())
    }

    fn next_id(&mut self) -> pacer_sdk_core::Result<u64> {
        Ok((rand::random::<u64>() >> 1).max(1))
    }
}

/// The write journal in Redis, shared by every worker of the ledger (so a reconciliation on one
/// host never claims a record created on another).
pub struct RedisJournal {
    conn: Conn,
}

impl RedisJournal {
    /// Connects to the journal of the ledger at `url`.
    pub fn open(url: &str) -> Result<RedisJournal, Error> {
        Ok(RedisJournal {
            conn: Conn::open(RedisLocation::parse(url)?)?,
        })
    }

    fn key(&self) -> String {
        format!("{}:journal", self.conn.location.prefix)
    }

    fn all(&mut self) -> Result<Vec<JournalEntry>, Error> {
        let key = self.key();
        let raw: Vec<(String, String)> = self
            .conn
            .with(|c| redis::cmd("HGETALL").arg(&key).query(c))?;
        let mut entries: Vec<JournalEntry> = raw
            .into_iter()
            .filter_map(|(_, v)| serde_json::from_str(&v).ok())
            .collect();
        entries.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        Ok(entries)
    }
}

impl Journal for RedisJournal {
    fn insert(&mut self, entry: &JournalEntry) -> Result<(), Error> {
        self.update(entry)
    }

    fn update(&mut self, entry: &JournalEntry) -> Result<(), Error> {
        let key = self.key();
        let value = serde_json::to_string(entry).unwrap_or_default();
        self.conn.with(|c| {
            redis::cmd("HSET")
                .arg(&key)
                .arg(&entry.id)
                .arg(value)
                .query::<()>(c)
        })
    }

    fn list(&mut self, states: &[crate::journal::WriteState]) -> Result<Vec<JournalEntry>, Error> {
        Ok(self
            .all()?
            .into_iter()
            .filter(|e| states.is_empty() || states.contains(&e.state))
            .collect())
    }

    fn claimed(&mut self, scope: &str) -> Result<HashSet<String>, Error> {
        Ok(self
            .all()?
            .into_iter()
            .filter(|e| e.scope == scope)
            .filter_map(|e| e.result_id)
            .collect())
    }
}
