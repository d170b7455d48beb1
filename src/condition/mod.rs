//! Conditions on steps and groups: a lossless tree of operators and expressions.
//!
//! The tree is what the XML says, typed: [`Condition`] holds operands that are implicitly ANDed,
//! [`Operator`]s hold `and`/`or`/`not` children, [`Expression`]s hold one test each. Spelling and
//! field-order details that carry no meaning (an operator written `Equals`, MDT's field order, an
//! omitted `Value`) live in [`XmlHints`], which writing honours and equality ignores, so that a
//! condition parsed from its text form equals the one read from XML.
//!
//! Around the tree:
//! - [`text`]: the one-line text syntax (`PHASE == "VALIDATION" and not wmi("…")`), parsed with
//!   nom and printed canonically ([`Condition::to_text`], `str::parse`).
//! - Evaluation ([`Condition::evaluate`], [`CompiledCondition`]) against an [`EvalContext`]:
//!   [`Variables`], an optional [`crate::machine::Host`] and [`EvalOptions`]. There is one
//!   evaluator: the condition is flattened into a program whose leaves are prepared once (WMI
//!   queries parsed, expected values classified, date-times read); a [`CompiledCondition`] keeps
//!   the program, [`Condition::evaluate`] builds one that borrows from the condition.
//! - Explanations ([`Condition::explain`] → [`Explanation`]): each node's value and the facts that
//!   decided each leaf, gathered from that same evaluation.
//! - [`compare`]: the comparison rules themselves, the only copy: evaluation, explanations and
//!   the rest of the library compare through them.
//!
//! # Semantics
//!
//! The documentation disagrees with itself in places; these are the choices, each with its
//! reason.
//!
//! - **Combining.** The operands of a `<condition>` are ANDed; an empty condition is true.
//!   `and` = all children true (`and()` true), `or` = any (`or()` false), `not` = none of its
//!   children (`not()` true; `not(A, B)` = NOT(A OR B)). Evaluation goes left to right and stops
//!   as soon as the result is known, so a later WMI query that would fail is never asked.
//!   Comments, processing instructions and stray text between operands are not operands and are
//!   skipped; an unknown element or expression type is an error naming it.
//! - **Variables.** Names are case-insensitive. An unset variable compares as `""`. `exists` is
//!   true only when the variable is set to a non-empty value (setting `""` deletes a variable).
//! - **`equals`/`notEquals`.** When both sides are integers (decimal with optional sign, or `0x`
//!   hex) they compare as numbers, and a negative 32-bit value also equals its unsigned
//!   two's-complement spelling: `3247440400` = `0xC1900210` = `-1047526896`, because return
//!   codes are written all three ways. Otherwise they compare as text, ignoring case.
//! - **`greater`/`less` and friends.** Integers as numbers (no 32-bit wrap-around here: `-1` is
//!   less than `0`); else dotted versions part by part (`10.0.19045` > `10.0.9600`; missing parts
//!   are 0); else text in ordinal order, ignoring case.
//! - **`like`/`notLike`.** `*` any run, `?` one character, the whole value, ignoring case. `%` and
//!   `_` are ordinary characters (they are WQL's wildcards).
//! - **Case.** [`EvalOptions::case_sensitive`] makes text comparisons and `like` case-sensitive,
//!   as the ConfigMgr 2007 documentation describes.
//! - **WMI.** True when the query returns at least one instance. The query is parsed with
//!   [`crate::wql`] and asked through [`crate::machine::Host::wmi_count`] in the expression's
//!   namespace (`root\cimv2` when none is written). A query that does not parse or that the host
//!   cannot answer is false with `ignoreQueryFailure`, otherwise an [`EvalError::Wmi`] naming it.
//!   Queries are never `%`-expanded.
//! - **File and Folder.** The path is expanded first ([`expand_condition_path`], the rules of
//!   [`crate::vars::expand`]). True when the host knows the path and each given comparison holds:
//!   the version as a dotted version (else as a value); the date-time, written in the condition as
//!   a WMI datetime `yyyyMMddhhmmss.ffffff±UUU`, against the host's RFC 3339 modification time, both
//!   in UTC. A file without a version or time fails its comparison. A value without its operator
//!   (never seen) is not compared.
//! - **Registry.** `exists` is true when the value exists and, if `Type` is given, has that type;
//!   `notExists` is its negation. Comparisons compare `Data` with the value's data whatever its
//!   type, with the `equals`/ordering rules above (DWORD/QWORD as integers); a missing value makes
//!   every comparison false; a multi-string holds when any of its strings does (`notEquals`: none
//!   equals). `like`/`notLike` are not registry operators: an error.
//! - **Installed software.** `ThisVersion` asks the host for the product code and, when a version
//!   is given, requires the installed version to equal it; `AnyVersion` asks for the upgrade code
//!   and ignores the version. The needed code missing is an error.
//! - **MDT OS conditions.** The architecture is `Win32_OperatingSystem.OSArchitecture` (else the
//!   `PROCESSOR_ARCHITEW6432`/`PROCESSOR_ARCHITECTURE` environment variables), compared by family
//!   (`X64` = `64-bit` = `AMD64`). The version is `Win32_OperatingSystem.Version` plus
//!   `ServicePackMajorVersion` as a fourth part, compared with the minor part read as a decimal
//!   fraction, as MDT and ConfigMgr platform keys write it (`6.10.7601.1` is Windows 7 SP1 =
//!   `6.1.7601` SP 1).
//! - **OS condition groups.** True when any platform group is; a group is true when all its
//!   expressions are. The `platformKey` only describes the platform.
//! - **Make and Model** (Set Dynamic Variables rules). Both must match, `*`/`?` wildcards, ignoring
//!   case; an empty or missing pattern matches anything. The machine's values are the variables
//!   `_SMSTSMake`/`_SMSTSModel` when set (the step sets them), else
//!   `Win32_ComputerSystem.Manufacturer`/`Model`.
//! - **Computer** (Set Dynamic Variables rules). True when any given field matches (empty fields
//!   are unused): asset tag (`_SMSTSAssetTag`, else `Win32_SystemEnclosure.SMBIOSAssetTag`), MAC
//!   address (`_SMSTSMacAddresses`, a list, else `Win32_NetworkAdapterConfiguration.MACAddress` of
//!   IP-enabled adapters; compared by hex digits), serial number (`_SMSTSSerialNumber`, else
//!   `Win32_BIOS.SerialNumber`) and UUID (`_SMSTSUUID`, else `Win32_ComputerSystemProduct.UUID`;
//!   braces and case ignored).
//! - **Secrets.** Explanations show secret variables (per [`Variables::is_secret`]) as `********`
//!   unless [`EvalOptions::secrets`] is [`crate::vars::Secrets::Reveal`]; so do Make/Model and
//!   Computer facts read from such a variable. A File or Folder path shows a reference to a secret
//!   value as written (`C:\%OSDJoinPassword%.txt`), never expanded.

pub mod compare;
pub(crate) mod datetime;
mod error;
mod eval;
mod explain;
mod leaves;
mod machine_facts;
mod options;
mod program;
mod sink;
pub mod text;

pub use crate::model::condition::{
    CompareOperator, Condition, Expression, ExpressionKind, Field, Operand, Operator, OperatorKind,
    OsConditionGroup, OsExpressionGroup, OsGroupItem, PlatformKey, SoftwareOperator,
    VariableOperator, XmlHints,
};
pub use crate::vars::{Lookup as Variables, NoVariables};
pub use error::{
    DateTimeForm, DateTimeSource, EvalError, MAX_EVAL_DEPTH, MachineKind, RequiredField,
};
pub use eval::CompiledCondition;
pub use explain::{Explanation, ExplanationKind, Outcome};
pub use leaves::expand_condition_path;
pub use options::{EvalContext, EvalOptions};
pub use text::TextError;

#[cfg(test)]
mod tests;
