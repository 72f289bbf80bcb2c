// Easing the shown figures toward new data (see animated_view.hpp).
#include "display/animated_view.hpp"

#include "ui/charts/format.hpp"

namespace sunlight::display {

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
  sankey = o.sankey;
  link_keys_.clear();
  for (const auto& link : sankey.links) {
    const auto valid = [&](int i) { return i >= 0 && static_cast<std::size_t>(i) < sankey.nodes.size(); };
    link_keys_.push_back(valid(link.source) && valid(link.target)
                             ? "flow:" + sankey.nodes[static_cast<std::size_t>(link.source)].key + ">" +
                                   sankey.nodes[static_cast<std::size_t>(link.target)].key
                             : std::string("flow:?"));
    tweens_.set(link_keys_.back(), link.value, now, from_zero);
  }
  sankey_labels = o.sankey_labels;
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
  // A node's label says the flow through it as drawn: the larger of what arrives and what leaves.
  std::vector<std::int64_t> in(sankey.nodes.size(), 0);
  std::vector<std::int64_t> out(sankey.nodes.size(), 0);
  for (const auto& link : sankey.links) {
    if (link.value <= 0) continue;
    if (link.source >= 0 && static_cast<std::size_t>(link.source) < out.size()) out[static_cast<std::size_t>(link.source)] += link.value;
    if (link.target >= 0 && static_cast<std::size_t>(link.target) < in.size()) in[static_cast<std::size_t>(link.target)] += link.value;
  }
  sankey_labels.resize(sankey.nodes.size());
  for (std::size_t i = 0; i < sankey.nodes.size(); ++i) {
    sankey_labels[i] = sankey.nodes[i].label + "  " + ui::charts::money_short(std::max(in[i], out[i]));
  }
  for (std::size_t i = 0; i < paid.size(); ++i) paid[i].value = tweens_.value(paid_keys_[i], now);
  for (std::size_t i = 0; i < people.size(); ++i) people[i].value = tweens_.value(people_keys_[i], now);
  for (std::size_t c = 0; c < columns.values.size(); ++c) {
    for (std::size_t s = 0; s < columns.values[c].size(); ++s) columns.values[c][s] = tweens_.value(column_keys_[c][s], now);
  }
}

}  // namespace sunlight::display
