//! A condition's value in words: the facts of the leaves that decided it.

use crate::condition::{Explanation, Outcome};

/// The facts that make `explanation` come out as it did, in order: for a false `and` its false
/// operands, for a false `or` all of them, through `not` with the sense flipped. A leaf without
/// facts is named by its text.
pub(super) fn deciding_facts(explanation: &Explanation) -> Vec<String> {
    let Some(want) = explanation.as_bool() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Explicit stack (children pushed in reverse so they come out in order).
    let mut stack: Vec<(&Explanation, bool)> = vec![(explanation, want)];
    while let Some((node, want)) = stack.pop() {
        if node.children.is_empty() {
            if node.facts.is_empty() {
                let state = if want { "true" } else { "false" };
                // Groups below the root have no text; an empty one is named by its kind.
                if node.text.is_empty() {
                    out.push(format!("an empty `{}` is {state}", node.kind));
                } else {
                    out.push(format!("{} is {state}", node.text));
                }
            } else {
                out.extend(node.facts.iter().cloned());
            }
            continue;
        }
        let target = match node.kind.as_str() {
            "not" => Some(!want),
            _ => Some(want),
        };
        let all = match (node.kind.as_str(), want) {
            // A false conjunction is decided by its false operands only.
            ("condition" | "and" | "platform", false) => false,
            // A true disjunction is decided by its true operand.
            ("or" | "os_group", true) => false,
            // `not` is false when some operand is true.
            ("not", false) => false,
            _ => true,
        };
        let wanted = target.map(|t| if t { Outcome::True } else { Outcome::False });
        for child in node.children.iter().rev() {
            if child.value == Outcome::NotEvaluated {
                continue;
            }
            if all || Some(child.value) == wanted {
                stack.push((child, target.unwrap_or(want)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::{Condition, EvalContext};
    use std::collections::HashMap;

    fn facts(text: &str, vars: &[(&str, &str)]) -> Vec<String> {
        let c: Condition = text.parse().unwrap();
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        deciding_facts(&c.explain(&EvalContext::new(&vars)))
    }

    #[test]
    fn false_and_names_the_false_operand() {
        let got = facts(r#"A == "1" and B == "2""#, &[("A", "1"), ("B", "3")]);
        assert_eq!(got, [r#"B = "3" does not equal "2" as integers"#]);
    }

    #[test]
    fn false_or_names_every_operand() {
        let got = facts(r#"A == "1" or B exists"#, &[("A", "2")]);
        assert_eq!(
            got,
            [r#"A = "2" does not equal "1" as integers"#, "B is not set"]
        );
    }

    #[test]
    fn not_flips() {
        let got = facts(r#"not A exists"#, &[("A", "x")]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains('A'), "{got:?}");
    }
}
