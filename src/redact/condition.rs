//! Conditions with the values compared with secret variables hidden (`OSDJoinPassword ==
//! "********"`): what explanations, traces and redacted documents show, since the value a
//! password is compared with is the password.

use crate::model::condition::{Condition, ExpressionKind, Operand, OsGroupItem, VariableOperator};
use crate::vars::REDACTED;

/// Hides, in place, every value compared with a variable `secret` names; `exists` tests and empty
/// values stay as they are. A work list, not recursion: a condition read from JSON has no depth
/// limit. Returns whether anything was hidden.
pub(crate) fn hide<'a>(
    operands: impl IntoIterator<Item = &'a mut Operand>,
    secret: &dyn Fn(&str) -> bool,
) -> bool {
    let mut hid = false;
    let mut stack: Vec<&mut Operand> = operands.into_iter().collect();
    while let Some(operand) = stack.pop() {
        match operand {
            Operand::Operator(op) => stack.extend(op.operands.iter_mut()),
            Operand::OsConditionGroup(group) => stack.extend(
                group
                    .groups
                    .iter_mut()
                    .flat_map(|g| g.items.iter_mut())
                    .filter_map(|item| match item {
                        OsGroupItem::Operand(op) => Some(op),
                        OsGroupItem::PlatformKey(_) => None,
                    }),
            ),
            Operand::Expression(e) => {
                if let ExpressionKind::Variable {
                    name,
                    operator,
                    value,
                } = &mut e.kind
                    && !matches!(
                        operator,
                        VariableOperator::Exists | VariableOperator::NotExists
                    )
                    && !value.is_empty()
                    && secret(name.trim())
                {
                    *value = REDACTED.to_string();
                    hid = true;
                }
            }
            Operand::Raw(_) => {}
        }
    }
    hid
}

/// The text of `condition`, values compared with secrets hidden.
pub(crate) fn condition_text(condition: &Condition, secret: &dyn Fn(&str) -> bool) -> String {
    let mut copy = condition.clone();
    hide(copy.operands.iter_mut(), secret);
    copy.to_text()
}

/// The text of `operand` standing alone, values compared with secrets hidden.
pub(crate) fn operand_text(operand: &Operand, secret: &dyn Fn(&str) -> bool) -> String {
    let mut copy = operand.clone();
    hide([&mut copy], secret);
    copy.to_text()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vars::is_secret_name;

    #[test]
    fn only_compared_secret_values_are_hidden() {
        let c: Condition = r#"(OSDJoinPassword == "a" or not OSDLocalAdminPassword like "b*") and OSDJoinPassword exists and PHASE == "c" and OSDBitLockerPIN == """#
            .parse()
            .unwrap();
        assert_eq!(
            condition_text(&c, &is_secret_name),
            r#"(OSDJoinPassword == "********" or not OSDLocalAdminPassword like "********") and OSDJoinPassword exists and PHASE == "c" and OSDBitLockerPIN == """#
        );
        let mut copy = c.clone();
        assert!(hide(copy.operands.iter_mut(), &is_secret_name));
        let mut plain: Condition = r#"PHASE == "c""#.parse().unwrap();
        assert!(!hide(plain.operands.iter_mut(), &is_secret_name));
        assert_eq!(
            operand_text(&c.operands[0], &|n: &str| n == "OSDJoinPassword"),
            r#"OSDJoinPassword == "********" or not OSDLocalAdminPassword like "b*""#
        );
    }
}
