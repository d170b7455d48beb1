//! The pieces the wizard assembles: groups, steps with the console's defaults, and variable
//! conditions.

use crate::condition::{
    Condition, Expression, ExpressionKind, Field, Operand, VariableOperator, XmlHints,
};
use crate::model::{Entry, Group, Node, Options, RunIn, Step, VarList, Variable};

/// A group with a name, a description, maybe a condition, and children.
pub(super) fn group(
    name: &str,
    description: &str,
    condition: Option<Condition>,
    children: Vec<Node>,
) -> Node {
    Node::Group(Group {
        name: Some(name.into()),
        description: Some(description.into()),
        condition,
        children,
        ..Group::default()
    })
}

/// An empty group the wizard adds for the administrator to fill.
pub(super) fn placeholder(name: &str, description: &str) -> Node {
    group(name, description, None, Vec::new())
}

/// `Variable` `operator` `value`, with the operator written as the wizard spells it (it writes
/// `notequals` in lower case).
pub(super) fn variable_condition(
    variable: &str,
    operator: VariableOperator,
    value: &str,
    spelling: Option<&str>,
) -> Condition {
    let mut expression = Expression::new(ExpressionKind::Variable {
        name: variable.into(),
        operator,
        value: value.into(),
    });
    if let Some(spelled) = spelling {
        expression.hints = XmlHints {
            spellings: vec![Field {
                name: "Operator".into(),
                value: spelled.into(),
            }],
            ..XmlHints::default()
        };
    }
    Condition {
        operands: vec![Operand::Expression(expression)],
        extra_attributes: Vec::new(),
    }
}

/// A step's settings in the order the console writes them; `hidden` marks the ones it hides.
pub(super) struct Var<'a> {
    pub name: &'a str,
    pub property: &'a str,
    pub value: String,
    pub hidden: bool,
}

/// A shown setting.
pub(super) fn var<'a>(name: &'a str, property: &'a str, value: impl Into<String>) -> Var<'a> {
    Var {
        name,
        property,
        value: value.into(),
        hidden: false,
    }
}

/// A hidden setting.
pub(super) fn hidden<'a>(name: &'a str, property: &'a str, value: impl Into<String>) -> Var<'a> {
    Var {
        hidden: true,
        ..var(name, property, value)
    }
}

/// How a step runs, as the console writes its attributes.
pub(super) struct Runs {
    pub run_in: RunIn,
    pub success_codes: &'static str,
    pub retry_count: u32,
    pub continue_on_error: bool,
}

/// The console's attributes for a step of a full-OS phase: runs in full OS, success 0, no retry.
pub(super) const FULL_OS: Runs = Runs {
    run_in: RunIn::FullOs,
    success_codes: "0",
    retry_count: 0,
    continue_on_error: false,
};

/// A step that may also run in Windows PE.
pub(super) const ANYWHERE: Runs = Runs {
    run_in: RunIn::WinPeAndFullOs,
    ..FULL_OS
};

/// A step of `type_name` with the console's attributes, its action and its settings.
pub(super) fn step(
    type_name: &str,
    name: &str,
    description: &str,
    runs: &Runs,
    action: &str,
    settings: Vec<Var<'_>>,
) -> Node {
    let entries = settings
        .into_iter()
        .map(|v| {
            let mut variable = Variable::new(v.name, v.property, v.value);
            if v.hidden {
                variable.hidden = Some(true);
            }
            Entry::Known(variable)
        })
        .collect();
    Node::Step(Step {
        type_name: Some(type_name.into()),
        name: Some(name.into()),
        description: Some(description.into()),
        options: Options {
            continue_on_error: runs.continue_on_error.then_some(true),
            run_in: Some(runs.run_in),
            success_code_list: Some(runs.success_codes.into()),
            retry_count: Some(runs.retry_count),
            run_from_net: Some(false),
            ..Options::default()
        },
        action: Some(action.into()),
        variables: Some(VarList {
            entries,
            extra_attributes: Vec::new(),
        }),
        ..Step::default()
    })
}
