//! Line items form a tree (product → colour → size; decoration details under products);
//! `parent_id` 0 marks the top level.

use std::collections::HashMap;

use super::syncore::LineItem;
use crate::money::Amount;

/// One line with its children, in the order the server listed them.
#[derive(Clone, Debug, PartialEq)]
pub struct LineNode<'a> {
    /// The line.
    pub item: &'a LineItem,
    /// Lines whose `parent_id` is this line's `line_id`.
    pub children: Vec<LineNode<'a>>,
    /// True when the line names a parent that is not in the list (it is shown at the top).
    pub orphan: bool,
}

impl LineNode<'_> {
    /// The sum of the quantities of the leaves under (and including) this line: apparel
    /// keeps quantities on size leaves, flat lines carry their own.
    pub fn leaf_quantity(&self) -> Amount {
        if self.children.is_empty() {
            self.item.quantity.unwrap_or(Amount::ZERO)
        } else {
            self.children.iter().map(LineNode::leaf_quantity).sum()
        }
    }

    /// Every line under this one, depth first, this one included.
    pub fn walk(&self) -> Vec<&LineItem> {
        let mut out = vec![self.item];
        for c in &self.children {
            out.extend(c.walk());
        }
        out
    }
}

/// Builds the tree. Lines whose parent is missing become top-level orphans; a cycle of
/// parents is broken at the first line seen, so every line appears exactly once.
pub fn line_tree(items: &[LineItem]) -> Vec<LineNode<'_>> {
    let index: HashMap<i64, usize> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| it.line_id.map(|id| (id, i)))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut roots: Vec<(usize, bool)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        match it.parent_id.unwrap_or(0) {
            0 => roots.push((i, false)),
            p => match index.get(&p) {
                Some(&pi) if pi != i => children[pi].push(i),
                _ => roots.push((i, true)),
            },
        }
    }
    let mut placed = vec![false; items.len()];
    fn build<'a>(
        i: usize,
        orphan: bool,
        items: &'a [LineItem],
        children: &[Vec<usize>],
        placed: &mut [bool],
    ) -> LineNode<'a> {
        placed[i] = true;
        let mut kids = Vec::new();
        for &c in &children[i] {
            if !placed[c] {
                kids.push(build(c, false, items, children, placed));
            }
        }
        LineNode {
            item: &items[i],
            children: kids,
            orphan,
        }
    }
    let mut out: Vec<LineNode<'_>> = Vec::new();
    for (i, orphan) in roots {
        if !placed[i] {
            out.push(build(i, orphan, items, &children, &mut placed));
        }
    }
    // Lines caught in a parent cycle never hang below a root: surface them as orphans.
    for i in 0..items.len() {
        if !placed[i] {
            out.push(build(i, true, items, &children, &mut placed));
        }
    }
    out
}
