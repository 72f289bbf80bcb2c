// 总览: this year's key figures and where the money went — funding level → category → town.
#include <string>
#include <vector>

#include <imgui.h>

#include "display/scenes/scenes.hpp"
#include "ui/charts/draw.hpp"
#include "ui/charts/format.hpp"

namespace sunlight::display::scenes {

namespace theme = ui::theme;
namespace charts = ui::charts;
using ui::FontRole;

namespace {

// Column 0 keeps one colour per funding level (中央 red, 市级 blue, 区级 green) on every screen;
// a category has the colour it has in the trend (category_colour); the scope's towns are a
// quiet grey-blue, so the eye follows the money by where it came from.
std::vector<theme::Colour> node_colours(const DisplayView& view, const charts::SankeyInput& input) {
  std::vector<theme::Colour> colours;
  colours.reserve(input.nodes.size());
  for (const auto& node : input.nodes) {
    if (node.key.ends_with(":other")) {
      colours.push_back(theme::rgb(0x8A, 0x84, 0x7C));  // 其他: grouped, so no colour of its own
    } else if (node.column == 0) {
      if (node.key.ends_with("central")) colours.push_back(theme::rgb(0xB0, 0x2A, 0x22));
      else if (node.key.ends_with("municipal")) colours.push_back(theme::rgb(0x1F, 0x5F, 0x9E));
      else if (node.key.ends_with("district")) colours.push_back(theme::rgb(0x2E, 0x7D, 0x32));
      else colours.push_back(theme::kMuted);
    } else if (node.column == 1) {
      colours.push_back(category_colour(view, node.label));
    } else {
      colours.push_back(theme::rgb(0x54, 0x6E, 0x7A));
    }
  }
  return colours;
}

// "本年已发放" says which year on a wall: "2026年已发放".
std::string year_label(int year, const std::string& label) {
  if (year > 0 && label.starts_with("本年")) return std::to_string(year) + "年" + label.substr(std::string_view("本年").size());
  return label;
}

}  // namespace

void overview(ui::Frame& f, Rect r, const SceneContext& c) {
  const auto& o = c.view.overview;
  const float u = f.unit;
  const float gap = 0.8f * u;
  // The key figures across the top.
  const float tile_h = 5.4f * u;  // room for the label, the figure and its note
  const std::size_t n = o.kpis.size();
  if (n > 0) {
    const float tile_w = (r.w - gap * static_cast<float>(n - 1)) / static_cast<float>(n);
    static constexpr theme::Colour kAccents[] = {theme::kSecond, theme::kPrimary, theme::rgb(0x1B, 0x6E, 0x3A),
                                                 theme::rgb(0x8A, 0x4B, 0x08)};
    for (std::size_t i = 0; i < n; ++i) {
      const auto& k = o.kpis[i];
      const std::int64_t v = i < c.shown.kpis.size() ? c.shown.kpis[i] : k.value;
      const std::string value = k.money ? charts::money_short(v) : charts::count_short(v) + k.unit;
      charts::draw_kpi(f, Rect{r.x + static_cast<float>(i) * (tile_w + gap), r.y, tile_w, tile_h},
                       year_label(o.year, k.label), value, k.note, kAccents[i % 4]);
    }
  }
  const float caption_y = r.y + tile_h + 0.7f * u;
  const std::string caption = std::to_string(o.year) + "年资金流向：" + o.column_titles[0] + " → " + o.column_titles[1] +
                              " → " + o.column_titles[2];
  put(f, FontRole::Heading, caption, r.x, caption_y, theme::kText);
  const Rect chart{r.x, caption_y + f.fonts.px(FontRole::Heading) + 0.6f * u, r.w,
                   r.bottom() - (caption_y + f.fonts.px(FontRole::Heading) + 0.6f * u)};
  if (o.total_paid <= 0 || c.shown.sankey.links.empty()) {
    empty_note(f, chart, "本年度尚无发放记录", "资金发放后，这里显示每一笔钱从哪里来、到哪里去");
    return;
  }
  charts::draw_sankey(f, chart, c.shown.sankey, c.shown.sankey_labels, node_colours(c.view, c.shown.sankey));
}

}  // namespace sunlight::display::scenes
