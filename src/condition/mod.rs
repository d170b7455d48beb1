//! Conditions on steps and groups: a lossless tree of operators and expressions.
//!
//! The tree is what the XML says, typed: [`Condition`] holds operands that are implicitly ANDed,
//! [`Operator`]s hold `and`/`or`/`not` children, [`Expression`]s hold one test each. Spelling and
//! field-order details that carry no meaning (an operator written `Equals`, MDT's field order, an
//! omitted `Value`) live in [`XmlHints`], which writing honours and equality ignores, so that a
//! condition parsed from its text form equals the one read from XML.

mod ast;

pub use ast::{
    CompareOperator, Condition, Expression, ExpressionKind, Field, Operand, Operator, OperatorKind,
    OsConditionGroup, OsExpressionGroup, OsGroupItem, PlatformKey, SoftwareOperator,
    VariableOperator, XmlHints,
};
