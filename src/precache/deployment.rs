//! The deployment, the site version, and when the client starts downloading.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::adapter::Moment;
use super::catalog::PackageType;
use super::error::InputError;
use super::fields::{self, Fields};

/// A deployment's purpose.
///
/// JSON: `"available"` or `"required"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The user starts it from Software Center; the only purpose that pre-caches.
    Available,
    /// It runs at its deadline.
    Required,
}

/// The task sequence deployment, as far as pre-caching cares.
///
/// JSON: `{"purpose": "available" | "required", "pre_download": true | false,
/// "available_time": "2024-05-01T18:00:00Z", "now": "2024-05-02T09:00:00Z"}`. `purpose` and
/// `pre_download` are required; the times are optional RFC 3339 date-times. Either both times
/// carry an offset (`Z`, `+02:00`) or neither does (`2024-05-01T18:00:00`, both then read as the
/// client's local time, as a deployment scheduled without "UTC" is). The library has no clock:
/// `now` is whatever the caller says it is.
///
/// ```
/// use tasksequence::precache::{Deployment, Purpose};
/// let d = Deployment::from_json(r#"{"purpose":"available","pre_download":true,"available_time":"2024-05-01T18:00:00Z"}"#)?;
/// assert_eq!(d.purpose, Purpose::Available);
/// assert!(d.now.is_none());
/// let err = Deployment::from_json(r#"{"purpose":"available"}"#).unwrap_err();
/// assert_eq!(err.to_string(), "`pre_download`: missing field");
/// # Ok::<(), tasksequence::precache::InputError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deployment {
    /// Available or required.
    pub purpose: Purpose,
    /// "Pre-download content for this task sequence".
    pub pre_download: bool,
    /// When the deployment becomes available, as written.
    pub available_time: Option<String>,
    /// The moment the plan is for, as written.
    pub now: Option<String>,
}

impl Deployment {
    /// An available deployment with pre-download on and no times.
    pub fn available() -> Self {
        Deployment {
            purpose: Purpose::Available,
            pre_download: true,
            available_time: None,
            now: None,
        }
    }

    /// Reads a deployment from its JSON text.
    ///
    /// # Errors
    /// [`InputError`] naming the field (`purpose`, `available_time`…).
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        Deployment::from_value(&fields::parse(text)?)
    }

    pub(super) fn from_value(value: &Value) -> Result<Self, InputError> {
        let obj = Fields::of(value, "", "a deployment")?;
        obj.only(&["purpose", "pre_download", "available_time", "now"])?;
        let purpose = match obj.required_text("purpose")? {
            "available" => Purpose::Available,
            "required" => Purpose::Required,
            other => {
                return Err(InputError::at(
                    "purpose",
                    format!("unknown purpose `{other}` (expected available or required)"),
                ));
            }
        };
        let pre_download = obj.required_bool("pre_download")?;
        let available_time = time_field(&obj, "available_time")?;
        let now = time_field(&obj, "now")?;
        if let (Some(a), Some(n)) = (&available_time, &now)
            && has_offset(a) != has_offset(n)
        {
            return Err(InputError::at(
                "now",
                format!(
                    "`{n}` and the available time `{a}` must both have an offset or both have none"
                ),
            ));
        }
        Ok(Deployment {
            purpose,
            pre_download,
            available_time,
            now,
        })
    }

    /// When the client starts downloading `count` selected packages.
    pub(super) fn start(&self, count: usize) -> Start {
        if self.purpose == Purpose::Required {
            return Start::never("available deployments only: this one is required");
        }
        if !self.pre_download {
            return Start::never("pre-download content for this task sequence is off");
        }
        if count == 0 {
            return Start::never("no package to download");
        }
        let Some(available) = &self.available_time else {
            return Start {
                when: When::Now,
                time: self.now.clone(),
                reason:
                    "no available time: the client downloads as soon as it receives the deployment"
                        .into(),
            };
        };
        let Some(now) = &self.now else {
            return Start {
                when: When::At,
                time: Some(available.clone()),
                reason: format!(
                    "when the deployment becomes available at {available} (no current time given)"
                ),
            };
        };
        let (Some(a), Some(n)) = (moment(available), moment(now)) else {
            return Start {
                when: When::At,
                time: Some(available.clone()),
                reason: format!(
                    "when the deployment becomes available at {available} (`{now}` cannot be compared with it)"
                ),
            };
        };
        match a.cmp_to(n) {
            Ordering::Greater => Start {
                when: When::At,
                time: Some(available.clone()),
                reason: format!(
                    "the deployment becomes available at {available}, after now ({now})"
                ),
            },
            _ => Start {
                when: When::Now,
                time: Some(now.clone()),
                reason: format!("available since {available}, before now ({now})"),
            },
        }
    }
}

fn has_offset(text: &str) -> bool {
    text.len() > 19
        && text
            .get(19..)
            .is_some_and(|rest| rest.contains(['Z', 'z', '+', '-']))
}

/// Reads a time as a moment; offset-less times are read as UTC, which orders two offset-less
/// times correctly (both are in the same local zone).
fn moment(text: &str) -> Option<Moment> {
    if has_offset(text) {
        Moment::parse(text)
    } else {
        Moment::parse(&format!("{text}Z"))
    }
}

fn time_field(obj: &Fields<'_>, name: &str) -> Result<Option<String>, InputError> {
    let Some(text) = obj.text(name)? else {
        return Ok(None);
    };
    let text = text.trim();
    match moment(text) {
        Some(_) => Ok(Some(text.to_string())),
        None => Err(InputError::at(
            name,
            format!(
                "`{text}` is not a date-time such as `2024-05-01T18:00:00Z` or `2024-05-01T18:00:00`"
            ),
        )),
    }
}

/// When the download starts.
///
/// JSON: `"now"`, `"at"`, `"never"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// Right away (the deployment is available already).
    Now,
    /// At the deployment's available time.
    At,
    /// Not before the user starts the task sequence (or not at all).
    Never,
}

impl When {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            When::Now => "now",
            When::At => "at",
            When::Never => "never",
        }
    }
}

/// When and why the client starts pre-caching.
///
/// JSON: `{"when": "now" | "at" | "never", "time": "…" | null, "reason": "…"}`; `time` is the
/// available time for `at`, the given current time for `now`, and `null` otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Start {
    /// When.
    pub when: When,
    /// The moment, when one is known.
    pub time: Option<String>,
    /// Why, in words.
    pub reason: String,
}

impl Start {
    pub(super) fn never(reason: impl Into<String>) -> Self {
        Start {
            when: When::Never,
            time: None,
            reason: reason.into(),
        }
    }
}

/// A ConfigMgr current-branch version, `YYMM` (`1902`, `2103`).
///
/// 1902 and earlier filter only OS upgrade packages by their attributes; 1906 and later also
/// OS images, driver packages and packages. Pre-caching itself needs 1702 or later.
///
/// ```
/// use tasksequence::precache::{PackageType, SiteVersion};
/// let old = SiteVersion::new(1902)?;
/// assert!(old.filters(PackageType::OsUpgrade));
/// assert!(!old.filters(PackageType::Driver));
/// assert!(SiteVersion::new(1906)?.filters(PackageType::Driver));
/// assert!(SiteVersion::new(1913).is_err());
/// # Ok::<(), tasksequence::precache::InputError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SiteVersion(u16);

impl SiteVersion {
    /// The first version that filters every package type.
    pub const FILTERS_ALL: SiteVersion = SiteVersion(1906);
    /// The first version with pre-caching.
    pub const FIRST_PRECACHE: SiteVersion = SiteVersion(1702);

    /// A version from its `YYMM` number.
    ///
    /// # Errors
    /// [`InputError::Field`] at `site_version` when the number is not `YYMM` from 1511 on.
    pub fn new(number: u32) -> Result<Self, InputError> {
        let month = number % 100;
        match u16::try_from(number) {
            Ok(n) if (1511..=9912).contains(&n) && (1..=12).contains(&month) => Ok(SiteVersion(n)),
            _ => Err(InputError::at(
                "site_version",
                format!(
                    "`{number}` is not a ConfigMgr version (expected YYMM from 1511 on, such as `2103`)"
                ),
            )),
        }
    }

    /// A version from its text (`"2103"`).
    ///
    /// # Errors
    /// As [`SiteVersion::new`], also for text that is not a number.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        match text.trim().parse::<u32>() {
            Ok(n) => SiteVersion::new(n),
            Err(_) => Err(InputError::at(
                "site_version",
                format!("`{text}` is not a ConfigMgr version (expected YYMM, such as `2103`)"),
            )),
        }
    }

    /// The `YYMM` number.
    pub fn number(self) -> u16 {
        self.0
    }

    /// Whether the client of this site filters `kind` by its attributes.
    pub fn filters(self, kind: PackageType) -> bool {
        match kind {
            PackageType::OsUpgrade => true,
            PackageType::BootImage => false,
            PackageType::OsImage | PackageType::Driver | PackageType::Package => {
                self >= Self::FILTERS_ALL
            }
        }
    }
}

impl fmt::Display for SiteVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Everything a plan needs besides the sequence, the catalog and the machine.
///
/// JSON (the C API's options): `{"site_version": 2103, "deployment": {…}}`, both optional. Without
/// a site version the plan follows current sites (every type filtered); without a deployment it
/// assumes an available deployment with pre-download on, available now.
///
/// ```
/// use tasksequence::precache::PlanOptions;
/// let o = PlanOptions::from_json(r#"{"site_version": 1902, "deployment": {"purpose": "required", "pre_download": true}}"#)?;
/// assert_eq!(o.site_version.unwrap().number(), 1902);
/// let err = PlanOptions::from_json(r#"{"deployment": {"purpose": "soon", "pre_download": true}}"#).unwrap_err();
/// assert_eq!(err.field(), Some("deployment.purpose"));
/// # Ok::<(), tasksequence::precache::InputError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// The site's ConfigMgr version; `None` for current behaviour.
    pub site_version: Option<SiteVersion>,
    /// The deployment; `None` assumes available, pre-download on, available now.
    pub deployment: Option<Deployment>,
}

impl PlanOptions {
    /// Reads options from their JSON text (an empty text or `{}` is the default).
    ///
    /// # Errors
    /// [`InputError`] naming the field (`site_version`, `deployment.now`…).
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        if text.trim().is_empty() {
            return Ok(PlanOptions::default());
        }
        let value = fields::parse(text)?;
        let obj = Fields::of(&value, "", "plan options")?;
        obj.only(&["site_version", "deployment"])?;
        let site_version = match obj.get("site_version") {
            None => None,
            Some(Value::Number(n)) => Some(
                n.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .map_or_else(|| SiteVersion::parse(&n.to_string()), SiteVersion::new)?,
            ),
            Some(Value::String(s)) => Some(SiteVersion::parse(s)?),
            Some(other) => {
                return Err(InputError::at(
                    "site_version",
                    format!(
                        "expected a number such as 2103, found {}",
                        fields::kind(other)
                    ),
                ));
            }
        };
        let deployment = obj
            .get("deployment")
            .map(|d| Deployment::from_value(d).map_err(|e| e.within("deployment")))
            .transpose()?;
        Ok(PlanOptions {
            site_version,
            deployment,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment(json: &str) -> Deployment {
        Deployment::from_json(json).unwrap()
    }

    #[test]
    fn every_deployment_case() {
        let cases = [
            (
                r#"{"purpose":"required","pre_download":true,"available_time":"2024-05-01T18:00:00Z","now":"2024-05-02T09:00:00Z"}"#,
                When::Never,
                None,
                "available deployments only: this one is required",
            ),
            (
                r#"{"purpose":"available","pre_download":false}"#,
                When::Never,
                None,
                "pre-download content for this task sequence is off",
            ),
            (
                r#"{"purpose":"available","pre_download":true}"#,
                When::Now,
                None,
                "no available time: the client downloads as soon as it receives the deployment",
            ),
            (
                r#"{"purpose":"available","pre_download":true,"available_time":"2024-05-01T18:00:00Z","now":"2024-05-02T09:00:00Z"}"#,
                When::Now,
                Some("2024-05-02T09:00:00Z"),
                "available since 2024-05-01T18:00:00Z, before now (2024-05-02T09:00:00Z)",
            ),
            (
                r#"{"purpose":"available","pre_download":true,"available_time":"2024-05-03T18:00:00+02:00","now":"2024-05-02T09:00:00Z"}"#,
                When::At,
                Some("2024-05-03T18:00:00+02:00"),
                "the deployment becomes available at 2024-05-03T18:00:00+02:00, after now (2024-05-02T09:00:00Z)",
            ),
            (
                r#"{"purpose":"available","pre_download":true,"available_time":"2024-05-03T18:00:00"}"#,
                When::At,
                Some("2024-05-03T18:00:00"),
                "when the deployment becomes available at 2024-05-03T18:00:00 (no current time given)",
            ),
            (
                r#"{"purpose":"available","pre_download":true,"available_time":"2024-05-02T09:00:00","now":"2024-05-02T09:00:00"}"#,
                When::Now,
                Some("2024-05-02T09:00:00"),
                "available since 2024-05-02T09:00:00, before now (2024-05-02T09:00:00)",
            ),
        ];
        for (json, when, time, reason) in cases {
            let start = deployment(json).start(2);
            assert_eq!(start.when, when, "{json}");
            assert_eq!(start.time.as_deref(), time, "{json}");
            assert_eq!(start.reason, reason, "{json}");
        }
        assert_eq!(
            deployment(r#"{"purpose":"available","pre_download":true}"#)
                .start(0)
                .reason,
            "no package to download"
        );
    }

    #[test]
    fn deployment_errors_name_the_field() {
        let cases = [
            (r#"[]"#, ""),
            (r#"{"pre_download":true}"#, "purpose"),
            (r#"{"purpose":"Available","pre_download":true}"#, "purpose"),
            (
                r#"{"purpose":"available","pre_download":"yes"}"#,
                "pre_download",
            ),
            (
                r#"{"purpose":"available","pre_download":true,"available_time":"tomorrow"}"#,
                "available_time",
            ),
            (
                r#"{"purpose":"available","pre_download":true,"now":"2024-13-01T00:00:00Z"}"#,
                "now",
            ),
            (
                r#"{"purpose":"available","pre_download":true,"available_time":"2024-05-01T18:00:00Z","now":"2024-05-01T18:00:00"}"#,
                "now",
            ),
            (
                r#"{"purpose":"available","pre_download":true,"deadline":"x"}"#,
                "deadline",
            ),
        ];
        for (json, field) in cases {
            let err = Deployment::from_json(json).unwrap_err();
            assert_eq!(err.field(), Some(field), "{json}: {err}");
        }
    }

    #[test]
    fn site_versions() {
        for good in [1511, 1702, 1902, 1906, 2103, 2403] {
            assert_eq!(SiteVersion::new(good).unwrap().number() as u32, good);
        }
        for bad in [0, 1510, 1900, 1913, 10000, 99999] {
            assert_eq!(
                SiteVersion::new(bad).unwrap_err().field(),
                Some("site_version"),
                "{bad}"
            );
        }
        assert!(SiteVersion::parse("21o3").is_err());
        let v1902 = SiteVersion::new(1902).unwrap();
        let v1906 = SiteVersion::new(1906).unwrap();
        for kind in PackageType::ALL {
            assert_eq!(
                v1902.filters(kind),
                kind == PackageType::OsUpgrade,
                "{kind}"
            );
            assert_eq!(
                v1906.filters(kind),
                kind != PackageType::BootImage,
                "{kind}"
            );
        }
    }

    #[test]
    fn options() {
        assert_eq!(PlanOptions::from_json("").unwrap(), PlanOptions::default());
        assert_eq!(
            PlanOptions::from_json("{}").unwrap(),
            PlanOptions::default()
        );
        let o = PlanOptions::from_json(r#"{"site_version":"2103"}"#).unwrap();
        assert_eq!(o.site_version, Some(SiteVersion::new(2103).unwrap()));
        let err = PlanOptions::from_json(r#"{"deployment":{"purpose":"available"}}"#).unwrap_err();
        assert_eq!(err.to_string(), "`deployment.pre_download`: missing field");
        let err = PlanOptions::from_json(r#"{"site_version":true}"#).unwrap_err();
        assert_eq!(err.field(), Some("site_version"));
        let err = PlanOptions::from_json(r#"{"site":1}"#).unwrap_err();
        assert_eq!(err.field(), Some("site"));
    }
}
