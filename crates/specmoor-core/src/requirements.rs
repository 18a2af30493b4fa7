//! Coverage the other way (specs/tags.md): which requirements of each spec nothing
//! implements. A requirement is a section headed by a requirement ID (`## FR-1:
//! Login`) or a requirement item (`- **FR-001**: …`); it is implemented when a section-keyed owner of it
//! (`owns: {FR-1: [...]}`, a config owner `spec#FR-1`) matches at least one file, or
//! when a tag in code names it. A spec that owns its code as a whole (an `owns:` list,
//! its `"*"` key, a config owner without a section) is said to: its requirements may
//! all be built, but nothing says where.

use crate::specset::SpecSet;
use serde::Serialize;
use std::collections::BTreeSet;

/// One requirement of a spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// The requirement ID (the section's ID).
    pub id: String,
    /// The heading as written.
    pub title: String,
    /// The spec document holding it.
    pub path: String,
    /// 1-based line of its heading (or item).
    pub line: usize,
    /// A requirement item (`- **FR-001**: …`) rather than a heading.
    pub item: bool,
}

impl Requirement {
    /// `FR-1: Login`, or `FR-1 Login` when the title does not start with the ID.
    pub fn label(&self) -> String {
        if self.title.starts_with(&self.id) {
            self.title.clone()
        } else if self.title.is_empty() {
            self.id.clone()
        } else {
            format!("{} {}", self.id, self.title)
        }
    }
}

/// The requirements of one spec unit, and those nothing implements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecRequirements {
    pub spec: String,
    /// The spec owns code as a whole (not only by section).
    pub owns_whole: bool,
    /// Its requirements.
    pub requirements: usize,
    /// Those a section-keyed owner matching a file implements.
    pub by_owner: usize,
    /// Those a tag in code names.
    pub by_tag: usize,
    /// Those neither implements, in document order.
    pub unimplemented: Vec<Requirement>,
}

/// Every spec with at least one requirement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Listing {
    /// Requirements in every spec.
    pub total: usize,
    /// Requirements an owner or a tag implements.
    pub implemented: usize,
    /// Requirements nothing implements.
    pub unimplemented: usize,
    pub specs: Vec<SpecRequirements>,
}

/// The requirements of each spec unit at head ([`crate::tags::requirements`]:
/// sections headed by a requirement ID and requirement items), grouped by unit in
/// address order, each in document order.
pub fn of_specs(specs: &SpecSet) -> Vec<(String, Vec<Requirement>)> {
    let mut out: Vec<(String, Vec<Requirement>)> = Vec::new();
    for r in crate::tags::requirements(specs) {
        let req = Requirement {
            id: r.id,
            title: r.title,
            path: r.doc,
            line: r.line,
            item: r.item,
        };
        match out.last_mut() {
            Some((u, v)) if *u == r.unit => v.push(req),
            _ => out.push((r.unit, vec![req])),
        }
    }
    out
}

/// What implements requirements: (spec, section) pairs.
#[derive(Debug, Clone, Default)]
pub struct Implemented {
    /// Section-keyed owners that match at least one file.
    pub by_owner: BTreeSet<(String, String)>,
    /// Sections a tag in code names.
    pub by_tag: BTreeSet<(String, String)>,
    /// Specs owning code as a whole.
    pub whole: BTreeSet<String>,
}

/// The listing of `reqs` (from [`of_specs`], or with requirement items added).
pub fn listing(reqs: Vec<(String, Vec<Requirement>)>, implemented: &Implemented) -> Listing {
    let mut l = Listing::default();
    for (spec, reqs) in reqs {
        let key = |r: &Requirement| (spec.clone(), r.id.clone());
        let by_owner = reqs
            .iter()
            .filter(|r| implemented.by_owner.contains(&key(r)))
            .count();
        let by_tag = reqs
            .iter()
            .filter(|r| implemented.by_tag.contains(&key(r)))
            .count();
        let requirements = reqs.len();
        let unimplemented: Vec<Requirement> = reqs
            .into_iter()
            .filter(|r| {
                let k = key(r);
                !implemented.by_owner.contains(&k) && !implemented.by_tag.contains(&k)
            })
            .collect();
        l.total += requirements;
        l.unimplemented += unimplemented.len();
        l.specs.push(SpecRequirements {
            owns_whole: implemented.whole.contains(&spec),
            spec,
            requirements,
            by_owner,
            by_tag,
            unimplemented,
        });
    }
    l.implemented = l.total - l.unimplemented;
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(id: &str, line: usize) -> Requirement {
        Requirement {
            id: id.into(),
            title: format!("{id}: x"),
            path: "specs/a.md".into(),
            line,
            item: false,
        }
    }

    #[test]
    fn an_owner_or_a_tag_implements() {
        let reqs = vec![(
            "specs/a.md".to_string(),
            vec![req("FR-1", 3), req("FR-2", 5), req("FR-3", 7)],
        )];
        let mut imp = Implemented::default();
        imp.by_owner.insert(("specs/a.md".into(), "FR-1".into()));
        imp.by_tag.insert(("specs/a.md".into(), "FR-1".into()));
        imp.by_tag.insert(("specs/a.md".into(), "FR-3".into()));
        imp.whole.insert("specs/a.md".into());
        let l = listing(reqs, &imp);
        assert_eq!((l.total, l.implemented, l.unimplemented), (3, 2, 1));
        let s = &l.specs[0];
        assert!(s.owns_whole);
        assert_eq!((s.by_owner, s.by_tag), (1, 2));
        assert_eq!(s.unimplemented, vec![req("FR-2", 5)]);
    }

    #[test]
    fn labels() {
        assert_eq!(req("FR-1", 1).label(), "FR-1: x");
        let r = Requirement {
            title: "Login".into(),
            ..req("FR-1", 1)
        };
        assert_eq!(r.label(), "FR-1 Login");
    }
}
