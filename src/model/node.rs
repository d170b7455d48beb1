use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::raw::{Attribute, RawNode};
use super::variable::VarList;

/// One child of a sequence or group: a group, a step (including `<subtasksequence>`), or content the
/// model keeps verbatim.
///
/// JSON: `{"kind":"group",…}`, `{"kind":"step",…}`, `{"kind":"raw","node":{…}}`.
///
/// ```
/// use tasksequence::model::Node;
///
/// let doc = tasksequence::xml::read(br#"<sequence><group name="G"/><step name="S"/><!-- note --></sequence>"#)?;
/// assert!(matches!(&doc.sequence.children[0], Node::Group(g) if g.name.as_deref() == Some("G")));
/// assert!(matches!(&doc.sequence.children[1], Node::Step(_)));
/// assert!(matches!(&doc.sequence.children[2], Node::Raw { .. }));
/// let json = serde_json::to_value(&doc.sequence.children[2])?;
/// assert_eq!(json["kind"], "raw");
/// assert_eq!(json["node"]["text"], " note ");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use tasksequence::model::NodeKind;
///
/// let doc = tasksequence::xml::read(br#"<sequence><group/><step/><subtasksequence/><!-- note --></sequence>"#)?;
/// let kinds: Vec<NodeKind> = doc.sequence.children.iter().map(|node| node.kind()).collect();
/// assert_eq!(kinds, [NodeKind::Group, NodeKind::Step, NodeKind::SubTaskSequence, NodeKind::Raw]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use tasksequence::model::{Group, Node, NodeKind};
    /// assert_eq!(Node::Group(Group::default()).kind(), NodeKind::Group);
    /// ```
    pub fn kind(&self) -> NodeKind {
        match self {
            Node::Group(_) => NodeKind::Group,
            Node::Step(s) if s.element == StepElement::SubTaskSequence => NodeKind::SubTaskSequence,
            Node::Step(_) => NodeKind::Step,
            Node::Raw { .. } => NodeKind::Raw,
        }
    }

    /// The node's name (`""` when it has none, and for raw content).
    ///
    /// ```
    /// use tasksequence::model::{Node, Step};
    ///
    /// let step = Node::Step(Step { name: Some("Restart".into()), ..Step::default() });
    /// assert_eq!(step.name(), "Restart");
    /// assert_eq!(Node::Step(Step::default()).name(), "");
    /// ```
    pub fn name(&self) -> &str {
        match self {
            Node::Group(g) => g.name.as_deref().unwrap_or(""),
            Node::Step(s) => s.name.as_deref().unwrap_or(""),
            Node::Raw { .. } => "",
        }
    }

    /// The step's `type` attribute; `None` for groups, raw content and untyped MDT steps.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><step name="Gather" type="BDD_Gather"/><group name="G"/></sequence>"#)?;
    /// assert_eq!(doc.sequence.children[0].type_name(), Some("BDD_Gather"));
    /// assert_eq!(doc.sequence.children[1].type_name(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn type_name(&self) -> Option<&str> {
        match self {
            Node::Step(s) => s.type_name.as_deref(),
            _ => None,
        }
    }

    /// Whether the node itself is disabled (`disable="true"`); ancestors are not consulted.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><group name="Off" disable="true"><step name="Inside"/></group></sequence>"#)?;
    /// let group = &doc.sequence.children[0];
    /// assert!(group.is_disabled());
    /// // Only the node's own attribute counts: the step inside is not itself disabled.
    /// assert!(!group.children()[0].is_disabled());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_disabled(&self) -> bool {
        self.options().is_some_and(Options::is_disabled)
    }

    /// The node's options, for groups and steps.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><step name="S" timeout="600"/><!-- note --></sequence>"#)?;
    /// assert_eq!(doc.sequence.children[0].options().and_then(|o| o.timeout), Some(600));
    /// assert!(doc.sequence.children[1].options().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn options(&self) -> Option<&Options> {
        match self {
            Node::Group(g) => Some(&g.options),
            Node::Step(s) => Some(&s.options),
            Node::Raw { .. } => None,
        }
    }

    /// The node's condition, if it has one.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><step name="S"><condition><expression type="SMS_TaskSequence_FolderConditionExpression"><variable name="Path">C:\Temp</variable></expression></condition></step><step name="T"/></sequence>"#)?;
    /// assert_eq!(doc.sequence.children[0].condition().map(|c| c.operands.len()), Some(1));
    /// assert!(doc.sequence.children[1].condition().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn condition(&self) -> Option<&Condition> {
        match self {
            Node::Group(g) => g.condition.as_ref(),
            Node::Step(s) => s.condition.as_ref(),
            Node::Raw { .. } => None,
        }
    }

    /// The group's children; empty for everything else.
    ///
    /// ```
    /// let doc = tasksequence::xml::read(br#"<sequence><group name="G"><step name="A"/><step name="B"/></group></sequence>"#)?;
    /// let names: Vec<&str> = doc.sequence.children[0].children().iter().map(|n| n.name()).collect();
    /// assert_eq!(names, ["A", "B"]);
    /// assert!(doc.sequence.children[0].children()[0].children().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn children(&self) -> &[Node] {
        match self {
            Node::Group(g) => &g.children,
            _ => &[],
        }
    }
}

/// Where a step or group runs (`runIn`).
///
/// ```
/// use tasksequence::model::RunIn;
///
/// let doc = tasksequence::xml::read(br#"<sequence><step name="S" runIn="WinPE"/></sequence>"#)?;
/// assert_eq!(doc.sequence.children[0].options().and_then(|o| o.run_in), Some(RunIn::WinPe));
/// assert_eq!(serde_json::to_string(&RunIn::WinPeAndFullOs)?, r#""WinPEandFullOS""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use tasksequence::model::RunIn;
    /// assert_eq!(RunIn::FullOs.as_str(), "FullOS");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RunIn::WinPeAndFullOs => "WinPEandFullOS",
            RunIn::WinPe => "WinPE",
            RunIn::FullOs => "FullOS",
        }
    }

    /// Parses the exact attribute spelling.
    ///
    /// ```
    /// use tasksequence::model::RunIn;
    /// assert_eq!(RunIn::parse("WinPEandFullOS"), Some(RunIn::WinPeAndFullOs));
    /// // Only the exact spelling: anything else stays an unknown attribute.
    /// assert_eq!(RunIn::parse("winpe"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        [RunIn::WinPeAndFullOs, RunIn::WinPe, RunIn::FullOs]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

/// The options common to steps and groups, as attributes. `None` means the attribute is absent
/// (ConfigMgr omits attributes at their default; MDT writes them all), and is written back absent.
///
/// ```
/// use tasksequence::model::{Node, Options};
///
/// let doc = tasksequence::xml::read(br#"<sequence><step name="S" continueOnError="true" retryCount="2"/></sequence>"#)?;
/// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
/// assert_eq!(step.options, Options { continue_on_error: Some(true), retry_count: Some(2), ..Options::default() });
/// // Absent attributes stay absent in JSON too.
/// assert_eq!(serde_json::to_string(&step.options)?, r#"{"continue_on_error":true,"retry_count":2}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use tasksequence::model::Options;
    ///
    /// assert!(Options { disable: Some(true), ..Options::default() }.is_disabled());
    /// assert!(!Options { disable: Some(false), ..Options::default() }.is_disabled());
    /// assert!(!Options::default().is_disabled());
    /// ```
    pub fn is_disabled(&self) -> bool {
        self.disable == Some(true)
    }

    /// Whether `continueOnError="true"`.
    ///
    /// ```
    /// use tasksequence::model::Options;
    ///
    /// assert!(Options { continue_on_error: Some(true), ..Options::default() }.continues_on_error());
    /// assert!(!Options::default().continues_on_error());
    /// ```
    pub fn continues_on_error(&self) -> bool {
        self.continue_on_error == Some(true)
    }

    /// The success-code text in force: `successCodeList`, else MDT's `successCodes`; `None` when
    /// the step names none. ConfigMgr's console default `0 3010` is not assumed here: without a
    /// list the engine treats 0 as success.
    ///
    /// ```
    /// use tasksequence::model::Options;
    ///
    /// let both = Options { success_code_list: Some("0 3010".into()), success_codes: Some("0".into()), ..Options::default() };
    /// assert_eq!(both.success_code_text(), Some("0 3010"));
    /// let mdt = Options { success_codes: Some("0 3010 1641".into()), ..Options::default() };
    /// assert_eq!(mdt.success_code_text(), Some("0 3010 1641"));
    /// assert_eq!(Options::default().success_code_text(), None);
    /// ```
    pub fn success_code_text(&self) -> Option<&str> {
        self.success_code_list
            .as_deref()
            .or(self.success_codes.as_deref())
    }
}

/// Which element a step is written as.
///
/// ```
/// use tasksequence::model::{Node, StepElement};
///
/// let doc = tasksequence::xml::read(br#"<sequence><subtasksequence name="Child" type="SMS_TaskSequence_SubTasksequence"/></sequence>"#)?;
/// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
/// assert_eq!(step.element, StepElement::SubTaskSequence);
/// assert_eq!(serde_json::to_string(&step.element)?, r#""subtasksequence""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use tasksequence::model::{Node, Part};
///
/// let doc = tasksequence::xml::read(br#"<sequence><step name="S"><action>x</action><condition/></step></sequence>"#)?;
/// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
/// assert_eq!(step.layout.0, [Part::Action, Part::Condition]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use tasksequence::model::{Node, Part};
///
/// // The action was written before the condition; the written XML keeps that order.
/// let text = "<sequence>\n  <step name=\"S\">\n    <action>x</action>\n    <condition/>\n  </step>\n</sequence>";
/// let doc = tasksequence::xml::read(text.as_bytes())?;
/// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
/// assert_eq!(step.layout.0, [Part::Action, Part::Condition]);
/// assert_eq!(doc.to_xml(), text);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Layout(pub Vec<Part>);

impl Layout {
    /// Whether no order was recorded.
    ///
    /// ```
    /// use tasksequence::model::{Layout, Part};
    ///
    /// assert!(Layout::default().is_empty());
    /// assert!(!Layout(vec![Part::Condition]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A `<group>`.
///
/// `Clone` and `PartialEq` (and dropping the [`Node`] holding it) walk the subtree with a heap stack (see [`super::visit`]), so a
/// model of any depth is copied, compared and freed without overflowing the call stack.
///
/// ```
/// use tasksequence::model::{Group, Node, Sequence, Step};
///
/// let group = Group {
///     name: Some("Prepare".into()),
///     children: vec![Node::Step(Step { name: Some("Check".into()), ..Step::default() })],
///     ..Group::default()
/// };
/// let seq = Sequence { children: vec![Node::Group(group.clone())], ..Sequence::default() };
/// let xml = tasksequence::xml::write_sequence(&seq, &Default::default());
/// assert_eq!(xml, "<sequence>\n  <group name=\"Prepare\">\n    <step name=\"Check\"/>\n  </group>\n</sequence>");
/// assert_eq!(tasksequence::xml::read(xml.as_bytes())?.sequence.children, [Node::Group(group)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use tasksequence::model::Node;
///
/// let doc = tasksequence::xml::read(br#"<sequence><step type="SMS_TaskSequence_RunCommandLineAction" name="Hello"><action>cmd /c echo hi</action><defaultVarList><variable name="CommandLine" property="CommandLine">cmd /c echo hi</variable></defaultVarList></step></sequence>"#)?;
/// let Node::Step(step) = &doc.sequence.children[0] else { panic!("not a step") };
/// assert_eq!(step.type_name.as_deref(), Some("SMS_TaskSequence_RunCommandLineAction"));
/// assert_eq!(step.action.as_deref(), Some("cmd /c echo hi"));
/// assert_eq!(step.variable("CommandLine"), Some("cmd /c echo hi"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use tasksequence::model::{Step, VarList};
    ///
    /// let mut variables = VarList::default();
    /// variables.set("SMSRebootTimeout", "60");
    /// let step = Step { variables: Some(variables), ..Step::default() };
    /// assert_eq!(step.variable("smsreboottimeout"), Some("60"));
    /// assert_eq!(step.variable("SMSRebootMessage"), None);
    /// ```
    pub fn variable(&self, name: &str) -> Option<&str> {
        self.variables.as_ref().and_then(|v| v.value(name))
    }
}
