//! Stored items as a woken worker reads them: the meta, then what
//! `storage::plan` names (the binding does the same with chrome.storage).

use revoke_watch::core::storage;

pub fn wake_items(all: &storage::Items) -> storage::Items {
    match storage::plan(all.get(storage::META).map(String::as_str)) {
        storage::Plan::Keys(keys) => keys
            .iter()
            .chain(std::iter::once(&storage::META.to_string()))
            .filter_map(|k| Some((k.clone(), all.get(k)?.clone())))
            .collect(),
        storage::Plan::Everything => all.clone(),
    }
}
