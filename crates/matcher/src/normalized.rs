//! The folded form of a text, for people (explain) and fuzzing.

use crate::fold::fold;
use crate::steps::Steps;
use crate::view::{View, ViewChar};

/// A text as keywords see it, with each character's original span.
///
/// # Examples
///
/// ```
/// let n = redline_matcher::normalize("Ｃ0caaaine!");
/// assert_eq!(n.as_str(), "cocainei");
/// let (start, end) = n.span(3);
/// assert_eq!(&"Ｃ0caaaine!"[start..end], "aaa");
/// ```
#[derive(Clone, Debug)]
pub struct Normalized {
    text: String,
    chars: Vec<ViewChar>,
}

/// Folds `text` as the matcher does for keywords (without joining
/// spaced-out letters, which the matcher tries as a second reading).
pub fn normalize(text: &str) -> Normalized {
    let mut view = View::default();
    if !view.build_simple(text) {
        let mut raw = Vec::new();
        fold(text, &mut raw);
        view.build(&raw, false);
    }
    Normalized {
        chars: view.chars(text).collect(),
        text: view.text,
    }
}

impl Normalized {
    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Number of characters in the folded text.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether the folded text is empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Original byte span of the `i`th folded character.
    ///
    /// # Panics
    ///
    /// When `i >= self.len()`.
    pub fn span(&self, i: usize) -> (usize, usize) {
        let c = &self.chars[i];
        (c.start as usize, c.end as usize)
    }

    /// The steps that produced the `i`th folded character.
    ///
    /// # Panics
    ///
    /// When `i >= self.len()`.
    pub fn steps(&self, i: usize) -> Steps {
        let c = &self.chars[i];
        c.steps | c.gap
    }
}
