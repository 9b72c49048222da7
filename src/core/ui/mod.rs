//! Views of extension pages as plain element trees, computed in the core
//! and rendered by the binding layer with `createElement` and `textContent`
//! only. Attribute names are always chosen here (never from page text) and
//! event-handler attributes cannot be built.

pub mod options;
pub mod popup;
pub mod state;
pub mod summary;
pub mod timeline;

use crate::core::json::ToJson;

/// A text (written as a JSON string) or an element (an object).
#[derive(Debug, Clone, PartialEq)]
pub enum View {
    Text(String),
    El(El),
}

/// An element under construction. It is a box: the builders below take
/// and return it by value, so each call in a chain moves one pointer
/// instead of the element's fields (wasm size).
#[derive(Debug, Clone, PartialEq)]
pub struct El(Box<Element>);

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub tag: &'static str,
    /// Created in the SVG namespace.
    pub svg: bool,
    /// `[name, value]` pairs.
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<View>,
}

impl ToJson for View {
    fn to_json(&self, out: &mut String) {
        match self {
            View::Text(t) => t.to_json(out),
            View::El(e) => e.to_json(out),
        }
    }
}

impl ToJson for El {
    fn to_json(&self, out: &mut String) {
        self.0.to_json(out)
    }
}

crate::json_struct!(write Element { tag: req, svg: nonempty, attrs: nonempty, children: nonempty });

#[inline(never)]
fn element(tag: &'static str, svg: bool) -> El {
    El(Box::new(Element {
        tag,
        svg,
        attrs: Vec::new(),
        children: Vec::new(),
    }))
}

pub fn el(tag: &'static str) -> El {
    element(tag, false)
}

pub fn svg(tag: &'static str) -> El {
    element(tag, true)
}

impl El {
    /// Adds an attribute. Names are static and never `on…`.
    pub fn attr(self, name: &'static str, value: impl Into<String>) -> El {
        self.attr_string(name, value.into())
    }
    // The builders below are out of line and take owned values: the
    // generic ones above only convert, so each view's code is a chain of
    // plain calls rather than a copy of every builder (wasm size).
    #[inline(never)]
    fn attr_string(mut self, name: &'static str, value: String) -> El {
        debug_assert!(!name.starts_with("on"), "event handler attributes are not built");
        if !name.starts_with("on") {
            self.0.attrs.push((name, value));
        }
        self
    }
    #[inline(never)]
    pub fn class(self, c: &'static str) -> El {
        self.attr_string("class", c.to_string())
    }
    pub fn text(self, t: impl Into<String>) -> El {
        self.text_string(t.into())
    }
    #[inline(never)]
    fn text_string(mut self, t: String) -> El {
        self.0.children.push(View::Text(t));
        self
    }
    #[inline(never)]
    pub fn child(mut self, c: El) -> El {
        self.0.children.push(View::El(c));
        self
    }
}

/// A button that the binding wires to `action`.
pub fn button(label: &str, action: &'static str) -> El {
    el("button")
        .attr("type", "button")
        .attr("data-action", action)
        .text(label)
}
