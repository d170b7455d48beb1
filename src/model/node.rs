use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::raw::{Attribute, RawNode};
use super::variable::VarList;

/// One child of a sequence or group: a group, a step (including `<subtasksequence>`), or content the
/// model keeps verbatim.
///
/// JSON: `{"kind":"group",…}`, `{"kind":"step",…}`, `{"kind":"raw","node":{…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Node {
    /// A `<group>`.
    Group(Group),
    /// A `<step>` or `<subtasksequence>`.
    Step(Step),
    /// An unknown element, a comment or stray text, kept where it stood.
    Raw {
        /// The content.
        node: RawNode,
    },
}

/// What a [`Node`] is, for walking without matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A group.
    Group,
    /// A `<step>`.
    Step,
    /// A Run Task Sequence step (`<subtasksequence>`).
    SubTaskSequence,
    /// Content kept verbatim.
    Raw,
}

impl Node {
    /// What this node is.
    pub fn kind(&self) -> NodeKind {
        match self {
            Node::Group(_) => NodeKind::Group,
            Node::Step(s) if s.element == StepElement::SubTaskSequence => NodeKind::SubTaskSequence,
            Node::Step(_) => NodeKind::Step,
            Node::Raw { .. } => NodeKind::Raw,
        }
    }

    /// The node's name (`""` when it has none, and for raw content).
    pub fn name(&self) -> &str {
        match self {
            Node::Group(g) => g.name.as_deref().unwrap_or(""),
            Node::Step(s) => s.name.as_deref().unwrap_or(""),
            Node::Raw { .. } => "",
        }
    }

    /// The step's `type` attribute; `None` for groups, raw content and untyped MDT steps.
    pub fn type_name(&self) -> Option<&str> {
        match self {
            Node::Step(s) => s.type_name.as_deref(),
            _ => None,
        }
    }

    /// Whether the node itself is disabled (`disable="true"`); ancestors are not consulted.
    pub fn is_disabled(&self) -> bool {
        self.options().is_some_and(Options::is_disabled)
    }

    /// The node's options, for groups and steps.
    pub fn options(&self) -> Option<&Options> {
        match self {
            Node::Group(g) => Some(&g.options),
            Node::Step(s) => Some(&s.options),
            Node::Raw { .. } => None,
        }
    }

    /// The node's condition, if it has one.
    pub fn condition(&self) -> Option<&Condition> {
        match self {
            Node::Group(g) => g.condition.as_ref(),
            Node::Step(s) => s.condition.as_ref(),
            Node::Raw { .. } => None,
        }
    }

    /// The group's children; empty for everything else.
    pub fn children(&self) -> &[Node] {
        match self {
            Node::Group(g) => &g.children,
            _ => &[],
        }
    }
}

/// Where a step or group runs (`runIn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RunIn {
    /// `WinPEandFullOS`
    #[serde(rename = "WinPEandFullOS")]
    WinPeAndFullOs,
    /// `WinPE`
    #[serde(rename = "WinPE")]
    WinPe,
    /// `FullOS`
    #[serde(rename = "FullOS")]
    FullOs,
}

impl RunIn {
    /// The attribute spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RunIn::WinPeAndFullOs => "WinPEandFullOS",
            RunIn::WinPe => "WinPE",
            RunIn::FullOs => "FullOS",
        }
    }

    /// Parses the exact attribute spelling.
    pub fn parse(text: &str) -> Option<Self> {
        [RunIn::WinPeAndFullOs, RunIn::WinPe, RunIn::FullOs]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

/// The options common to steps and groups, as attributes. `None` means the attribute is absent
/// (ConfigMgr omits attributes at their default; MDT writes them all), and is written back absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// `disable`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable: Option<bool>,
    /// `continueOnError`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continue_on_error: Option<bool>,
    /// `runIn`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_in: Option<RunIn>,
    /// `successCodeList`, as written (space-separated integers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_code_list: Option<String>,
    /// `successCodes`, an MDT variant seen beside `successCodeList`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_codes: Option<String>,
    /// `timeout`, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u32>,
    /// `retryCount`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_count: Option<u32>,
    /// `runFromNet`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_from_net: Option<bool>,
    /// `startIn` (MDT working directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_in: Option<String>,
    /// `expand` (MDT editor state for groups; no runtime meaning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expand: Option<bool>,
}

impl Options {
    /// Whether `disable="true"`.
    pub fn is_disabled(&self) -> bool {
        self.disable == Some(true)
    }

    /// Whether `continueOnError="true"`.
    pub fn continues_on_error(&self) -> bool {
        self.continue_on_error == Some(true)
    }

    /// The success codes in force: `successCodeList`, else `successCodes`, else `"0 3010"`'s
    /// ConfigMgr default is not assumed — `None` means the step names none (the engine treats 0 as
    /// success).
    pub fn success_code_text(&self) -> Option<&str> {
        self.success_code_list
            .as_deref()
            .or(self.success_codes.as_deref())
    }
}

/// Which element a step is written as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepElement {
    /// `<step>`
    #[default]
    Step,
    /// `<subtasksequence>` (Run Task Sequence).
    #[serde(rename = "subtasksequence")]
    SubTaskSequence,
}

/// One part of an element's content, for remembering the order the children were written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The `<condition>`.
    Condition,
    /// The `<action>`.
    Action,
    /// The `<defaultVarList>` (steps) or `<globalVarList>` (sequence).
    Variables,
    /// The `<referenceList>` (sequence).
    References,
    /// The next entry of the element's ordered children (group and sequence nodes, a step's raw
    /// content).
    Child,
}

/// The order in which an element's children were written.
///
/// Empty means the canonical ConfigMgr order (references, variables, condition, action, children —
/// whichever are present). When parts present in the model are missing from the layout (a model built
/// in code or from JSON), they are written after the listed ones in canonical order; listed parts that
/// are absent are skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Layout(pub Vec<Part>);

impl Layout {
    /// Whether no order was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A `<group>`.
///
/// `Clone` and `PartialEq` (and dropping the [`Node`] holding it) walk the subtree with a heap stack (see [`super::visit`]), so a
/// model of any depth is copied, compared and freed without overflowing the call stack.
#[derive(Debug, Default, Eq, Serialize, Deserialize)]
pub struct Group {
    /// `name`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `description`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The common options.
    #[serde(default)]
    pub options: Options,
    /// The group's condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// MDT writes an empty `<action />` in groups; kept when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Groups, steps and verbatim content, in order.
    #[serde(default)]
    pub children: Vec<Node>,
    /// Attributes the model does not type, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
    /// The order the content was written in.
    #[serde(default, skip_serializing_if = "Layout::is_empty")]
    pub layout: Layout,
}

/// A `<step>` or `<subtasksequence>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Which element the step is.
    #[serde(default)]
    pub element: StepElement,
    /// `type` (`SMS_TaskSequence_RunCommandLineAction`, `BDD_Gather`…); `None` for MDT generic steps.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    /// `name`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `description`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The common options.
    #[serde(default)]
    pub options: Options,
    /// The step's condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The `<action>` command line, exactly as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The `<defaultVarList>`: the step's settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<VarList>,
    /// Attributes the model does not type, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<Attribute>,
    /// Content the model does not type, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_children: Vec<RawNode>,
    /// The order the content was written in.
    #[serde(default, skip_serializing_if = "Layout::is_empty")]
    pub layout: Layout,
}

impl Step {
    /// The value of the step variable `name` (case-insensitive), if the step has it.
    pub fn variable(&self, name: &str) -> Option<&str> {
        self.variables.as_ref().and_then(|v| v.value(name))
    }
}
