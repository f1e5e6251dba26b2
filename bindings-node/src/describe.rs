//! The resource layout JavaScript builds its objects from, derived from the provider spec: one
//! object per resource (`jobs`, `salesOrders`), one method per endpoint (`search`, `get`…),
//! path parameters as leading positional arguments. A new provider's spec therefore appears in
//! JavaScript with no binding code; only its typed aliases (Syncore's `allSalesOrders`) and
//! its `index.d.ts` types are written by hand.

use pacer_sdk_core::ProviderSpec;
use pacer_sdk_core::spec::EndpointSpec;
use serde_json::{Map, Value, json};

use crate::keys::to_camel;

/// How JavaScript calls an endpoint. A GET is a list when it pages, has an envelope, is a
/// capped array (Synq products) or is named as one (Synq categories answer a bare array).
fn call_kind(ep: &EndpointSpec) -> &'static str {
    let listed = ep.envelope.is_some()
        || ep.paging.is_some()
        || ep.list_cap.is_some()
        || matches!(ep.action(), "list" | "search");
    match ep.method.as_str() {
        "GET" if listed => "list",
        "GET" => "get",
        _ => "write",
    }
}

/// The path parameters of `ep` (placeholders that are not settings), in path order.
fn path_params<'a>(spec: &ProviderSpec, ep: &'a EndpointSpec) -> Vec<&'a str> {
    ep.placeholders()
        .into_iter()
        .filter(|p| !spec.settings.contains_key(*p))
        .collect()
}

/// The parent parameters of `ep`: its path parameters without the record id that `get` and
/// `update` end with.
fn parents<'a>(spec: &ProviderSpec, ep: &'a EndpointSpec) -> Vec<&'a str> {
    let mut params = path_params(spec, ep);
    if matches!(ep.action(), "get" | "update") {
        params.pop();
    }
    params
}

fn action_json(spec: &ProviderSpec, ep: &EndpointSpec) -> Value {
    json!({
        "endpoint": ep.name,
        "method": ep.method,
        "kind": call_kind(ep),
        "pathParams": path_params(spec, ep),
        // Writes without a body schema (Salync's archive, Synq's delete) take no body.
        "takesBody": ep.body.is_some(),
        "returns": ep.returns,
        "description": ep.description,
        "confirmed": ep.confirmed,
        "availability": ep.availability,
    })
}

/// Typed aliases of a provider: (JavaScript name, spec resource, parent parameters).
fn aliases(provider: &str) -> Vec<(String, &'static str, &'static [&'static str])> {
    match provider {
        "syncore" => pacer_sdk::syncore::RESOURCES
            .iter()
            .map(|(method, params, name)| (to_camel(method).into_owned(), *name, *params))
            .collect(),
        _ => Vec::new(),
    }
}

/// `{resources: {jsName: {name, actions: {action: {...}}}}}` for `spec`.
pub fn layout(spec: &ProviderSpec) -> Value {
    let mut resources = Map::new();
    for ep in &spec.endpoints {
        let js = to_camel(ep.resource()).into_owned();
        let entry = resources
            .entry(js)
            .or_insert_with(|| json!({"name": ep.resource(), "actions": {}}));
        entry["actions"][to_camel(ep.action()).as_ref()] = action_json(spec, ep);
    }
    // An alias whose name differs from its resource's (Syncore's `allSalesOrders`) offers the
    // actions that take exactly its parent parameters.
    for (js, name, params) in aliases(&spec.name) {
        if resources.contains_key(&js) {
            continue;
        }
        let mut actions = Map::new();
        for ep in spec.endpoints.iter().filter(|e| e.resource() == name) {
            if parents(spec, ep) == params {
                actions.insert(to_camel(ep.action()).into_owned(), action_json(spec, ep));
            }
        }
        if !actions.is_empty() {
            resources.insert(js, json!({"name": name, "actions": actions}));
        }
    }
    json!({
        "provider": spec.name,
        "displayName": spec.display_name,
        "resources": resources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syncore_layout() {
        let spec = ProviderSpec::builtin("syncore").unwrap();
        let l = layout(&spec);
        let r = &l["resources"];
        assert_eq!(r["jobs"]["actions"]["search"]["kind"], "list");
        assert_eq!(
            r["salesOrders"]["actions"]["get"]["pathParams"],
            json!(["job_id", "salesorder_id"])
        );
        assert_eq!(
            r["salesOrderLineItems"]["actions"]["list"]["pathParams"],
            json!(["job_id", "salesorder_id"]),
            "the spelling setting is not a parameter"
        );
        assert_eq!(
            r["allSalesOrders"]["actions"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            vec!["search"]
        );
        assert_eq!(
            r["v1Jobs"]["actions"]["search"]["endpoint"],
            "v1_jobs.search"
        );
        assert_eq!(r["salesOrders"]["actions"]["create"]["kind"], "write");
        assert_eq!(r["salesOrders"]["actions"]["create"]["takesBody"], true);
    }

    #[test]
    fn synq_and_salync_layouts() {
        let synq = layout(&ProviderSpec::builtin("synq").unwrap());
        let r = &synq["resources"];
        assert_eq!(
            r["products"]["actions"]["list"]["kind"], "list",
            "a capped array"
        );
        assert_eq!(
            r["categories"]["actions"]["list"]["kind"], "list",
            "a bare array"
        );
        assert_eq!(r["tenantSettings"]["actions"]["get"]["kind"], "get");
        assert_eq!(r["products"]["actions"]["delete"]["takesBody"], false);
        assert_eq!(
            r["productVariants"]["actions"]["create"]["pathParams"],
            json!(["product_id"])
        );
        let salync = layout(&ProviderSpec::builtin("salync").unwrap());
        let r = &salync["resources"];
        assert_eq!(r["products"]["actions"]["bySku"]["kind"], "get");
        assert_eq!(
            r["products"]["actions"]["bySku"]["pathParams"],
            json!(["sku"])
        );
        assert_eq!(r["products"]["actions"]["archive"]["kind"], "write");
        assert_eq!(r["products"]["actions"]["archive"]["takesBody"], false);
        assert_eq!(
            r["channelListings"]["actions"]["list"]["pathParams"],
            json!(["channel_id"])
        );
    }
}
