// 镇街分布: money paid and people reached this year per town (per village on a town's screen),
// ranked, side by side.
#include <string>

#include <fmt/format.h>

#include "display/scenes/scenes.hpp"
#include "ui/charts/draw.hpp"

namespace sunlight::display::scenes {

namespace theme = ui::theme;
namespace charts = ui::charts;
using ui::FontRole;

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
  money.more_label = "其余 {} 个" + v.level_word;
  charts::draw_bars(f, Rect{r.x, r.y + title_h, half, r.h - title_h}, c.shown.paid, money);
  charts::BarsStyle people;
  people.colour = theme::kSecond;
  people.money = false;
  people.unit = "人次";
  people.more_label = money.more_label;
  charts::draw_bars(f, Rect{r.x + half + gap, r.y + title_h, half, r.h - title_h}, c.shown.people, people);
}

}  // namespace sunlight::display::scenes
