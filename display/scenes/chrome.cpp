// The frame around every scene: header band, scene title and data time, the notice ticker, the
// waiting state; and the text helpers the scenes share.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <string>

#include <imgui.h>

#include "display/scenes/scenes.hpp"
#include "ui/charts/draw.hpp"
#include "ui/text_wrap.hpp"

namespace sunlight::display::scenes {

namespace theme = ui::theme;
using ui::FontRole;

namespace {

constexpr theme::Colour kBand = theme::kPrimary;
constexpr theme::Colour kTickerBand = theme::rgb(0x12, 0x3A, 0x5C);
constexpr theme::Colour kTickerLabel = theme::rgb(0xFF, 0xD5, 0x4F);

ImFont* font_of(ui::Frame& f, FontRole role) { return f.fonts.font(role); }

}  // namespace

float text_width(ui::Frame& f, FontRole role, std::string_view s) {
  ImFont* font = font_of(f, role);
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
}

float put(ui::Frame& f, FontRole role, std::string_view s, float x, float y, theme::Colour colour) {
  f.fonts.check(role, s);
  ImFont* font = font_of(f, role);
  ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(std::round(x), std::round(y)), colour, s.data(),
                                      s.data() + s.size());
  return text_width(f, role, s);
}

float put_right(ui::Frame& f, FontRole role, std::string_view s, float right, float y, theme::Colour colour) {
  const float w = text_width(f, role, s);
  put(f, role, s, right - w, y, colour);
  return w;
}

float put_centred(ui::Frame& f, FontRole role, std::string_view s, float cx, float y, theme::Colour colour) {
  const float w = text_width(f, role, s);
  put(f, role, s, cx - w / 2, y, colour);
  return w;
}

float put_wrapped(ui::Frame& f, FontRole role, std::string_view s, float x, float y, float width, int max_lines,
                  theme::Colour colour) {
  f.fonts.check(role, s);
  ImFont* font = font_of(f, role);
  const auto advance = [font](std::uint32_t cp) {
    return cp > 0xFFFF ? font->FallbackAdvanceX : font->GetCharAdvance(static_cast<ImWchar>(cp));
  };
  const auto lines = ui::wrap_text(s, width, advance);
  const float line_h = font->FontSize * 1.25f;
  const std::size_t shown = std::min<std::size_t>(lines.size(), static_cast<std::size_t>(std::max(0, max_lines)));
  for (std::size_t i = 0; i < shown; ++i) {
    std::string line(lines[i]);
    if (i + 1 == shown && shown < lines.size()) {
      // The last line shown of a cut text ends in an ellipsis, room made for it.
      while (!line.empty() && text_width(f, role, line + "…") > width) {
        std::size_t cut = line.size() - 1;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        line.resize(cut);
      }
      line += "…";
    }
    put(f, role, line, x, y + static_cast<float>(i) * line_h, colour);
  }
  return static_cast<float>(shown) * line_h;
}

void empty_note(ui::Frame& f, Rect r, std::string_view title, std::string_view line) {
  const float cy = r.y + r.h * 0.42f;
  put_centred(f, FontRole::Title, title, r.x + r.w / 2, cy - f.fonts.px(FontRole::Title), theme::kText);
  if (!line.empty()) put_centred(f, FontRole::Body, line, r.x + r.w / 2, cy + 0.6f * f.unit, theme::kMuted);
}

std::string month_words(const std::string& month) {
  if (month.size() != 7 || month[4] != '-') return month;
  return month.substr(0, 4) + "年" + std::to_string(std::atoi(month.c_str() + 5)) + "月";
}

ui::theme::Colour category_colour(const DisplayView& view, std::string_view category) {
  const auto it = std::lower_bound(view.categories.begin(), view.categories.end(), category);
  if (it == view.categories.end() || *it != category) return theme::rgb(0x8A, 0x84, 0x7C);
  return ui::charts::series_colour(static_cast<std::size_t>(it - view.categories.begin()));
}

int page_at(int pages, std::chrono::milliseconds elapsed, std::chrono::milliseconds length, long long round) {
  if (pages <= 1 || length.count() <= 0) return 0;
  constexpr long long kMinPageMs = 8000;
  const long long per_turn = std::max<long long>(1, std::min<long long>(pages, length.count() / kMinPageMs));
  const long long page_ms = std::max<long long>(1, length.count() / per_turn);
  const long long in_turn = std::clamp<long long>(elapsed.count() / page_ms, 0, per_turn - 1);
  const long long first = per_turn >= pages ? 0 : (std::max<long long>(0, round) % pages) * per_turn;
  return static_cast<int>((first + in_turn) % pages);
}

float header_height(const ui::Frame& f) { return 4.6f * f.unit; }
float ticker_height(const ui::Frame& f) { return 1.9f * f.unit; }

void header(ui::Frame& f, const DisplayView& view, const Chrome& chrome) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float u = f.unit;
  const float m = theme::kMargin * u;
  const float band = 2.4f * u;
  draw->AddRectFilled(ImVec2(0, 0), ImVec2(f.width, band), kBand);
  const float title_y = (band - f.fonts.px(FontRole::Title)) / 2;
  std::string title = view.header.title;
  if (!view.header.scope_name.empty()) title += " · " + view.header.scope_name;
  const float clock_w = put_right(f, FontRole::Heading, chrome.clock, f.width - m,
                                  (band - f.fonts.px(FontRole::Heading)) / 2, theme::kOnDark);
  // A long title and place name are cut with "…" before the clock, never drawn under it.
  put_wrapped(f, FontRole::Title, title, m, title_y, std::max(0.0f, f.width - 3 * m - clock_w), 1, theme::kOnDark);

  // The second row: which scene, which of how many (dots), how fresh the data is.
  const float row_y = band + 0.35f * u;
  const float row_h = 1.6f * u;
  const float scene_w = put(f, FontRole::Heading, chrome.scene_title, m, row_y + (row_h - f.fonts.px(FontRole::Heading)) / 2,
                            theme::kPrimary);
  const float dot = 0.22f * u;
  float x = m + scene_w + 1.0f * u;
  for (int i = 0; i < chrome.slots && chrome.slots > 1; ++i) {
    const ImVec2 c(x + dot, row_y + row_h / 2);
    if (i == chrome.slot) draw->AddCircleFilled(c, dot, theme::kPrimary);
    else draw->AddCircle(c, dot, theme::kMuted, 0, 0.08f * u);
    x += 3.2f * dot;
  }
  const float body_y = row_y + (row_h - f.fonts.px(FontRole::Body)) / 2;
  float right = f.width - m;
  if (view.header.offline && !view.header.offline_note.empty()) {
    // Yellow, like the kiosk's offline banner: the one thing on the screen that is not data.
    const float w = text_width(f, FontRole::Body, view.header.offline_note);
    const float pad = 0.4f * u;
    draw->AddRectFilled(ImVec2(right - w - 2 * pad, row_y), ImVec2(right, row_y + row_h), theme::kWarning,
                        theme::kRounding * u);
    put(f, FontRole::Body, view.header.offline_note, right - w - pad, body_y, theme::kText);
    right -= w + 2 * pad + 0.6f * u;
  }
  if (!view.header.data_time.empty()) put_right(f, FontRole::Body, view.header.data_time, right, body_y, theme::kMuted);
  draw->AddLine(ImVec2(m, row_y + row_h + 0.3f * u), ImVec2(f.width - m, row_y + row_h + 0.3f * u), theme::kLine,
                0.06f * u);
}

void ticker(ui::Frame& f, const DisplayView& view, double& offset_px, double dt) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float u = f.unit;
  const float h = ticker_height(f);
  const float top = f.height - h;
  draw->AddRectFilled(ImVec2(0, top), ImVec2(f.width, f.height), kTickerBand);
  const float m = theme::kMargin * u;
  const float text_y = top + (h - f.fonts.px(FontRole::Body)) / 2;
  const std::string_view label = "最新公告";
  const float label_w = text_width(f, FontRole::Body, label);
  const float lane_x = m + label_w + 1.2f * u;
  if (view.ticker.empty()) {
    put(f, FontRole::Body, label, m, text_y, kTickerLabel);
    put(f, FontRole::Body, view.has_data ? "暂无公告" : "—", lane_x, text_y, theme::kOnDark);
    return;
  }
  // One line of every title, separated by a diamond, moving at three characters a second: slow
  // enough to read from across the hall. It wraps around without a gap.
  const std::string_view gap = "　◆　";
  float total = 0;
  for (const auto& t : view.ticker) total += text_width(f, FontRole::Body, t) + text_width(f, FontRole::Body, gap);
  const float lane_w = f.width - lane_x - m;
  const double speed = 3.0 * static_cast<double>(f.fonts.px(FontRole::Body));
  offset_px = total > 0 ? std::fmod(std::max(0.0, offset_px) + std::clamp(dt, 0.0, 1.0) * speed, static_cast<double>(total)) : 0;
  const auto offset = static_cast<float>(offset_px);
  draw->PushClipRect(ImVec2(lane_x, top), ImVec2(lane_x + lane_w, f.height), true);
  float x = lane_x - offset;
  // Draw enough copies of the line to cover the lane (the titles may be shorter than it).
  while (x < lane_x + lane_w) {
    for (const auto& t : view.ticker) {
      const float w = text_width(f, FontRole::Body, t);
      if (x + w > lane_x && x < lane_x + lane_w) put(f, FontRole::Body, t, x, text_y, theme::kOnDark);
      x += w;
      const float gw = text_width(f, FontRole::Body, gap);
      if (x + gw > lane_x && x < lane_x + lane_w) put(f, FontRole::Body, gap, x, text_y, kTickerLabel);
      x += gw;
      if (x >= lane_x + lane_w) break;
    }
    if (total <= 0) break;
  }
  draw->PopClipRect();
  // The label sits on a solid patch so titles slide under it, not through it.
  draw->AddRectFilled(ImVec2(0, top), ImVec2(lane_x - 0.4f * u, f.height), kTickerBand);
  put(f, FontRole::Body, label, m, text_y, kTickerLabel);
}

void waiting(ui::Frame& f, Rect r, const DisplayView& view) {
  const std::string where = view.header.scope_name.empty() ? std::string("本地区") : view.header.scope_name;
  empty_note(f, r, "正在获取数据", view.waiting);
  put_centred(f, FontRole::Body, "数据到达后，这里将显示" + where + "惠民资金的来源、去向和各环节进度", r.x + r.w / 2,
              r.y + r.h * 0.42f + 2.4f * f.unit, theme::kMuted);
}

}  // namespace sunlight::display::scenes
