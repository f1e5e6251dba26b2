//! The exported resources: `client`, `page-walk` and `reservation`, each a thin layer over
//! pacer-sdk-core (`Api::prepare`, `Api::list`/`ListWalk`, the drive loop, the ledgers; quota
//! status and forecasts read from the client's ledger by `effects`). The
//! resource layer is generic over the spec: `<resource>.<action>` names the endpoint, so other
//! providers need no new code here.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use pacer_sdk_core::models::WriteResult;
use pacer_sdk_core::quota::{ForecastOptions, Ledger, MemoryLedger, MeterPlan, RequestKind};
use pacer_sdk_core::{Api, Args, Error, ListWalk, ProviderSpec, Response};

use crate::Component;
use crate::bindings::exports::pacer::sdk::api as wit;
use crate::bindings::pacer::sdk::types;
use crate::convert;
use crate::driver::{self, now};
use crate::effects;
use crate::ledger::HostLedger;
use crate::options::{self, Limits};

type WitResult<T> = Result<T, types::Error>;

/// What a client and the walks and reservations it hands out share.
struct Shared {
    api: Api,
    ledger: RefCell<Box<dyn Ledger>>,
    /// Meter plans of the kinds `reserve` was asked about, built once each.
    plans: RefCell<HashMap<RequestKind, Rc<MeterPlan>>>,
    /// What every request carries to the host's HTTP layer.
    limits: Limits,
    /// The options only the component has, and the overrides as given, for `settings`.
    ledger_kind: wit::LedgerKind,
    credential: wit::CredentialKind,
    spec_overrides: Option<String>,
}

impl Shared {
    fn run(&self, endpoint: &str, args: &Args) -> Result<Response, Error> {
        let call = self.api.prepare(endpoint, args, now())?;
        driver::run(call, self.ledger.borrow_mut().as_mut(), &self.limits)
    }

    fn walk(&self, endpoint: &str, args: &Args) -> Result<ListWalk, Error> {
        self.api.list(endpoint, args, now())
    }

    /// One page of `walk`: its records as JSON text, or `None` when the walk is over.
    fn next_page(&self, walk: &mut ListWalk) -> Result<Option<wit::Page>, Error> {
        let Some(call) = walk.next_call(&self.api, now()) else {
            return Ok(None);
        };
        let response = driver::run(call, self.ledger.borrow_mut().as_mut(), &self.limits)?;
        let page = walk.consume(&self.api, &response)?;
        Ok(Some(wit::Page {
            records: page.items.iter().map(|r| r.get().to_string()).collect(),
            total_results: page.total_results,
            position: convert::position(walk.position()),
        }))
    }

    /// Every record of a list endpoint, across all pages.
    fn collect(&self, endpoint: &str, args: &Args) -> Result<Vec<String>, Error> {
        let mut walk = self.walk(endpoint, args)?;
        let mut records = Vec::new();
        while let Some(page) = self.next_page(&mut walk)? {
            records.extend(page.records);
        }
        Ok(records)
    }

    fn write(&self, endpoint: &str, args: &Args) -> Result<wit::Written, Error> {
        let response = self.run(endpoint, args)?;
        let result = WriteResult::from_response(&response.body, response.header("location"));
        Ok(wit::Written {
            id: result.id.map(|id| id.to_string()),
            location: result.location,
            status: response.status,
            body: String::from_utf8_lossy(&response.body).into_owned(),
        })
    }

    fn plan(&self, kind: RequestKind) -> Result<Rc<MeterPlan>, Error> {
        if let Some(plan) = self.plans.borrow().get(&kind) {
            return Ok(plan.clone());
        }
        let known = self.api.request_kinds();
        if !known.contains(&kind) {
            return Err(convert::unknown_kind(&kind, &known));
        }
        let plan = Rc::new(self.api.policy().plan(&kind, self.api.scopes()));
        self.plans.borrow_mut().insert(kind, plan.clone());
        Ok(plan)
    }
}

fn endpoint(resource: &str, action: &str) -> String {
    format!("{resource}.{action}")
}

/// The exported `client` resource.
pub struct Client {
    shared: Rc<Shared>,
}

impl Client {
    fn open(provider: &str, options: wit::ClientOptions) -> Result<Client, Error> {
        let spec = match &options.spec_overrides {
            Some(o) => ProviderSpec::builtin_with_overrides(provider, o)?,
            None => ProviderSpec::builtin(provider)?,
        };
        let options::Applied { mut config, limits } =
            options::apply(&spec, &convert::options_map(&options), str::to_string)?;
        // The host holds the credential; with a token it can renew, a 401 asks it once
        // (`transport.refresh-credential`), as a token provider is asked natively.
        config.refresh_auth_on_401 = options.credential == wit::CredentialKind::Token;
        // The key never reaches the component, so the account is the host's label (or
        // `default`), never a fingerprint computed here.
        let api = Api::new(spec, config, None)?;
        let ledger: Box<dyn Ledger> = match options.ledger {
            wit::LedgerKind::Memory => Box::new(MemoryLedger::new()),
            wit::LedgerKind::Host => Box::new(HostLedger),
        };
        Ok(Client {
            shared: Rc::new(Shared {
                api,
                ledger: RefCell::new(ledger),
                plans: RefCell::new(HashMap::new()),
                limits,
                ledger_kind: options.ledger,
                credential: options.credential,
                spec_overrides: options.spec_overrides,
            }),
        })
    }
}

impl wit::GuestClient for Client {
    fn open(provider: String, options: wit::ClientOptions) -> WitResult<wit::Client> {
        Client::open(&provider, options)
            .map(wit::Client::new)
            .map_err(convert::error)
    }

    fn provider(&self) -> String {
        self.shared.api.spec().name.clone()
    }

    fn settings(&self) -> wit::ClientOptions {
        let s = &self.shared;
        convert::options_record(
            &options::report(&s.api, &s.limits, s.spec_overrides.as_deref()),
            s.ledger_kind,
            s.credential,
        )
    }

    fn endpoints(&self) -> Vec<wit::EndpointInfo> {
        let spec = self.shared.api.spec();
        spec.endpoints
            .iter()
            .map(|ep| convert::endpoint(spec, ep))
            .collect()
    }

    fn search(
        &self,
        resource: String,
        path: types::Params,
        query: types::Params,
    ) -> WitResult<Vec<types::Json>> {
        let args = convert::args(path, query, None).map_err(convert::error)?;
        self.shared
            .collect(&endpoint(&resource, "search"), &args)
            .map_err(convert::error)
    }

    fn list(
        &self,
        resource: String,
        path: types::Params,
        query: types::Params,
    ) -> WitResult<Vec<types::Json>> {
        let args = convert::args(path, query, None).map_err(convert::error)?;
        self.shared
            .collect(&endpoint(&resource, "list"), &args)
            .map_err(convert::error)
    }

    fn get(&self, resource: String, path: types::Params) -> WitResult<types::Json> {
        let args = convert::args(path, Vec::new(), None).map_err(convert::error)?;
        self.shared
            .run(&endpoint(&resource, "get"), &args)
            .map(|r| String::from_utf8_lossy(&r.body).into_owned())
            .map_err(convert::error)
    }

    fn create(
        &self,
        resource: String,
        path: types::Params,
        body: types::Json,
    ) -> WitResult<wit::Written> {
        let args = convert::args(path, Vec::new(), Some(&body)).map_err(convert::error)?;
        self.shared
            .write(&endpoint(&resource, "create"), &args)
            .map_err(convert::error)
    }

    fn update(
        &self,
        resource: String,
        path: types::Params,
        body: types::Json,
    ) -> WitResult<wit::Written> {
        let args = convert::args(path, Vec::new(), Some(&body)).map_err(convert::error)?;
        self.shared
            .write(&endpoint(&resource, "update"), &args)
            .map_err(convert::error)
    }

    fn pages(
        &self,
        endpoint: String,
        path: types::Params,
        query: types::Params,
        resume: Option<wit::PagerPosition>,
    ) -> WitResult<wit::PageWalk> {
        let args = convert::args(path, query, None).map_err(convert::error)?;
        let walk = self
            .shared
            .api
            .list_from(&endpoint, &args, resume.map(convert::position_in), now())
            .map_err(convert::error)?;
        Ok(wit::PageWalk::new(PageWalk {
            shared: self.shared.clone(),
            walk: RefCell::new(walk),
            failed: Cell::new(false),
        }))
    }

    fn call(
        &self,
        endpoint: String,
        path: types::Params,
        query: types::Params,
        body: Option<types::Json>,
    ) -> WitResult<types::Response> {
        let args = convert::args(path, query, body.as_deref()).map_err(convert::error)?;
        self.shared
            .run(&endpoint, &args)
            .map(|r| types::Response {
                status: r.status,
                headers: r.headers,
                body: r.body,
            })
            .map_err(convert::error)
    }

    fn quota_status(&self) -> WitResult<Vec<wit::WindowUsage>> {
        let mut ledger = self.shared.ledger.borrow_mut();
        effects::status(&self.shared.api, ledger.as_mut(), now())
            .map(|all| all.into_iter().map(convert::usage).collect())
            .map_err(convert::error)
    }

    fn plan(
        &self,
        workload: Vec<wit::WorkloadItem>,
        wait_for_reset: bool,
    ) -> WitResult<wit::Forecast> {
        let workload: Vec<(RequestKind, u64)> = workload
            .iter()
            .map(|w| (convert::kind_in(&w.kind), w.count))
            .collect();
        let options = ForecastOptions {
            wait_for_reset,
            ..ForecastOptions::default()
        };
        let mut ledger = self.shared.ledger.borrow_mut();
        effects::forecast(&self.shared.api, ledger.as_mut(), &workload, now(), options)
            .map(convert::forecast)
            .map_err(convert::error)
    }

    fn reserve(&self, kind: wit::RequestKind) -> WitResult<wit::Decision> {
        let plan = self
            .shared
            .plan(convert::kind_in(&kind))
            .map_err(convert::error)?;
        let decision = self
            .shared
            .ledger
            .borrow_mut()
            .reserve(&plan, now())
            .map_err(convert::error)?;
        Ok(convert::decision(decision, |reservation| {
            wit::Reservation::new(Reservation {
                shared: self.shared.clone(),
                reservation,
                refunded: Cell::new(false),
            })
        }))
    }
}

/// The exported `page-walk` resource.
pub struct PageWalk {
    shared: Rc<Shared>,
    walk: RefCell<ListWalk>,
    /// After an error the walk ends, as the native page stream does.
    failed: Cell<bool>,
}

impl wit::GuestPageWalk for PageWalk {
    fn next(&self) -> WitResult<Option<wit::Page>> {
        if self.failed.get() {
            return Ok(None);
        }
        let page = self.shared.next_page(&mut self.walk.borrow_mut());
        self.failed.set(page.is_err());
        page.map_err(convert::error)
    }

    fn position(&self) -> wit::PagerPosition {
        convert::position(self.walk.borrow().position())
    }
}

/// The exported `reservation` resource.
pub struct Reservation {
    shared: Rc<Shared>,
    reservation: pacer_sdk_core::quota::Reservation,
    refunded: Cell<bool>,
}

impl wit::GuestReservation for Reservation {
    fn at(&self) -> types::Instant {
        self.reservation.at.as_millis()
    }

    fn refund(&self) -> WitResult<()> {
        // A second refund would give back quota that was never counted twice.
        if self.refunded.replace(true) {
            return Err(convert::error(Error::config(
                "already_refunded",
                "this reservation was already refunded",
            )));
        }
        self.shared
            .ledger
            .borrow_mut()
            .refund(&self.reservation)
            .map_err(convert::error)
    }
}

impl wit::Guest for Component {
    type Client = Client;
    type PageWalk = PageWalk;
    type Reservation = Reservation;

    fn records(group: String) -> Vec<wit::RecordInfo> {
        pacer_sdk_core::models::records(&group)
            .into_iter()
            .map(convert::record)
            .collect()
    }
}
