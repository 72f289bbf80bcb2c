// 镇街分布: money paid and people reached this year per town (per village on a town's screen),
// ranked, side by side; a ranking longer than the screen turns its pages within the scene's time,
// every page on the same scale and numbered by rank.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "display/scenes/scenes.hpp"
#include "ui/charts/draw.hpp"

namespace sunlight::display::scenes {

namespace theme = ui::theme;
namespace charts = ui::charts;
using ui::FontRole;

namespace {

// Ranked (largest first, ties by key, as the chart ranks), with each name numbered by its rank.
std::vector<charts::BarItem> ranked(const std::vector<charts::BarItem>& items) {
  std::vector<charts::BarItem> out = items;
  std::stable_sort(out.begin(), out.end(), [](const charts::BarItem& a, const charts::BarItem& b) {
    const auto va = std::max<std::int64_t>(0, a.value), vb = std::max<std::int64_t>(0, b.value);
    return va != vb ? va > vb : a.key < b.key;
  });
  return out;
}

void page_of(ui::Frame& f, Rect r, const std::vector<charts::BarItem>& items, charts::BarsStyle style, int page,
             int per_page) {
  const auto all = ranked(items);
  style.axis_max = all.empty() ? 0 : std::max<std::int64_t>(0, all.front().value);
  std::vector<charts::BarItem> shown;
  const std::size_t first = static_cast<std::size_t>(page) * static_cast<std::size_t>(per_page);
  for (std::size_t i = first; i < all.size() && i < first + static_cast<std::size_t>(per_page); ++i) {
    charts::BarItem item = all[i];
    item.label = fmt::format("{}. {}", i + 1, item.label);
    shown.push_back(std::move(item));
  }
  charts::draw_bars(f, r, shown, style);
}

}  // namespace

void towns(ui::Frame& f, Rect r, const SceneContext& c) {
  const auto& v = c.view.towns;
  const float u = f.unit;
  if (c.shown.paid.empty()) {
    empty_note(f, r, "本年度尚无发放记录", "资金发放后，这里按" + v.level_word + "排出发放金额和惠及人次");
    return;
  }
  const float gap = 1.6f * u;
  const float half = (r.w - gap) / 2;
  const float title_h = f.fonts.px(FontRole::Heading) + 0.6f * u;
  const int year = c.view.overview.year;
  put(f, FontRole::Heading, fmt::format("{}年各{}发放金额", year, v.level_word), r.x, r.y, theme::kText);
  put(f, FontRole::Heading, fmt::format("{}年各{}惠及人次", year, v.level_word), r.x + half + gap, r.y, theme::kText);

  charts::BarsStyle money;
  money.colour = theme::kPrimary;
  money.money = true;
  charts::BarsStyle people;
  people.colour = theme::kSecond;
  people.money = false;
  people.unit = "人次";
  const float chart_h = r.h - title_h;
  const int per_page = std::max(1, charts::bars_rows(f, chart_h, money));
  const int count = static_cast<int>(std::max(c.shown.paid.size(), c.shown.people.size()));
  const int pages = (count + per_page - 1) / per_page;
  const int page = page_at(pages, c.elapsed, c.length, c.round);
  if (pages > 1) {
    put_right(f, FontRole::Body, fmt::format("共 {} 个{} · 第 {}/{} 页", count, v.level_word, page + 1, pages), r.right(),
              r.y + (f.fonts.px(FontRole::Heading) - f.fonts.px(FontRole::Body)) / 2, theme::kMuted);
  }
  page_of(f, Rect{r.x, r.y + title_h, half, chart_h}, c.shown.paid, money, page, per_page);
  page_of(f, Rect{r.x + half + gap, r.y + title_h, half, chart_h}, c.shown.people, people, page, per_page);
}

}  // namespace sunlight::display::scenes
