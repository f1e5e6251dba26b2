//! Resources and their actions as every binding lays them out, derived from the provider spec:
//! one resource per spec resource (plus a provider's typed aliases, Syncore's cross-job
//! searches), one action per endpoint, path ids as leading positional arguments in path order.
//! A new provider's spec appears in every binding with no binding code.

use pacer_sdk_core::spec::EndpointSpec;
use pacer_sdk_core::{Args, Error, FieldError, ProviderSpec};
use serde::Serialize;
use serde_json::{Map, Value};

use super::keys::to_camel;

/// How a binding calls an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// A GET that returns records page by page (an iterator).
    List,
    /// A GET that returns one record.
    Get,
    /// A create, update, delete or other write (journaled).
    Write,
}

/// A query parameter of an action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParamLayout {
    /// The name on the wire (snake_case).
    pub name: String,
    /// Its JavaScript name.
    pub js_name: String,
    /// Its type in the spec (`date`, `integer`, `enum`, …).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the server rejects a request without it.
    pub required: bool,
    /// The allowed values of an enum.
    pub values: Vec<String>,
}

/// One action of a resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionLayout {
    /// The action, e.g. `search`, `by_sku`.
    pub name: String,
    /// Its JavaScript name, e.g. `bySku`.
    pub js_name: String,
    /// The endpoint it calls, e.g. `jobs.search`.
    pub endpoint: String,
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// How a binding calls it.
    pub kind: ActionKind,
    /// Path ids in path order (the spec's settings, such as a spelling, are not ids).
    pub path_params: Vec<String>,
    /// Query parameters.
    pub query_params: Vec<ParamLayout>,
    /// Whether it takes a body (writes without a body schema, such as an archive, take none).
    pub takes_body: bool,
    /// The model it returns, when the spec names one.
    pub returns: Option<String>,
    /// What it does.
    pub description: String,
    /// Whether public material confirms the path.
    pub confirmed: bool,
    /// Plan or condition it needs, as the spec says.
    pub availability: String,
}

/// One resource of a provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResourceLayout {
    /// The spec's resource name (`sales_orders`); also its Python attribute.
    pub name: String,
    /// The attribute it is reached by: the resource name, or an alias's (`all_sales_orders`).
    pub attr: String,
    /// Its JavaScript attribute (`salesOrders`, `allSalesOrders`).
    pub js_attr: String,
    /// The model its records are (the first action that names one).
    pub model: Option<String>,
    /// Its actions, in spec order.
    pub actions: Vec<ActionLayout>,
}

/// A provider's resources, in spec order, aliases last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// The provider's spec name.
    pub provider: String,
    /// Its name for people.
    pub display_name: String,
    /// Its resources.
    pub resources: Vec<ResourceLayout>,
}

/// How a binding calls `ep`. A GET is a list when it pages, has an envelope, is a capped array
/// (Synq products) or is named as one (Synq categories answer a bare array).
pub fn action_kind(ep: &EndpointSpec) -> ActionKind {
    let listed = ep.envelope.is_some()
        || ep.paging.is_some()
        || ep.list_cap.is_some()
        || matches!(ep.action(), "list" | "search");
    match ep.method.as_str() {
        "GET" if listed => ActionKind::List,
        "GET" => ActionKind::Get,
        _ => ActionKind::Write,
    }
}

/// The path ids of `ep` (placeholders that are not settings), in path order.
pub fn path_params(spec: &ProviderSpec, ep: &EndpointSpec) -> Vec<String> {
    ep.placeholders()
        .into_iter()
        .filter(|p| !spec.settings.contains_key(*p))
        .map(str::to_string)
        .collect()
}

fn action(spec: &ProviderSpec, ep: &EndpointSpec) -> ActionLayout {
    ActionLayout {
        name: ep.action().to_string(),
        js_name: to_camel(ep.action()),
        endpoint: ep.name.clone(),
        method: ep.method.clone(),
        path: ep.path.clone(),
        kind: action_kind(ep),
        path_params: path_params(spec, ep),
        query_params: ep
            .params
            .iter()
            .map(|p| ParamLayout {
                name: p.name.clone(),
                js_name: to_camel(&p.name),
                ty: p.ty.clone(),
                required: p.required,
                values: p.values.clone(),
            })
            .collect(),
        takes_body: ep.body.is_some(),
        returns: ep.returns.clone(),
        description: ep.description.clone(),
        confirmed: ep.confirmed,
        availability: ep.availability.clone(),
    }
}

/// A provider's typed aliases: (attribute, spec resource, parent ids). Syncore's cross-job
/// searches are reached as `all_sales_orders` / `all_purchase_orders`.
fn aliases(provider: &str) -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    match provider {
        "syncore" => crate::syncore::RESOURCES
            .iter()
            .map(|(attr, parents, name)| (*attr, *name, *parents))
            .collect(),
        _ => Vec::new(),
    }
}

/// The resources and actions of `spec`, as every binding lays them out.
pub fn layout(spec: &ProviderSpec) -> Layout {
    let mut resources: Vec<ResourceLayout> = Vec::new();
    for ep in &spec.endpoints {
        let name = ep.resource();
        let i = match resources.iter().position(|r| r.name == name) {
            Some(i) => i,
            None => {
                resources.push(ResourceLayout {
                    name: name.to_string(),
                    attr: name.to_string(),
                    js_attr: to_camel(name),
                    model: None,
                    actions: Vec::new(),
                });
                resources.len() - 1
            }
        };
        let r = &mut resources[i];
        if r.model.is_none() {
            r.model = ep.returns.clone();
        }
        r.actions.push(action(spec, ep));
    }
    // An alias whose name differs from its resource's offers the actions that take exactly
    // its parent ids.
    for (attr, name, parents) in aliases(&spec.name) {
        if resources.iter().any(|r| r.attr == attr) {
            continue;
        }
        let Some(target) = resources.iter().find(|r| r.name == name).cloned() else {
            continue;
        };
        let actions: Vec<ActionLayout> = target
            .actions
            .into_iter()
            .filter(|a| {
                let mut ids: Vec<&str> = a.path_params.iter().map(String::as_str).collect();
                if matches!(a.name.as_str(), "get" | "update") {
                    ids.pop();
                }
                ids == parents
            })
            .collect();
        if !actions.is_empty() {
            resources.push(ResourceLayout {
                name: name.to_string(),
                attr: attr.to_string(),
                js_attr: to_camel(attr),
                model: target.model,
                actions,
            });
        }
    }
    Layout {
        provider: spec.name.clone(),
        display_name: spec.display_name.clone(),
        resources,
    }
}

/// Binds a call's arguments as every binding takes them: path ids positionally in path order
/// (`ids`), or by name among `named`; every other named value is a query parameter (`null`
/// means "not given"); `body` for writes. Too many ids or an id given twice is a validation
/// error naming the parameter, before anything is sent.
pub fn bind(
    spec: &ProviderSpec,
    endpoint: &str,
    ids: Vec<Value>,
    named: Map<String, Value>,
    body: Option<Value>,
) -> Result<Args, Error> {
    let ep = spec.endpoint(endpoint)?;
    let names = path_params(spec, ep);
    if ids.len() > names.len() {
        let takes = if names.is_empty() {
            "no ids".to_string()
        } else {
            names.join(", ")
        };
        return Err(Error::validation(vec![FieldError::new(
            names.last().map_or("id", String::as_str),
            "too_many_ids",
            format!("{endpoint} takes {takes}; {} ids were given", ids.len()),
        )]));
    }
    let mut args = Args::new();
    for (name, id) in names.iter().zip(ids) {
        if !id.is_null() {
            args.path.insert(name.clone(), id);
        }
    }
    for (key, value) in named {
        if value.is_null() {
            continue;
        }
        if names.contains(&key) {
            if args.path.contains_key(&key) {
                return Err(Error::validation(vec![FieldError::new(
                    &key,
                    "given_twice",
                    format!("{endpoint}: {key} was given both by position and by name"),
                )]));
            }
            args.path.insert(key, value);
        } else {
            args.query.insert(key, value);
        }
    }
    args.body = body.filter(|b| !b.is_null());
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn syncore_layout() {
        let l = layout(&ProviderSpec::builtin("syncore").unwrap());
        let r = |attr: &str| l.resources.iter().find(|r| r.attr == attr).unwrap();
        let a = |res: &ResourceLayout, name: &str| {
            res.actions
                .iter()
                .find(|a| a.name == name)
                .cloned()
                .unwrap()
        };
        assert_eq!(a(r("jobs"), "search").kind, ActionKind::List);
        assert_eq!(
            a(r("sales_orders"), "get").path_params,
            ["job_id", "salesorder_id"]
        );
        assert_eq!(
            a(r("sales_order_line_items"), "list").path_params,
            ["job_id", "salesorder_id"],
            "the spelling setting is not a parameter"
        );
        let all = r("all_sales_orders");
        assert_eq!(
            (all.js_attr.as_str(), all.actions.len()),
            ("allSalesOrders", 1)
        );
        assert_eq!(all.actions[0].name, "search");
        assert_eq!(a(r("sales_orders"), "create").kind, ActionKind::Write);
        assert!(a(r("sales_orders"), "create").takes_body);
    }

    #[test]
    fn binding_arguments() {
        let spec = ProviderSpec::builtin("syncore").unwrap();
        let args = bind(
            &spec,
            "purchase_orders.get",
            vec![json!(31987)],
            {
                let mut m = Map::new();
                m.insert("purchaseorder_id".into(), json!(68777));
                m
            },
            None,
        )
        .unwrap();
        assert_eq!(
            Value::Object(args.path),
            json!({"job_id": 31987, "purchaseorder_id": 68777})
        );
        let err = bind(
            &spec,
            "jobs.get",
            vec![json!(1), json!(2)],
            Map::new(),
            None,
        )
        .unwrap_err();
        assert_eq!(
            (err.code.as_str(), err.errors[0].rule.as_str()),
            ("validation_failed", "too_many_ids")
        );
        let mut twice = Map::new();
        twice.insert("job_id".into(), json!(2));
        let err = bind(&spec, "jobs.get", vec![json!(1)], twice, None).unwrap_err();
        assert_eq!(err.errors[0].field, "job_id");
        let mut query = Map::new();
        query.insert("date_from".into(), json!("2026-10-01"));
        query.insert("status".into(), Value::Null);
        let args = bind(&spec, "jobs.search", vec![], query, None).unwrap();
        assert_eq!(
            Value::Object(args.query),
            json!({"date_from": "2026-10-01"})
        );
    }
}
