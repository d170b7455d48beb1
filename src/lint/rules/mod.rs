//! The rules, one file per family. Each family lists its rules in id order, and the families
//! follow each other in id order, so [`FAMILIES`] read in order is [`super::rules`].

mod conditions;
mod shared;
mod size;
mod structure;
mod upgrade;
mod variables;
mod wql;

use super::rule::Rule;

pub(super) static FAMILIES: &[&[Rule]] = &[
    upgrade::RULES,
    conditions::RULES,
    wql::RULES,
    variables::RULES,
    structure::RULES,
    size::RULES,
];
