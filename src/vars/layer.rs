//! Where a value comes from, and which source wins.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A collection variable's priority: 1 (lowest) to 9 (highest).
///
/// JSON: the number.
///
/// ```
/// use tasksequence::vars::{CollectionPriority, Layer};
///
/// assert!(CollectionPriority::LOWEST < CollectionPriority::HIGHEST);
/// assert_eq!(serde_json::to_string(&Layer::collection(5)?)?, r#"{"collection":5}"#);
/// assert!(serde_json::from_str::<CollectionPriority>("10").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct CollectionPriority(u8);

impl CollectionPriority {
    /// The lowest priority, 1.
    ///
    /// ```
    /// use tasksequence::vars::CollectionPriority;
    /// assert_eq!(CollectionPriority::LOWEST.get(), 1);
    /// ```
    pub const LOWEST: Self = Self(1);
    /// The highest priority, 9.
    ///
    /// ```
    /// use tasksequence::vars::CollectionPriority;
    /// assert_eq!(CollectionPriority::HIGHEST.get(), 9);
    /// ```
    pub const HIGHEST: Self = Self(9);

    /// The priority `value`, `None` outside 1–9.
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::CollectionPriority;
    /// assert_eq!(CollectionPriority::new(9), Some(CollectionPriority::HIGHEST));
    /// assert_eq!(CollectionPriority::new(0), None);
    /// ```
    pub const fn new(value: u8) -> Option<Self> {
        if value >= 1 && value <= 9 {
            Some(Self(value))
        } else {
            None
        }
    }

    /// The number, 1–9.
    ///
    /// ```
    /// use tasksequence::vars::CollectionPriority;
    /// assert_eq!(CollectionPriority::new(4).map(CollectionPriority::get), Some(4));
    /// ```
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for CollectionPriority {
    type Error = PriorityError;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value).ok_or(PriorityError(value))
    }
}

impl From<CollectionPriority> for u8 {
    fn from(priority: CollectionPriority) -> u8 {
        priority.0
    }
}

/// A collection priority outside 1–9.
///
/// ```
/// use tasksequence::vars::{Layer, PriorityError};
///
/// let err = Layer::collection(0).unwrap_err();
/// assert_eq!(err, PriorityError(0));
/// assert_eq!(err.to_string(), "collection priority `0` is outside 1–9");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("collection priority `{0}` is outside 1–9")]
pub struct PriorityError(pub u8);

/// The source of a value. When a name has values in several layers, the highest layer's value is
/// the effective one.
///
/// Order, lowest first: collection priority 1, 2, … 9, then device, then values set while the
/// sequence runs. Device variables override every collection variable, whatever its priority, and
/// anything set at run time overrides both.
///
/// JSON: `{"collection": 5}`, `"device"`, `"runtime"`.
///
/// ```
/// use tasksequence::vars::Layer;
///
/// assert_eq!(Layer::collection(3)?.to_string(), "collection (priority 3)");
/// assert_eq!(serde_json::to_string(&Layer::Runtime)?, r#""runtime""#);
/// assert!(Layer::Device > Layer::collection(9)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// A collection variable with its priority.
    Collection(CollectionPriority),
    /// A device (computer) variable; media variables take this place when running from media.
    Device,
    /// Set while the sequence runs: by the engine, a step, a script or the caller's scenario.
    Runtime,
}

impl Layer {
    /// The collection layer of `priority`.
    ///
    /// # Errors
    /// [`PriorityError`] when `priority` is outside 1–9.
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::Layer;
    /// assert!(Layer::collection(3).unwrap() < Layer::collection(4).unwrap());
    /// assert!(Layer::collection(9).unwrap() < Layer::Device);
    /// assert!(Layer::Device < Layer::Runtime);
    /// assert!(Layer::collection(10).is_err());
    /// ```
    pub fn collection(priority: u8) -> Result<Self, PriorityError> {
        CollectionPriority::try_from(priority).map(Layer::Collection)
    }

    /// The layer's number, in precedence order: 1–9 collection priorities, 10 device, 11 run
    /// time. For bindings that pass layers as integers.
    ///
    /// # Example
    /// ```
    /// use tasksequence::vars::Layer;
    /// assert_eq!(Layer::Device.code(), 10);
    /// assert_eq!(Layer::from_code(3), Layer::collection(3).ok());
    /// assert_eq!(Layer::from_code(11), Some(Layer::Runtime));
    /// assert_eq!(Layer::from_code(0), None);
    /// ```
    pub const fn code(self) -> u8 {
        match self {
            Layer::Collection(priority) => priority.get(),
            Layer::Device => 10,
            Layer::Runtime => 11,
        }
    }

    /// The layer of [`Layer::code`] `code`, `None` outside 1–11.
    ///
    /// ```
    /// use tasksequence::vars::Layer;
    ///
    /// assert_eq!(Layer::from_code(10), Some(Layer::Device));
    /// assert!((1..=11).all(|code| Layer::from_code(code).map(Layer::code) == Some(code)));
    /// assert_eq!(Layer::from_code(12), None);
    /// ```
    pub const fn from_code(code: u8) -> Option<Self> {
        match code {
            10 => Some(Layer::Device),
            11 => Some(Layer::Runtime),
            _ => match CollectionPriority::new(code) {
                Some(priority) => Some(Layer::Collection(priority)),
                None => None,
            },
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Layer::Collection(priority) => write!(f, "collection (priority {})", priority.get()),
            Layer::Device => f.write_str("device"),
            Layer::Runtime => f.write_str("runtime"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_collection_by_priority_then_device_then_runtime() {
        let mut layers = vec![Layer::Runtime, Layer::Device];
        for p in (1..=9).rev() {
            layers.push(Layer::collection(p).unwrap());
        }
        layers.sort();
        let names: Vec<String> = layers.iter().map(ToString::to_string).collect();
        assert_eq!(names.first().unwrap(), "collection (priority 1)");
        assert_eq!(names[8], "collection (priority 9)");
        assert_eq!(&names[9..], ["device", "runtime"]);
    }

    #[test]
    fn json_shape() {
        assert_eq!(
            serde_json::to_string(&Layer::collection(5).unwrap()).unwrap(),
            r#"{"collection":5}"#
        );
        assert_eq!(
            serde_json::to_string(&Layer::Device).unwrap(),
            r#""device""#
        );
        assert_eq!(
            serde_json::to_string(&Layer::Runtime).unwrap(),
            r#""runtime""#
        );
        let back: Layer = serde_json::from_str(r#"{"collection":9}"#).unwrap();
        assert_eq!(back, Layer::collection(9).unwrap());
        assert!(serde_json::from_str::<Layer>(r#"{"collection":0}"#).is_err());
        assert!(serde_json::from_str::<Layer>(r#"{"collection":10}"#).is_err());
    }

    #[test]
    fn codes_follow_precedence() {
        let layers: Vec<Layer> = (0..=12).filter_map(Layer::from_code).collect();
        assert_eq!(layers.len(), 11);
        assert!(layers.windows(2).all(|w| w[0] < w[1]));
        assert!(
            layers
                .iter()
                .all(|l| Layer::from_code(l.code()) == Some(*l))
        );
    }

    #[test]
    fn priority_bounds() {
        assert!(CollectionPriority::new(1).is_some());
        assert!(CollectionPriority::new(9).is_some());
        assert_eq!(
            Layer::collection(0).unwrap_err().to_string(),
            "collection priority `0` is outside 1–9"
        );
    }
}
