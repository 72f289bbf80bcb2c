// Easing the shown figures toward new data (see animated_view.hpp).
#include "display/animated_view.hpp"

#include <unordered_map>
#include <unordered_set>

#include "display/scenes/scenes.hpp"
#include "ui/charts/format.hpp"

namespace sunlight::display {

namespace charts = ui::charts;

void AnimatedView::retarget(const DisplayView& view, Clock::time_point now) {
  // Every figure new to the screen grows from zero: the first data counts up, a new town's bar grows.
  constexpr bool from_zero = true;
  const auto& o = view.overview;
  kpis.assign(o.kpis.size(), 0);
  kpi_keys_.clear();
  for (const auto& k : o.kpis) {
    kpi_keys_.push_back("kpi:" + k.key);
    tweens_.set(kpi_keys_.back(), k.value, now, from_zero);
  }
  // Flows that leave the picture (a town merged into 其他, a category gone) ease out to nothing
  // instead of vanishing, while the flows that take their money ease in: every flow moves by the
  // same eased fraction, so each node lets through what it receives in every frame.
  charts::SankeyInput before = std::move(sankey);
  const std::vector<std::string> before_keys = std::move(link_keys_);
  sankey = o.sankey;
  link_keys_.clear();
  const auto key_of = [](const charts::SankeyInput& s, const charts::SankeyLink& link) {
    const auto valid = [&](int i) { return i >= 0 && static_cast<std::size_t>(i) < s.nodes.size(); };
    return valid(link.source) && valid(link.target)
               ? "flow:" + s.nodes[static_cast<std::size_t>(link.source)].key + ">" +
                     s.nodes[static_cast<std::size_t>(link.target)].key
               : std::string("flow:?");
  };
  std::unordered_set<std::string> now_keys;
  for (const auto& link : sankey.links) {
    link_keys_.push_back(key_of(sankey, link));
    now_keys.insert(link_keys_.back());
    tweens_.set(link_keys_.back(), link.value, now, from_zero);
  }
  std::unordered_map<std::string, int> node_index;
  for (std::size_t i = 0; i < sankey.nodes.size(); ++i) node_index.emplace(sankey.nodes[i].key, static_cast<int>(i));
  const auto node_for = [&](const charts::SankeyNode& node) {
    const auto [it, added] = node_index.emplace(node.key, static_cast<int>(sankey.nodes.size()));
    if (added) sankey.nodes.push_back(node);  // last in its column while it empties
    return it->second;
  };
  for (std::size_t i = 0; i < before.links.size() && i < before_keys.size(); ++i) {
    const auto& link = before.links[i];
    if (link.value <= 0 || now_keys.contains(before_keys[i]) || before_keys[i] == "flow:?") continue;
    const int source = node_for(before.nodes[static_cast<std::size_t>(link.source)]);
    const int target = node_for(before.nodes[static_cast<std::size_t>(link.target)]);
    sankey.links.push_back({source, target, link.value});
    link_keys_.push_back(before_keys[i]);
    tweens_.set(link_keys_.back(), 0, now, from_zero);
  }
  const auto bars = [&](const std::vector<ui::charts::BarItem>& items, std::vector<ui::charts::BarItem>& shown,
                        std::vector<std::string>& keys, const char* prefix) {
    shown = items;
    keys.clear();
    for (const auto& item : items) {
      keys.push_back(prefix + item.key);
      tweens_.set(keys.back(), item.value, now, from_zero);
    }
  };
  bars(view.towns.paid, paid, paid_keys_, "paid:");
  bars(view.towns.people, people, people_keys_, "people:");
  columns = view.trend.columns;
  for (auto& series : columns.series) series.colour = scenes::category_colour(view, series.label);
  column_keys_.assign(columns.values.size(), {});
  for (std::size_t c = 0; c < columns.values.size(); ++c) {
    for (std::size_t s = 0; s < columns.values[c].size(); ++s) {
      const std::string& month = c < columns.columns.size() ? columns.columns[c] : std::string();
      const std::string& series = s < columns.series.size() ? columns.series[s].key : std::string();
      column_keys_[c].push_back("col:" + month + "|" + series);
      tweens_.set(column_keys_[c].back(), columns.values[c][s], now, from_zero);
    }
  }
  // Towns, months and flows that left the data leave the tweens too: months of updates never
  // grow the map.
  tweens_.prune();
  settled_ = false;
  ease_all(now);
}

void AnimatedView::step(Clock::time_point now) {
  if (settled_) return;
  ease_all(now);
  settled_ = !tweens_.moving(now);
}

void AnimatedView::ease_all(Clock::time_point now) {
  for (std::size_t i = 0; i < kpis.size(); ++i) kpis[i] = tweens_.value(kpi_keys_[i], now);
  for (std::size_t i = 0; i < sankey.links.size(); ++i) sankey.links[i].value = tweens_.value(link_keys_[i], now);
  // A node's label says the flow through it as drawn.
  sankey_labels = display::sankey_labels(sankey);
  for (std::size_t i = 0; i < paid.size(); ++i) paid[i].value = tweens_.value(paid_keys_[i], now);
  for (std::size_t i = 0; i < people.size(); ++i) people[i].value = tweens_.value(people_keys_[i], now);
  for (std::size_t c = 0; c < columns.values.size(); ++c) {
    for (std::size_t s = 0; s < columns.values[c].size(); ++s) columns.values[c][s] = tweens_.value(column_keys_[c][s], now);
  }
}

}  // namespace sunlight::display
