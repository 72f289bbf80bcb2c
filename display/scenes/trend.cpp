// 月度趋势: money paid each month of the last 12–24, stacked by category.
#include <string>

#include <fmt/format.h>

#include "display/scenes/scenes.hpp"
#include "ui/charts/draw.hpp"
#include "ui/charts/format.hpp"

namespace sunlight::display::scenes {

namespace theme = ui::theme;
namespace charts = ui::charts;
using ui::FontRole;

void trend(ui::Frame& f, Rect r, const SceneContext& c) {
  const auto& v = c.view.trend;
  const float u = f.unit;
  const std::size_t months = v.columns.columns.size();
  const std::string title =
      months == 0 ? std::string("月度发放")
                  : fmt::format("近 {} 个月各类资金发放（{}—{}）", months, month_words(v.first_month), month_words(v.last_month));
  put(f, FontRole::Heading, title, r.x, r.y, theme::kText);
  put_right(f, FontRole::Heading, "合计 " + charts::money_short(v.total), r.right(), r.y, theme::kPrimary);
  const float top = r.y + f.fonts.px(FontRole::Heading) + 0.6f * u;
  const Rect chart{r.x, top, r.w, r.bottom() - top};
  if (v.total <= 0) {
    empty_note(f, chart, "这段时间尚无发放记录", "有发放时，这里按月显示各类资金的金额");
    return;
  }
  charts::draw_columns(f, chart, c.shown.columns);
}

}  // namespace sunlight::display::scenes
