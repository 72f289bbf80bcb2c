// 村务公开: the latest notices in large type, one at a time, with the others listed beside it.
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>
#include <imgui.h>

#include "display/scenes/scenes.hpp"

namespace sunlight::display::scenes {

namespace theme = ui::theme;
using ui::FontRole;

void notices(ui::Frame& f, Rect r, const SceneContext& c) {
  const auto& cards = c.view.notices.cards;
  const float u = f.unit;
  if (cards.empty()) {
    empty_note(f, r, "暂无公告", "村务、财务、党务公开和各类公示发布后会在这里显示");
    return;
  }
  // Each notice stays at least 8 s (a title and a few lines read from across the hall); the
  // next turn of the scene goes on with the notices this one had no time for.
  const auto current = static_cast<std::size_t>(page_at(static_cast<int>(cards.size()), c.elapsed, c.length, c.round));
  const NoticeCard& card = cards[current];

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float gap = 1.0f * u;
  const float list_w = std::min(r.w * 0.36f, 16.0f * u);
  const Rect main{r.x, r.y, r.w - list_w - gap, r.h};
  draw->AddRectFilled(ImVec2(main.x, main.y), ImVec2(main.right(), main.bottom()), theme::kPanel, theme::kRounding * u);
  draw->AddRectFilled(ImVec2(main.x, main.y), ImVec2(main.x + 0.3f * u, main.bottom()), theme::kPrimary);
  const float pad = 1.0f * u;
  float y = main.y + pad;
  // The category as a red chip, then who published it and when.
  const float chip_w = text_width(f, FontRole::Body, card.category) + 0.8f * u;
  draw->AddRectFilled(ImVec2(main.x + pad, y), ImVec2(main.x + pad + chip_w, y + 1.4f * u), theme::kPrimary,
                      theme::kRounding * u);
  put(f, FontRole::Body, card.category, main.x + pad + 0.4f * u, y + 0.2f * u, theme::kOnDark);
  std::string meta = card.publisher + "  " + card.date + "发布";
  if (card.corrected) meta += "  · 已更正";
  put_wrapped(f, FontRole::Body, meta, main.x + pad + chip_w + 0.6f * u, y + 0.2f * u,
              std::max(0.0f, main.w - 2 * pad - chip_w - 0.6f * u), 1, theme::kMuted);
  y += 2.2f * u;
  y += put_wrapped(f, FontRole::Title, card.title, main.x + pad, y, main.w - 2 * pad, 2, theme::kText);
  y += 0.6f * u;
  const float body_h = main.bottom() - pad - y;
  const int body_lines = std::max(1, static_cast<int>(body_h / (f.fonts.px(FontRole::Body) * 1.25f)));
  put_wrapped(f, FontRole::Body, card.body, main.x + pad, y, main.w - 2 * pad, body_lines, theme::kText);

  // The other notices, the one showing marked: the list follows it, so it is always in sight.
  const float lx = main.right() + gap;
  put(f, FontRole::Heading, "近期公告", lx, r.y, theme::kText);
  float ly = r.y + f.fonts.px(FontRole::Heading) + 0.6f * u;
  const float item_h = 2.9f * u;
  const auto visible = static_cast<std::size_t>(std::max(1.0f, std::floor((r.bottom() - ly) / item_h)));
  const std::size_t first =
      cards.size() <= visible ? 0 : std::min(current - std::min(current, visible / 2), cards.size() - visible);
  for (std::size_t i = first; i < cards.size() && ly + item_h <= r.bottom(); ++i) {
    const bool on = i == current;
    if (on) draw->AddRectFilled(ImVec2(lx, ly), ImVec2(r.right(), ly + item_h - 0.3f * u), theme::rgb(0xF3, 0xE3, 0xD3), theme::kRounding * u);
    put_wrapped(f, FontRole::Body, cards[i].title, lx + 0.4f * u, ly + 0.2f * u, list_w - 0.8f * u, 1,
                on ? theme::kPrimary : theme::kText);
    put_wrapped(f, FontRole::Small, cards[i].publisher + "  " + cards[i].date, lx + 0.4f * u, ly + 1.5f * u,
                list_w - 0.8f * u, 1, theme::kMuted);
    ly += item_h;
  }
}

}  // namespace sunlight::display::scenes
