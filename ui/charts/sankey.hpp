// A Sankey diagram's layout: columns of nodes joined by flows whose widths are proportional to
// money. Pure geometry (no ImGui) so that every rule is tested: flow is conserved, nothing is NaN
// or negative, the order is the caller's, labels never overlap.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ui/charts/rect.hpp"

namespace sunlight::ui::charts {

struct SankeyNode {
  std::string key;    // stable identity across updates ("level:central", "town:500112101")
  std::string label;  // 中央, 农业补贴, 龙兴镇
  int column = 0;     // 0, 1, 2 …: flows go from column c to column c + 1 only
};

struct SankeyLink {
  int source = 0;  // index into nodes
  int target = 0;
  std::int64_t value = 0;  // fen; ≤ 0 draws nothing (and counts nothing)
};

struct SankeyInput {
  std::vector<SankeyNode> nodes;  // within a column, drawn top to bottom in this order
  std::vector<SankeyLink> links;
};

// Problems a caller made (a link skipping a column, an index out of range): empty when none.
[[nodiscard]] std::string check_sankey(const SankeyInput& input);

// Keeps, in each column, the `max_nodes` - 1 nodes with the most flow through them (in input
// order) and merges the rest, and any node under `min_share` of its column's total, into one node
// keyed "<column>:other" labelled `other_label`, placed last in its column. Links between merged
// nodes are merged by (source, target). A column with at most `max_nodes` nodes and none under
// min_share is left as it is. Conserves every total; links check_sankey rejects are dropped.
[[nodiscard]] SankeyInput group_small(const SankeyInput& input, int max_nodes, std::string_view other_label,
                                      double min_share = 0.0);

struct SankeyStyle {
  float node_width = 16;   // px
  float node_gap = 12;     // px between nodes of a column (shrunk when a column has too many)
  float label_height = 30; // px: one label line (name and amount on one line)
  float label_gap = 8;     // px between a node and its label
  float min_node_height = 2;  // px: a node with flow is never thinner than this
};

struct SankeyLayout {
  struct Node {
    Rect rect;                 // the bar
    std::int64_t in = 0;       // flow arriving (0 in column 0)
    std::int64_t out = 0;      // flow leaving (0 in the last column)
    std::int64_t value = 0;    // max(in, out): what the node's height shows
    bool label_shown = false;  // false when there was no room without overlapping another
    Rect label;                // where the label goes: left of column 0's nodes, right of the others
  };
  struct Link {
    int source = 0;
    int target = 0;
    std::int64_t value = 0;
    float y0 = 0;      // top of the flow where it leaves the source (its right edge at x0)
    float y1 = 0;      // top where it enters the target (left edge at x1)
    float x0 = 0;
    float x1 = 0;
    float width = 0;   // thickness in px, the same at both ends
  };
  std::vector<Node> nodes;  // parallel to input.nodes
  std::vector<Link> links;  // the links with value > 0, in input order
  double px_per_fen = 0;    // the one scale every column shares
};

// Measures a label's width in pixels (the caller's font); the layout uses it to keep labels
// inside `area` and to reserve room for the first column's labels on the left and the last
// column's on the right.
using MeasureText = std::function<float(std::string_view)>;

// Lays `input` out in `area`. `labels[i]` is what node i's label will say (e.g. "中央  3.2亿元").
// Every column shares one scale, chosen so the fullest column (flow plus gaps) fits; a node's
// flows leave and arrive stacked in the order of their other ends, so flows never cross at a node.
[[nodiscard]] SankeyLayout layout_sankey(const SankeyInput& input, const std::vector<std::string>& labels, Rect area,
                                         const SankeyStyle& style, const MeasureText& measure);

}  // namespace sunlight::ui::charts
