//! YAML as specmoor reads it: budgets for untrusted input, and error messages.

/// Budgets for YAML that arrives in untrusted pull requests.
pub fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 64;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_nodes = 1_000_000;
    budget.max_events = 2_000_000;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = 16 * 1024 * 1024;
    serde_saphyr::options! { budget: Some(budget) }
}

/// [`options`] for `.specmoor.yml` (specs/config.md CF-3): an application tag
/// (`!custom`, on a value or on a key) is refused, since no key of the config takes one
/// and a tag that would be dropped silently may hide what the line means; standard
/// tags (`!!str`, `!!map`, …) keep their YAML meaning on the node kinds they fit, and
/// merge keys (`<<: *anchor`) are expanded as YAML 1.1 says, the mapping's own keys
/// winning.
pub fn config_options() -> serde_saphyr::Options {
    let mut o = options();
    o.reject_unsupported_tags = true;
    o.reject_tagged_field_names = true;
    o
}

/// The message of a serde-saphyr error, without its own snippet or location.
pub fn message(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::Error as E;
    let mut e = e;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = e {
        e = error;
    }
    match e {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let hint = crate::codes::did_you_mean(field, expected)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!(
                "unknown key `{field}`{hint}; expected one of: {}",
                expected.join(", ")
            )
        }
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let hint = crate::codes::did_you_mean(variant, expected)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!(
                "unknown value `{variant}`{hint}; expected one of: {}",
                expected.join(", ")
            )
        }
        other => {
            let s = other.without_snippet().to_string();
            // drop a trailing " at line X, column Y" that we report ourselves
            let s = match s.find(" at line ") {
                Some(i) => s[..i].to_string(),
                None => s,
            };
            // only the config refuses tags (`config_options`)
            if s.starts_with("unsupported tag") || s.starts_with("tag `") {
                format!("{s}: no key of .specmoor.yml takes a YAML tag; remove it (standard tags such as `!!str` are read as YAML defines them)")
            } else {
                s
            }
        }
    }
}
