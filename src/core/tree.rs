//! The page tree: the plain data the content script makes of a page, and its
//! validation. The wire format is specified in docs/page-tree.md.
//!
//! Nodes come as a flat list in document (pre-)order, each naming its
//! parent's index, so that nothing downstream recurses on page-controlled
//! depth and every subtree is a contiguous index range.

use crate::core::json::{self, once};
use crate::core::vecs::Dense;
/// An element's kept attributes, by name (few per element).
pub type Attrs = crate::core::json::SmallMap<String>;

/// The only wire-format version this build reads.
pub const SNAPSHOT_VERSION: u32 = 1;
/// Most nodes the content script sends; a larger page is sent truncated.
pub const MAX_NODES: usize = 60_000;
/// Most characters kept of one text node or attribute value.
pub const MAX_TEXT_CHARS: usize = 1_000;

/// One node as sent by the content script.
#[derive(Debug, Clone, PartialEq)]
pub struct WireNode {
    /// Index of the parent node; -1 for the root.
    pub p: i64,
    /// Tag name (lower case) of an element; absent for a text node.
    pub t: Option<String>,
    /// The kept attributes of an element.
    pub a: Attrs,
    /// The normalised text of a text node.
    pub x: Option<String>,
}

/// What the content script sends for one pass over a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub v: u32,
    /// The page URL (path and query only are used).
    pub url: String,
    /// The document language (`<html lang>`), used to pick a phrase table.
    pub lang: String,
    /// True when the content script hit a cap and sent only part of the page.
    pub truncated: bool,
    pub nodes: Vec<WireNode>,
}

crate::json_struct!(write WireNode { p: req, t: opt, a: nonempty, x: opt });
crate::json_struct!(write Snapshot { v: req, url: req, lang: req, truncated: req, nodes: req });

impl Snapshot {
    /// Reads a snapshot by hand ([`crate::core::json`]): this runs for every
    /// page message. Unknown fields are passed over, each field is read at
    /// most once; tests/json.rs holds it against serde_json's reading.
    pub fn read(r: &mut json::Reader) -> json::Result<Snapshot> {
        let (mut v, mut url, mut lang, mut truncated, mut nodes) = (None, None, None, None, None);
        r.begin_object()?;
        while let Some(key) = r.next_key()? {
            match &*key {
                "v" => once(r, &mut v, "v", |r| r.int_in(0, u32::MAX.into()).map(|v| v as u32))?,
                "url" => once(r, &mut url, "url", json::Reader::string)?,
                "lang" => once(r, &mut lang, "lang", json::Reader::string)?,
                "truncated" => once(r, &mut truncated, "truncated", json::Reader::bool)?,
                "nodes" => once(r, &mut nodes, "nodes", read_nodes)?,
                _ => r.skip()?,
            }
        }
        Ok(Snapshot {
            v: v.ok_or_else(|| r.error("missing field `v`"))?,
            url: url.ok_or_else(|| r.error("missing field `url`"))?,
            lang: lang.unwrap_or_default(),
            truncated: truncated.unwrap_or_default(),
            nodes: nodes.ok_or_else(|| r.error("missing field `nodes`"))?,
        })
    }
}

/// A string or `null` (`None`).
fn optional_string(r: &mut json::Reader) -> json::Result<Option<String>> {
    json::nullable(r, json::Reader::string)
}

fn read_nodes(r: &mut json::Reader) -> json::Result<Vec<WireNode>> {
    let mut nodes = Vec::new();
    r.begin_array()?;
    while r.next_item()? {
        let (mut p, mut t, mut a, mut x) = (None, None, None, None);
        r.begin_object()?;
        while let Some(key) = r.next_key()? {
            match &*key {
                "p" => once(r, &mut p, "p", json::Reader::i64)?,
                "t" => once(r, &mut t, "t", optional_string)?,
                "x" => once(r, &mut x, "x", optional_string)?,
                "a" => once(r, &mut a, "a", |r| {
                    let mut attrs = Attrs::new();
                    r.begin_object()?;
                    while let Some(k) = r.next_key()? {
                        // A repeated name keeps its last value, as a map does.
                        attrs.insert(k.into_owned(), r.string()?);
                    }
                    Ok(attrs)
                })?,
                _ => r.skip()?,
            }
        }
        nodes.push(WireNode {
            p: p.ok_or_else(|| r.error("missing field `p`"))?,
            t: t.flatten(),
            a: a.unwrap_or_default(),
            x: x.flatten(),
        });
    }
    Ok(nodes)
}

/// A validated node.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Element { tag: String, attrs: Attrs },
    Text(String),
}

/// A validated tree: nodes in pre-order with parent links and subtree ends.
#[derive(Debug, Clone)]
pub struct Tree {
    kinds: Dense<NodeKind>,
    parent: Dense<Option<usize>>,
    /// Exclusive end of each node's subtree: descendants of `i` are
    /// `i + 1 .. end[i]`.
    end: Dense<usize>,
}

/// Why a snapshot could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeError {
    Version(u32),
    Empty,
    TooLarge(usize),
    BadParent { node: usize },
    TextInElementSlot { node: usize },
}

impl std::fmt::Display for TreeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TreeError::Version(v) => write!(
                f,
                "snapshot format v{v} is not supported (this build reads v{SNAPSHOT_VERSION})"
            ),
            TreeError::Empty => write!(f, "snapshot has no nodes"),
            TreeError::TooLarge(n) => write!(f, "snapshot has {n} nodes, more than the {MAX_NODES} this build reads"),
            TreeError::BadParent { node } => write!(f, "node {node} does not follow its parent in document order"),
            TreeError::TextInElementSlot { node } => write!(
                f,
                "node {node} is neither a text node nor an element, or its parent is a text node"
            ),
        }
    }
}

impl Tree {
    /// Validates a snapshot's node list. Linear in the number of nodes.
    /// Takes the nodes over: their strings become the tree's, uncopied.
    pub fn from_wire(nodes: Vec<WireNode>) -> Result<Tree, TreeError> {
        let n = nodes.len();
        if n == 0 {
            return Err(TreeError::Empty);
        }
        if n > MAX_NODES {
            return Err(TreeError::TooLarge(n));
        }
        let mut kinds = Vec::with_capacity(n);
        let mut parent = Vec::with_capacity(n);
        let mut end = vec![n; n];
        // Open ancestors of the current node; checking each parent against it
        // proves the list is in pre-order.
        let mut open: Vec<usize> = Vec::new();
        for (i, w) in nodes.into_iter().enumerate() {
            let kind = match (w.t, w.x) {
                (Some(mut tag), None) => {
                    tag.make_ascii_lowercase();
                    NodeKind::Element { tag, attrs: w.a }
                }
                (None, Some(text)) => NodeKind::Text(text),
                _ => return Err(TreeError::TextInElementSlot { node: i }),
            };
            if i == 0 {
                if w.p != -1 || !matches!(kind, NodeKind::Element { .. }) {
                    return Err(TreeError::BadParent { node: 0 });
                }
                parent.push(None);
            } else {
                let p = usize::try_from(w.p).map_err(|_| TreeError::BadParent { node: i })?;
                while let Some(&top) = open.last() {
                    if top == p {
                        break;
                    }
                    end[top] = i;
                    open.pop();
                }
                if open.last() != Some(&p) {
                    return Err(TreeError::BadParent { node: i });
                }
                parent.push(Some(p));
            }
            if matches!(kind, NodeKind::Element { .. }) {
                open.push(i);
            } else {
                end[i] = i + 1;
            }
            kinds.push(kind);
        }
        Ok(Tree {
            kinds: Dense(kinds),
            parent: Dense(parent),
            end: Dense(end),
        })
    }

    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    pub fn kind(&self, i: usize) -> &NodeKind {
        &self.kinds[i]
    }

    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent[i]
    }

    /// Exclusive end of the subtree rooted at `i`.
    pub fn end(&self, i: usize) -> usize {
        self.end[i]
    }

    /// True when `d` is `a` or inside `a`.
    pub fn contains(&self, a: usize, d: usize) -> bool {
        d >= a && d < self.end[a]
    }

    pub fn tag(&self, i: usize) -> Option<&str> {
        match &self.kinds[i] {
            NodeKind::Element { tag, .. } => Some(tag),
            NodeKind::Text(_) => None,
        }
    }

    pub fn attr(&self, i: usize, name: &str) -> Option<&str> {
        match &self.kinds[i] {
            NodeKind::Element { attrs, .. } => attrs.get(name).map(String::as_str),
            NodeKind::Text(_) => None,
        }
    }

    pub fn attrs(&self, i: usize) -> Option<&Attrs> {
        match &self.kinds[i] {
            NodeKind::Element { attrs, .. } => Some(attrs),
            NodeKind::Text(_) => None,
        }
    }

    pub fn text(&self, i: usize) -> Option<&str> {
        match &self.kinds[i] {
            NodeKind::Text(t) => Some(t),
            NodeKind::Element { .. } => None,
        }
    }

    /// The text nodes inside `i`, in document order, with their indices.
    pub fn texts_in(&self, i: usize) -> impl Iterator<Item = (usize, &str)> + '_ {
        (i..self.end[i]).filter_map(move |j| self.text(j).map(|t| (j, t)))
    }

    /// All text inside `i`, joined with single spaces.
    pub fn joined_text(&self, i: usize) -> String {
        let mut out = String::new();
        for (_, t) in self.texts_in(i) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t);
        }
        out
    }

    /// Ancestors of `i`, nearest first (not including `i`).
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent[i], move |&p| self.parent[p])
    }

    /// Node `i`, then its ancestors (one iterator type where a chain of
    /// `once` and [`Tree::ancestors`] would be another instantiation).
    pub fn self_and_ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(i), move |&p| self.parent[p])
    }

    /// The children of node `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        (i + 1..self.end[i]).filter(move |&c| self.parent[c] == Some(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(p: i64, t: &str) -> WireNode {
        WireNode {
            p,
            t: Some(t.into()),
            a: Attrs::new(),
            x: None,
        }
    }
    fn tx(p: i64, x: &str) -> WireNode {
        WireNode {
            p,
            t: None,
            a: Attrs::new(),
            x: Some(x.into()),
        }
    }

    #[test]
    fn computes_subtree_ends() {
        // body > (ul > (li > "a"), (li > "b")), p > "c"
        let nodes = vec![
            el(-1, "body"),
            el(0, "ul"),
            el(1, "li"),
            tx(2, "a"),
            el(1, "li"),
            tx(4, "b"),
            el(0, "p"),
            tx(6, "c"),
        ];
        let t = Tree::from_wire(nodes.clone()).unwrap();
        assert_eq!(t.end(0), 8);
        assert_eq!(t.end(1), 6);
        assert_eq!(t.end(2), 4);
        assert_eq!(t.end(4), 6);
        assert_eq!(t.end(6), 8);
        assert!(t.contains(1, 5));
        assert!(!t.contains(2, 4));
        assert_eq!(t.joined_text(1), "a b");
        assert_eq!(t.ancestors(5).collect::<Vec<_>>(), vec![4, 1, 0]);
    }

    #[test]
    fn rejects_out_of_order_and_bad_parents() {
        let nodes = vec![el(-1, "body"), el(0, "ul"), el(0, "p"), tx(1, "late")];
        assert_eq!(
            Tree::from_wire(nodes.clone()).unwrap_err(),
            TreeError::BadParent { node: 3 }
        );
        let nodes = vec![el(-1, "body"), tx(0, "a"), tx(1, "child of text")];
        assert_eq!(
            Tree::from_wire(nodes.clone()).unwrap_err(),
            TreeError::BadParent { node: 2 }
        );
        let nodes = vec![el(-1, "body"), el(7, "x")];
        assert!(Tree::from_wire(nodes.clone()).is_err());
        let nodes = vec![el(-1, "body"), el(-5, "x")];
        assert!(Tree::from_wire(nodes.clone()).is_err());
        assert_eq!(Tree::from_wire(Vec::new()).unwrap_err(), TreeError::Empty);
        let both = WireNode {
            p: -1,
            t: Some("b".into()),
            a: Attrs::new(),
            x: Some("x".into()),
        };
        assert!(Tree::from_wire(vec![both]).is_err());
    }
}
