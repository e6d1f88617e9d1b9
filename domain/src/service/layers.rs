//! The import order of the crate (分层). Each layer may import only from the layers below it;
//! a test reads the sources and fails on an import that goes up or sideways, so no import circle
//! can come back.
//!
//! Across the crate, from the bottom: `model` and `rules` (pure) ← `store` (the only user of
//! `sea_orm`) ← `platform` (clock, mail, documents, audit, outbox…) ← `service`. Inside
//! `service`, the modules stand in [`SERVICE_LAYERS`]. The service root (`service/mod.rs`:
//! `Services`, `ServiceConfig`, `authorize`) is the composition root every module may import.
//!
//! What the test cannot see: a use case is a method on the one `Services` type, so a module
//! may *call* a method defined in a module above it without importing it. Where one does (the
//! complaints desk overturns an award through procurement), the caller stands above the callee
//! in this order too.

/// The service modules, lowest first. A module imports only from rows above its own row.
///
/// Where this differs from the intuitive business order, the code taught otherwise: the credit
/// ledger stands below the firms (a firm's entry and profile read the ledger's restrictions;
/// the ledger needs nothing of a firm's profile), and evaluation below procurement (a
/// project's page shows its owner's ratings).
pub const SERVICE_LAYERS: &[&[&str]] = &[
    &["sealing", "sessions"],
    &["accounts", "audit_trail", "catalogue", "transparency"],
    &["credit"],
    &["firms"],
    &[
        "credit_repair",
        "delivery",
        "directory",
        "dishonesty",
        "evaluation",
        "red_list",
    ],
    &["files", "procurement"],
    &["complaints", "inspections"],
    &["dossiers", "ocds", "surveillance"],
];

#[cfg(test)]
mod tests {
    use super::SERVICE_LAYERS;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    fn src() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
    }

    /// Every `.rs` file under `dir`, with its text outside comments and test modules.
    fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push((path, code_of(&text)));
                }
            }
        }
        out.sort();
        out
    }

    /// The code of a file: without `//` comments, and without what follows `#[cfg(test)]`
    /// (test modules stand at the end of a file and may reach anywhere).
    fn code_of(text: &str) -> String {
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        text.lines()
            .map(|l| match l.find("//") {
                // A `//` inside a string (a URL) is kept; comments here start a line or follow
                // code after a space.
                Some(i) if l[..i].trim().is_empty() || l[..i].ends_with(' ') => &l[..i],
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The top-level service module a file belongs to (`procurement` for
    /// `service/procurement/desk.rs`); `None` for the service root.
    fn service_module(path: &Path) -> Option<String> {
        let rel = path.strip_prefix(src().join("service")).ok()?;
        let first = rel.components().next()?.as_os_str().to_str()?;
        let name = first.trim_end_matches(".rs");
        (name != "mod").then(|| name.to_owned())
    }

    /// The service modules a file's code names: `super::x`, `crate::service::x`,
    /// `super::{x, …}`, `crate::service::{x, …}`.
    fn named_modules(code: &str, in_submodule: bool) -> Vec<String> {
        let mut out = Vec::new();
        let mut prefixes = vec!["crate::service::"];
        if !in_submodule {
            prefixes.push("super::");
        } else {
            prefixes.push("super::super::");
        }
        for prefix in prefixes {
            for (i, _) in code.match_indices(prefix) {
                let rest = &code[i + prefix.len()..];
                if let Some(group) = rest.strip_prefix('{') {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    for item in group.split(',') {
                        let name = item.trim().split("::").next().unwrap_or("").trim();
                        out.push(name.to_owned());
                    }
                } else {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    out.push(name);
                }
            }
        }
        out
    }

    fn layer_of() -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for (i, row) in SERVICE_LAYERS.iter().enumerate() {
            for name in *row {
                assert!(m.insert(*name, i).is_none(), "{name} is listed twice");
            }
        }
        m
    }

    /// Every service module is in the declared order, and every module in the order exists.
    #[test]
    fn every_service_module_has_a_place_in_the_order() {
        let layers = layer_of();
        let mut found: Vec<String> = sources(&src().join("service"))
            .iter()
            .filter_map(|(p, _)| service_module(p))
            .filter(|m| m != "layers")
            .collect();
        found.sort();
        found.dedup();
        let listed: Vec<String> = layers.keys().map(|k| k.to_string()).collect();
        assert_eq!(found, listed, "service/ and SERVICE_LAYERS disagree");
    }

    /// A service module imports only from the rows above its own.
    #[test]
    fn service_modules_import_only_downward() {
        let layers = layer_of();
        let mut wrong = Vec::new();
        for (path, code) in sources(&src().join("service")) {
            let Some(module) = service_module(&path) else {
                continue;
            };
            let Some(&own) = layers.get(module.as_str()) else {
                continue;
            };
            let in_submodule = path.parent() != Some(&src().join("service"));
            for named in named_modules(&code, in_submodule) {
                if let Some(&theirs) = layers.get(named.as_str())
                    && named != module
                    && theirs >= own
                {
                    wrong.push(format!(
                        "{} imports {named} (row {theirs}, its own row {own})",
                        path.display()
                    ));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "imports against the order:\n{}",
            wrong.join("\n")
        );
    }

    /// The layers below the services never reach up: `model` and `rules` are pure (no store,
    /// platform or service), `store` reaches neither the platform nor the services, and the
    /// platform reaches no service module. And only `store` names `sea_orm`.
    #[test]
    fn lower_layers_never_import_upper_ones() {
        let forbidden: [(&str, &[&str]); 4] = [
            (
                "model",
                &[
                    "crate::store",
                    "crate::platform",
                    "crate::service",
                    "sea_orm",
                ],
            ),
            (
                "rules",
                &[
                    "crate::store",
                    "crate::platform",
                    "crate::service",
                    "sea_orm",
                ],
            ),
            ("store", &["crate::platform", "crate::service"]),
            ("platform", &["crate::service", "sea_orm"]),
        ];
        let mut wrong = Vec::new();
        for (dir, names) in forbidden {
            for (path, code) in sources(&src().join(dir)) {
                for name in names {
                    if code.contains(name) {
                        wrong.push(format!("{} names {name}", path.display()));
                    }
                }
            }
        }
        for (path, code) in sources(&src().join("service")) {
            if code.contains("sea_orm") {
                wrong.push(format!("{} names sea_orm", path.display()));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// What `store` hands the layers above it: the connection and transaction types, the
    /// write transaction and its locks, the generic row reads and writes, the row types
    /// (`entities::x::Model`), and its aggregate modules (`store::projects`, …), which hold every
    /// query. Anything else of `store` (sea-orm's query builder re-exported) stays in `store`.
    const STORE_HANDS_OUT: &[&str] = &[
        "self",
        "entities",
        "Db",
        "DatabaseTransaction",
        "ConnectionTrait",
        "begin_write",
        "lock_keys",
        "take_turns",
        "Turn",
        "find",
        "find_many",
        "insert",
        "insert_many",
        "update",
        "delete",
        "is_unique_violation",
    ];

    /// Words that only building a query writes.
    const QUERY_BUILDING: &[&str] = &[
        "::Entity",
        "::Column",
        "ActiveModel",
        "Set(",
        "Expr::",
        "find_by_id",
        "sea_query",
        "execute_raw",
        "query_one_raw",
        "query_all_raw",
        "get_database_backend",
    ];

    /// The names a file's code takes from `store` (`use crate::store::{a, b::c}` gives `a`,
    /// `b`; `store::x::y` gives `x`).
    fn store_names(code: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, _) in code.match_indices("store::") {
            if code[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                continue;
            }
            let rest = &code[i + "store::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split(',') {
                    let name = item.trim().split("::").next().unwrap_or("").trim();
                    let name = name.split_whitespace().next().unwrap_or("");
                    if !name.is_empty() {
                        out.push(name.to_owned());
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        }
        out
    }

    /// The aggregate modules of `store` (its files and directories but `mod.rs`).
    fn store_modules() -> Vec<String> {
        std::fs::read_dir(src().join("store"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "mod.rs")
            .map(|n| n.trim_end_matches(".rs").to_owned())
            .collect()
    }

    /// What in a file's code builds a query or takes from `store` more than it hands out.
    fn query_building(code: &str, modules: &[String]) -> Vec<String> {
        let mut found: Vec<String> = QUERY_BUILDING
            .iter()
            .filter(|w| code.contains(*w))
            .map(|w| w.to_string())
            .collect();
        for name in store_names(code) {
            if !STORE_HANDS_OUT.contains(&name.as_str()) && !modules.contains(&name) {
                found.push(format!("store::{name}"));
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// sea-orm is used only in `store`: the services and the platform read and write through
    /// what it hands out and never build a query themselves.
    #[test]
    fn queries_are_written_only_in_store() {
        let modules = store_modules();
        let mut wrong = Vec::new();
        for dir in ["service", "platform"] {
            for (path, code) in sources(&src().join(dir)) {
                let rel = path
                    .strip_prefix(src())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let found = query_building(&code, &modules);
                if !found.is_empty() {
                    wrong.push(format!("{rel}: {}", found.join(", ")));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "queries written outside store (move them into a store module):\n{}",
            wrong.join("\n")
        );
    }

    /// The check itself: a filter in a made-up service file is found, a store call is not.
    #[test]
    fn the_check_finds_a_query_built_in_a_service() {
        let modules = vec!["projects".to_owned()];
        let built = code_of(
            "use crate::store::{ColumnTrait, EntityTrait, begin_write};\n\
             project::Entity::find().filter(project::Column::Id.eq(id))",
        );
        assert_eq!(
            query_building(&built, &modules),
            [
                "::Column",
                "::Entity",
                "store::ColumnTrait",
                "store::EntityTrait"
            ]
        );
        let clean = code_of(
            "use crate::store::{self, begin_write, entities::project, projects};\n\
             let p = store::find::<project::Model>(&tx, id).await?;\n\
             projects::of_owner(&tx, owner).await?",
        );
        assert!(query_building(&clean, &modules).is_empty());
    }

    /// A service file stays readable: at most 800 lines (a use case that grows past it gets a
    /// module of its own, as `procurement/`, `credit/` and `firms/` have).
    #[test]
    fn no_service_file_is_above_800_lines() {
        let long: Vec<String> = sources(&src().join("service"))
            .into_iter()
            .filter_map(|(path, _)| {
                let n = std::fs::read_to_string(&path).unwrap().lines().count();
                (n > 800).then(|| format!("{}: {n} lines", path.display()))
            })
            .collect();
        assert!(long.is_empty(), "{}", long.join("\n"));
    }

    /// The check itself: an upward import in a made-up file is found.
    #[test]
    fn the_check_finds_an_upward_import() {
        let code = code_of(
            "use super::procurement::NextStep;\n// use super::ocds::x;\nuse super::{credit, ocds};\n",
        );
        let named = named_modules(&code, false);
        assert_eq!(named, ["procurement", "credit", "ocds"]);
        let layers = layer_of();
        assert!(layers["procurement"] > layers["credit"]);
    }
}
