// The Sankey layout: one scale for every column, minimum heights, stacked flows, labels that never overlap (see sankey.hpp).
#include "ui/charts/sankey.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

#include <fmt/format.h>

namespace sunlight::ui::charts {

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// Sums of hostile values saturate instead of overflowing.
std::int64_t add(std::int64_t a, std::int64_t b) { return b > kMax - a ? kMax : a + b; }

std::size_t at(int i) { return static_cast<std::size_t>(i); }

bool valid_link(const SankeyInput& input, const SankeyLink& l) {
  const int n = static_cast<int>(input.nodes.size());
  if (l.source < 0 || l.source >= n || l.target < 0 || l.target >= n) return false;
  const int from = input.nodes[at(l.source)].column;
  return from >= 0 && input.nodes[at(l.target)].column == from + 1;
}

// Flow into and out of each node over the valid links with value > 0.
void flows(const SankeyInput& input, std::vector<std::int64_t>& in, std::vector<std::int64_t>& out) {
  in.assign(input.nodes.size(), 0);
  out.assign(input.nodes.size(), 0);
  for (const auto& l : input.links) {
    if (l.value <= 0 || !valid_link(input, l)) continue;
    out[at(l.source)] = add(out[at(l.source)], l.value);
    in[at(l.target)] = add(in[at(l.target)], l.value);
  }
}

float finite_or(float v, float fallback) { return std::isfinite(v) ? v : fallback; }

}  // namespace

std::string check_sankey(const SankeyInput& input) {
  std::vector<std::string> problems;
  const int n = static_cast<int>(input.nodes.size());
  for (int i = 0; i < n; ++i) {
    if (input.nodes[at(i)].column < 0) problems.push_back(fmt::format("node {} has column {}", i, input.nodes[at(i)].column));
  }
  for (std::size_t i = 0; i < input.links.size(); ++i) {
    const auto& l = input.links[i];
    if (l.source < 0 || l.source >= n || l.target < 0 || l.target >= n) {
      problems.push_back(fmt::format("link {} joins {} to {}, but there are {} nodes", i, l.source, l.target, n));
    } else if (input.nodes[at(l.target)].column != input.nodes[at(l.source)].column + 1) {
      problems.push_back(fmt::format("link {} goes from column {} to column {} (flows go to the next column only)", i,
                                     input.nodes[at(l.source)].column, input.nodes[at(l.target)].column));
    }
  }
  if (problems.empty()) return {};
  std::string out;
  const std::size_t shown = std::min<std::size_t>(problems.size(), 5);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? "; " : "") + problems[i];
  if (problems.size() > shown) out += fmt::format("; and {} more", problems.size() - shown);
  return out;
}

SankeyInput group_small(const SankeyInput& input, int max_nodes, std::string_view other_label, double min_share) {
  const std::size_t n = input.nodes.size();
  std::vector<std::int64_t> in, out;
  flows(input, in, out);
  std::vector<std::int64_t> through(n);
  for (std::size_t i = 0; i < n; ++i) through[i] = std::max(in[i], out[i]);

  // The nodes of each column, in input order.
  std::map<int, std::vector<std::size_t>> columns;
  for (std::size_t i = 0; i < n; ++i) columns[input.nodes[i].column].push_back(i);

  const std::size_t keep_at_most = static_cast<std::size_t>(std::max(1, max_nodes));
  std::vector<bool> merged(n, false);
  std::vector<int> other_columns;  // columns that get an "other" node, in column order
  for (const auto& [column, members] : columns) {
    if (column < 0) continue;  // not a column at all (check_sankey reports it): left alone
    std::int64_t total = 0;
    for (auto i : members) total = add(total, through[i]);
    const auto small = [&](std::size_t i) {
      return total > 0 && static_cast<double>(through[i]) < min_share * static_cast<double>(total);
    };
    const bool any_small = std::any_of(members.begin(), members.end(), small);
    if (members.size() <= keep_at_most && !any_small) continue;
    // The biggest max_nodes - 1 that are not small stay; ties go to the one given first.
    std::vector<std::size_t> ranked;
    for (auto i : members)
      if (!small(i)) ranked.push_back(i);
    std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) { return through[a] > through[b]; });
    if (ranked.size() > keep_at_most - 1) ranked.resize(keep_at_most - 1);
    std::vector<bool> kept(n, false);
    for (auto i : ranked) kept[i] = true;
    bool any = false;
    for (auto i : members) {
      if (!kept[i]) merged[i] = any = true;
    }
    if (any) other_columns.push_back(column);
  }

  SankeyInput result;
  std::vector<int> index(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    if (merged[i]) continue;
    index[i] = static_cast<int>(result.nodes.size());
    result.nodes.push_back(input.nodes[i]);
  }
  std::map<int, int> other_of;  // column → its "other" node
  for (int column : other_columns) {
    other_of[column] = static_cast<int>(result.nodes.size());
    result.nodes.push_back(SankeyNode{fmt::format("{}:other", column), std::string(other_label), column});
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (merged[i]) index[i] = other_of[input.nodes[i].column];
  }

  // Links keep their order; those touching an "other" node are summed by their new ends.
  std::map<std::pair<int, int>, std::size_t> merged_links;
  for (const auto& l : input.links) {
    if (!valid_link(input, l)) continue;  // nowhere to draw it; check_sankey says why
    const int s = index[at(l.source)];
    const int t = index[at(l.target)];
    if (!merged[at(l.source)] && !merged[at(l.target)]) {
      result.links.push_back(SankeyLink{s, t, l.value});
      continue;
    }
    if (l.value <= 0) continue;
    const auto [it, fresh] = merged_links.try_emplace({s, t}, result.links.size());
    if (fresh) {
      result.links.push_back(SankeyLink{s, t, l.value});
    } else {
      result.links[it->second].value = add(result.links[it->second].value, l.value);
    }
  }
  return result;
}

SankeyLayout layout_sankey(const SankeyInput& input, const std::vector<std::string>& labels, Rect area,
                           const SankeyStyle& style, const MeasureText& measure) {
  SankeyLayout layout;
  const std::size_t n = input.nodes.size();
  layout.nodes.resize(n);

  // A hostile area or style must not turn into NaN or negative sizes.
  area.x = finite_or(area.x, 0);
  area.y = finite_or(area.y, 0);
  area.w = std::max(0.0f, finite_or(area.w, 0));
  area.h = std::max(0.0f, finite_or(area.h, 0));
  const double node_gap = std::max(0.0f, finite_or(style.node_gap, 0));
  const double label_h = std::max(0.0f, finite_or(style.label_height, 0));
  const double label_gap = std::max(0.0f, finite_or(style.label_gap, 0));
  const double min_h = std::max(0.0f, finite_or(style.min_node_height, 0));
  for (auto& node : layout.nodes) node.rect = node.label = Rect{area.x, area.y, 0, 0};

  std::vector<std::int64_t> in, out;
  flows(input, in, out);
  for (std::size_t i = 0; i < n; ++i) {
    layout.nodes[i].in = in[i];
    layout.nodes[i].out = out[i];
    layout.nodes[i].value = std::max(in[i], out[i]);
  }

  // Columns that hold nodes, left to right; a node with a negative column is not laid out.
  std::vector<int> column_ids;
  for (const auto& node : input.nodes)
    if (node.column >= 0) column_ids.push_back(node.column);
  std::sort(column_ids.begin(), column_ids.end());
  column_ids.erase(std::unique(column_ids.begin(), column_ids.end()), column_ids.end());
  const std::size_t columns = column_ids.size();
  std::vector<std::vector<std::size_t>> members(columns);  // input order
  std::vector<std::size_t> column_of(n, columns);
  for (std::size_t i = 0; i < n; ++i) {
    if (input.nodes[i].column < 0) continue;
    const auto c = static_cast<std::size_t>(
        std::lower_bound(column_ids.begin(), column_ids.end(), input.nodes[i].column) - column_ids.begin());
    column_of[i] = c;
    members[c].push_back(i);
  }

  // ---- One scale: the largest at which every column (flows, minimum heights, gaps) fits. ----
  const double height = area.h;
  std::vector<double> gap(columns, 0), floor_h(columns, 0);
  double scale = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < columns; ++c) {
    std::vector<double> values;
    for (auto i : members[c])
      if (layout.nodes[i].value > 0) values.push_back(static_cast<double>(layout.nodes[i].value));
    const std::size_t k = values.size();
    if (k == 0) continue;
    // Gaps take at most a quarter of the height, minimum heights at most half of what is left:
    // 10,000 towns in one column still leave most of it to the money.
    gap[c] = k > 1 ? std::min(node_gap, 0.25 * height / static_cast<double>(k - 1)) : 0.0;
    const double room = height - gap[c] * static_cast<double>(k - 1);
    floor_h[c] = std::min(min_h, 0.5 * room / static_cast<double>(k));
    // Solve Σ max(v·s, floor) = room: pin the smallest nodes at the floor one by one until the
    // next smallest is above it at the scale the rest would get.
    std::sort(values.begin(), values.end());
    double rest = std::accumulate(values.begin(), values.end(), 0.0);
    double s = 0;
    for (std::size_t j = 0; j < k; ++j) {
      s = rest > 0 ? (room - static_cast<double>(j) * floor_h[c]) / rest : 0.0;
      if (values[j] * s >= floor_h[c]) break;
      rest -= values[j];
    }
    scale = std::min(scale, std::max(0.0, s));
  }
  if (!std::isfinite(scale)) scale = 0;
  layout.px_per_fen = scale;

  // ---- Vertical: each column stacked in input order and centred. ----
  std::vector<double> top(n, area.y), node_h(n, 0);
  for (std::size_t c = 0; c < columns; ++c) {
    double used = 0;
    std::size_t shown = 0;
    for (auto i : members[c]) {
      if (layout.nodes[i].value <= 0) continue;
      node_h[i] = std::max(static_cast<double>(layout.nodes[i].value) * scale, floor_h[c]);
      used += node_h[i];
      ++shown;
    }
    if (shown > 1) used += gap[c] * static_cast<double>(shown - 1);
    double y = static_cast<double>(area.y) + std::max(0.0, (height - used) / 2);
    bool first = true;
    for (auto i : members[c]) {
      if (layout.nodes[i].value <= 0) {
        top[i] = std::min(y, static_cast<double>(area.bottom()));
        continue;
      }
      if (!first) y += gap[c];
      first = false;
      top[i] = y;
      y += node_h[i];
    }
  }

  // ---- Labels, vertically: every node's label in node order, pushed apart where crowded. ----
  // Each label wants its middle at its node's middle. Going down the column a label that would
  // overlap the one above is pushed down; going back up from the bottom edge one that would run
  // out of the area is pushed up. If the labels cannot all fit, or one ends up more than three
  // lines from its node, the smallest node's label is left out and the column is laid out again,
  // so the biggest nodes always keep theirs. The drawing joins a moved label to its node.
  std::vector<double> label_top(n, 0);
  std::vector<bool> label_shown(n, false);
  if (label_h > 0 && label_h <= height) {
    const double lo = area.y;
    const double hi = static_cast<double>(area.y) + height - label_h;
    const double max_shift = 3 * label_h;
    for (std::size_t c = 0; c < columns; ++c) {
      std::vector<std::size_t> shown;  // top to bottom
      for (auto i : members[c])
        if (layout.nodes[i].value > 0) shown.push_back(i);
      std::stable_sort(shown.begin(), shown.end(), [&](std::size_t a, std::size_t b) { return top[a] < top[b]; });
      // More labels than lines in the column (10,000 towns): keep the biggest nodes' in one go.
      const auto lines = static_cast<std::size_t>(height / label_h + 1e-6);
      if (shown.size() > lines) {
        std::vector<std::size_t> by_value = shown;
        std::nth_element(by_value.begin(), by_value.begin() + static_cast<std::ptrdiff_t>(lines), by_value.end(),
                         [&](std::size_t a, std::size_t b) { return layout.nodes[a].value > layout.nodes[b].value; });
        by_value.resize(lines);
        std::sort(by_value.begin(), by_value.end(), [&](std::size_t a, std::size_t b) { return top[a] < top[b]; });
        shown = std::move(by_value);
      }
      std::vector<double> pos;
      while (!shown.empty()) {
        const auto drop_smallest = [&](const std::vector<std::size_t>& among) {
          const auto it = std::min_element(among.begin(), among.end(), [&](std::size_t a, std::size_t b) {
            return layout.nodes[a].value < layout.nodes[b].value;
          });
          shown.erase(std::find(shown.begin(), shown.end(), *it));
        };
        if (static_cast<double>(shown.size()) * label_h > height + 1e-6) {
          drop_smallest(shown);
          continue;
        }
        pos.assign(shown.size(), 0);
        for (std::size_t k = 0; k < shown.size(); ++k) {
          const auto i = shown[k];
          pos[k] = std::clamp(top[i] + node_h[i] / 2 - label_h / 2, lo, hi);
          if (k > 0) pos[k] = std::max(pos[k], pos[k - 1] + label_h);
        }
        for (std::size_t k = shown.size(); k-- > 0;) {
          pos[k] = std::min(pos[k], k + 1 < shown.size() ? pos[k + 1] - label_h : hi);
        }
        std::vector<std::size_t> far;
        for (std::size_t k = 0; k < shown.size(); ++k) {
          const auto i = shown[k];
          if (std::abs(pos[k] + label_h / 2 - (top[i] + node_h[i] / 2)) > max_shift) far.push_back(i);
        }
        if (far.empty()) break;
        drop_smallest(shown);
      }
      for (std::size_t k = 0; k < shown.size(); ++k) {
        label_top[shown[k]] = pos[k];
        label_shown[shown[k]] = true;
      }
    }
  }
  const auto label_text = [&](std::size_t i) -> std::string_view {
    return i < labels.size() ? std::string_view(labels[i]) : std::string_view(input.nodes[i].label);
  };
  std::vector<double> label_w(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!label_shown[i]) continue;
    const float w = measure ? measure(label_text(i)) : 0.0f;
    label_w[i] = std::isfinite(w) ? std::max(0.0, static_cast<double>(w)) : 0.0;
  }

  // ---- Horizontal: room for the first column's labels on the left and the last's on the right. ----
  const double width = area.w;
  double left = 0, right = 0;
  if (columns > 0) {
    // A pixel more than the label: the edge it is measured against goes through float, and a
    // label a hair too wide for its room would be cut to "柏树村 139…".
    for (auto i : members.front())
      if (label_shown[i]) left = std::max(left, label_w[i] + label_gap + 1);
    if (columns > 1) {
      for (auto i : members.back())
        if (label_shown[i]) right = std::max(right, label_w[i] + label_gap + 1);
    }
  }
  // Long names are cut (the drawing truncates them), so the flows keep most of the width.
  left = std::min(left, 0.3 * width);
  right = std::min(right, 0.3 * width);
  const double inner = std::max(0.0, width - left - right);
  const double node_w =
      columns == 0 ? 0.0 : std::clamp(static_cast<double>(style.node_width), 0.0, inner / static_cast<double>(2 * columns - 1));
  std::vector<double> column_x(columns, static_cast<double>(area.x) + left);
  for (std::size_t c = 0; c < columns && columns > 1; ++c)
    column_x[c] = static_cast<double>(area.x) + left + (inner - node_w) * static_cast<double>(c) / static_cast<double>(columns - 1);

  const double bottom = area.bottom();
  const double right_edge = area.right();
  for (std::size_t i = 0; i < n; ++i) {
    auto& node = layout.nodes[i];
    if (column_of[i] == columns) continue;
    const std::size_t c = column_of[i];
    const double y = std::clamp(top[i], static_cast<double>(area.y), bottom);
    const double h = std::clamp(node_h[i], 0.0, bottom - y);
    node.rect = Rect{static_cast<float>(column_x[c]), static_cast<float>(y), static_cast<float>(node_w), static_cast<float>(h)};
    if (!label_shown[i]) continue;
    double x0 = 0, x1 = 0;  // the span the label may use
    if (c == 0) {
      x0 = area.x;
      x1 = column_x[c] - label_gap;
    } else {
      x0 = column_x[c] + node_w + label_gap;
      x1 = c + 1 < columns ? column_x[c + 1] - label_gap : right_edge;
    }
    x1 = std::min(x1, right_edge);
    x0 = std::max(x0, static_cast<double>(area.x));
    const double w = std::min(label_w[i], x1 - x0);
    if (!(w > 0)) continue;
    const double x = c == 0 ? x1 - w : x0;
    node.label = Rect{static_cast<float>(x), static_cast<float>(label_top[i]), static_cast<float>(w), static_cast<float>(label_h)};
    node.label_shown = true;
  }

  // ---- Flows: stacked at each end in the order of their other ends, centred on the node. ----
  std::vector<std::size_t> live;
  for (std::size_t i = 0; i < input.links.size(); ++i)
    if (input.links[i].value > 0 && valid_link(input, input.links[i])) live.push_back(i);
  std::vector<std::size_t> position(n, 0);  // a node's place in its column
  for (const auto& m : members)
    for (std::size_t p = 0; p < m.size(); ++p) position[m[p]] = p;
  layout.links.resize(live.size());
  const auto link = [&](std::size_t k) -> const SankeyLink& { return input.links[live[k]]; };
  // Each node's flows in the order of their other ends (ties: input order): bucketed by node,
  // then each bucket sorted by packed (position of the other end, link) — a 10,000-town column
  // must not cost a comparison sort of tuples.
  const auto ordered = [&](bool by_source_node) {
    std::vector<std::size_t> start(n + 1, 0);
    for (std::size_t k = 0; k < live.size(); ++k)
      ++start[at(by_source_node ? link(k).source : link(k).target) + 1];
    for (std::size_t i = 0; i < n; ++i) start[i + 1] += start[i];
    std::vector<std::uint64_t> keys(live.size());
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t k = 0; k < live.size(); ++k) {
      const auto& l = link(k);
      const std::size_t node = at(by_source_node ? l.source : l.target);
      const std::size_t other = at(by_source_node ? l.target : l.source);
      keys[fill[node]++] = static_cast<std::uint64_t>(position[other]) << 32 | static_cast<std::uint64_t>(k);
    }
    std::vector<std::size_t> order(live.size());
    for (std::size_t i = 0; i < n; ++i) {
      std::sort(keys.begin() + static_cast<std::ptrdiff_t>(start[i]), keys.begin() + static_cast<std::ptrdiff_t>(start[i + 1]));
    }
    for (std::size_t j = 0; j < keys.size(); ++j) order[j] = static_cast<std::size_t>(keys[j] & 0xFFFFFFFFu);
    return order;
  };
  const std::vector<std::size_t> by_source = ordered(true);
  const std::vector<std::size_t> by_target = ordered(false);
  for (std::size_t k = 0; k < live.size(); ++k) {
    const auto& l = link(k);
    auto& out_link = layout.links[k];
    out_link.source = l.source;
    out_link.target = l.target;
    out_link.value = l.value;
    out_link.x0 = layout.nodes[at(l.source)].rect.right();
    out_link.x1 = layout.nodes[at(l.target)].rect.x;
  }
  // Widths as doubles first, so that one node's flows add up to its height exactly.
  std::vector<double> link_w(live.size());
  for (std::size_t k = 0; k < live.size(); ++k) link_w[k] = static_cast<double>(link(k).value) * scale;
  const auto stack = [&](const std::vector<std::size_t>& order, bool at_source) {
    std::size_t k = 0;
    while (k < order.size()) {
      const int node = at_source ? link(order[k]).source : link(order[k]).target;
      std::size_t end = k;
      double sum = 0;
      while (end < order.size() && (at_source ? link(order[end]).source : link(order[end]).target) == node) sum += link_w[order[end++]];
      const Rect& r = layout.nodes[at(node)].rect;
      double y = static_cast<double>(r.y) + std::max(0.0, (static_cast<double>(r.h) - sum) / 2);
      for (; k < end; ++k) {
        auto& out_link = layout.links[order[k]];
        const double w = std::min(link_w[order[k]], std::max(0.0, bottom - y));
        if (at_source) {
          out_link.y0 = static_cast<float>(y);
          out_link.width = static_cast<float>(w);
        } else {
          out_link.y1 = static_cast<float>(y);
          out_link.width = std::min(out_link.width, static_cast<float>(w));
        }
        y += link_w[order[k]];
      }
    }
  };
  stack(by_source, true);
  stack(by_target, false);
  return layout;
}

}  // namespace sunlight::ui::charts
