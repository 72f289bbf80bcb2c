// The charts drawn with ImGui's window draw list, clipped to their rectangle (see draw.hpp).
//
// [SECTION] text: measuring, cutting to a width, drawing (every string checked with the fonts)
// [SECTION] kpi
// [SECTION] sankey (flows as ribbons built vertex by vertex)
// [SECTION] bars and columns
// [SECTION] pipeline
#include "ui/charts/draw.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>

#include <fmt/format.h>
#include <imgui.h>

#include "ui/charts/format.hpp"
#include "ui/glyph_set.hpp"

namespace sunlight::ui::charts {

namespace {

// ---- [SECTION] text ----

float width_of(ImFont* font, std::string_view s) {
  if (s.empty()) return 0;
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
}

// `s` cut at a character boundary with "…" so that it is at most `max_w` wide; "" when not even
// the ellipsis fits.
std::string fit(ImFont* font, std::string_view s, float max_w) {
  if (width_of(font, s) <= max_w) return std::string(s);
  const std::string_view ellipsis = "…";
  const float budget = max_w - width_of(font, ellipsis);
  if (budget <= 0) return {};
  std::size_t keep = 0;
  for (std::size_t i = 0; i < s.size();) {
    (void)next_code_point(s, i);
    if (width_of(font, s.substr(0, i)) > budget) break;
    keep = i;
  }
  // No lone space before the ellipsis ("中央 …").
  while (keep > 0 && s[keep - 1] == ' ') --keep;
  return std::string(s.substr(0, keep)) + std::string(ellipsis);
}

ImVec2 v(float x, float y) { return ImVec2(x, y); }

// Draws `s` with its top-left at `pos`, having told the fonts (a missing glyph redoes the frame).
void put(Frame& f, FontRole role, ImVec2 pos, std::string_view s, theme::Colour colour) {
  if (s.empty()) return;
  f.fonts.check(role, s);
  ImFont* font = f.fonts.font(role);
  ImGui::GetWindowDrawList()->AddText(font, font->FontSize, v(std::round(pos.x), std::round(pos.y)), colour, s.data(),
                                      s.data() + s.size());
}

enum class Align { Left, Centre, Right };

// `s` cut to the rect's width and drawn in it, vertically centred. Returns the width drawn.
float put_in(Frame& f, FontRole role, Rect r, std::string_view s, theme::Colour colour, Align align = Align::Left) {
  ImFont* font = f.fonts.font(role);
  const std::string shown = fit(font, s, r.w);
  if (shown.empty() || font->FontSize > r.h + 0.5f) return 0;
  const float w = width_of(font, shown);
  const float x = align == Align::Left ? r.x : align == Align::Right ? r.right() - w : r.x + (r.w - w) / 2;
  put(f, role, v(x, r.y + (r.h - font->FontSize) / 2), shown, colour);
  return w;
}

theme::Colour with_alpha(theme::Colour c, float alpha) {
  const auto a = static_cast<theme::Colour>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f + 0.5f);
  return (c & 0x00FFFFFFu) | (a << 24);
}

// Everything a chart draws stays inside its rect, whatever rounding or a long name does.
class Clip {
 public:
  explicit Clip(Rect r) {
    ImGui::GetWindowDrawList()->PushClipRect(v(r.x, r.y), v(r.right(), r.bottom()), true);
  }
  ~Clip() { ImGui::GetWindowDrawList()->PopClipRect(); }
  Clip(const Clip&) = delete;
  Clip& operator=(const Clip&) = delete;
};

bool usable(Rect r) { return std::isfinite(r.x) && std::isfinite(r.y) && std::isfinite(r.w) && std::isfinite(r.h) && r.w > 1 && r.h > 1; }

// ---- [SECTION] sankey ----

// A flow from (x0, y0) to (x1, y1), `w` thick, eased in between (smoothstep), with a half-pixel
// faded edge top and bottom so it looks smooth without ImGui's fringe on every segment.
void ribbon(ImDrawList* draw, float x0, float y0, float x1, float y1, float w, theme::Colour colour, int segments) {
  const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
  const theme::Colour clear = colour & 0x00FFFFFFu;
  const float edge = std::min(0.5f, w / 2);
  draw->PrimReserve(segments * 18, (segments + 1) * 4);
  const auto base = static_cast<unsigned>(draw->_VtxCurrentIdx);
  for (int s = 0; s <= segments; ++s) {
    const float t = static_cast<float>(s) / static_cast<float>(segments);
    const float x = x0 + (x1 - x0) * t;
    const float y = y0 + (y1 - y0) * t * t * (3 - 2 * t);
    draw->PrimWriteVtx(v(x, y - edge), uv, clear);
    draw->PrimWriteVtx(v(x, y + edge), uv, colour);
    draw->PrimWriteVtx(v(x, y + w - edge), uv, colour);
    draw->PrimWriteVtx(v(x, y + w + edge), uv, clear);
  }
  for (int s = 0; s < segments; ++s) {
    const unsigned a = base + static_cast<unsigned>(s) * 4;
    const unsigned b = a + 4;
    for (unsigned j = 0; j < 3; ++j) {
      for (unsigned idx : {a + j, a + j + 1, b + j + 1, a + j, b + j + 1, b + j})
        draw->PrimWriteIdx(static_cast<ImDrawIdx>(idx));
    }
  }
}

// ---- [SECTION] bars and columns ----

struct Month {
  std::string month;  // "12月", or the caller's text when it is not "YYYY-MM"
  std::string year;   // "2025年"
  bool january = false;
};

Month month_of(const std::string& s) {
  const bool iso = s.size() == 7 && s[4] == '-' &&
                   std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!iso) return Month{s, "", false};
  const int m = (s[5] - '0') * 10 + (s[6] - '0');
  if (m < 1 || m > 12) return Month{s, "", false};
  return Month{fmt::format("{}月", m), s.substr(0, 4) + "年", m == 1};
}

}  // namespace

theme::Colour series_colour(std::size_t index) noexcept {
  // Okabe–Ito's order, each darkened until it holds on paper and on a washed-out projector.
  static constexpr std::array<theme::Colour, 12> kColours{
      theme::rgb(0x00, 0x63, 0xA6),  // blue
      theme::rgb(0xCC, 0x55, 0x00),  // vermillion
      theme::rgb(0x00, 0x8A, 0x64),  // bluish green
      theme::rgb(0xB8, 0x3E, 0x8A),  // reddish purple
      theme::rgb(0xD9, 0x93, 0x00),  // orange
      theme::rgb(0x3A, 0x93, 0xC8),  // sky blue
      theme::rgb(0x6B, 0x5B, 0x45),  // earth
      theme::rgb(0x4A, 0x4A, 0x4A),  // grey
      // Past Okabe–Ito's eight (a Sankey may show twelve categories): deeper tones of other hues.
      theme::rgb(0x7A, 0x1F, 0x4E),  // plum
      theme::rgb(0x55, 0x7A, 0x12),  // olive
      theme::rgb(0x1D, 0x3F, 0x8F),  // navy
      theme::rgb(0x9C, 0x5A, 0x1C),  // ochre brown
  };
  return kColours[index % kColours.size()];
}

// ---- [SECTION] kpi ----

void draw_kpi(Frame& f, Rect r, const std::string& label, const std::string& value, const std::string& note,
              theme::Colour accent) {
  if (!usable(r)) return;
  const Clip clip(r);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float u = f.unit;
  draw->AddRectFilled(v(r.x, r.y), v(r.right(), r.bottom()), theme::kPanel, theme::kRounding * u);
  // The accent strip is the panel's own left edge: the same shape clipped, so the corners agree.
  draw->PushClipRect(v(r.x, r.y), v(r.x + 0.22f * u, r.bottom()), true);
  draw->AddRectFilled(v(r.x, r.y), v(r.right(), r.bottom()), accent, theme::kRounding * u);
  draw->PopClipRect();
  const float pad = 0.6f * u;
  const Rect inner{r.x + 0.22f * u + pad, r.y + 0.4f * u, std::max(0.0f, r.w - 0.22f * u - 2 * pad),
                   std::max(0.0f, r.h - 0.8f * u)};
  const float body = f.fonts.font(FontRole::Body)->FontSize;
  // The biggest size the figure fits in; then label above and note below while there is room.
  FontRole big = FontRole::Heading;
  for (FontRole role : {FontRole::Keypad, FontRole::Title, FontRole::Heading}) {
    if (width_of(f.fonts.font(role), value) <= inner.w) {
      big = role;
      break;
    }
  }
  const float big_h = f.fonts.font(big)->FontSize;
  const bool has_label = !label.empty() && inner.h >= big_h + body * 1.1f;
  const bool has_note = !note.empty() && inner.h >= big_h + body * (has_label ? 2.2f : 1.1f);
  const float total = big_h + (has_label ? body * 1.1f : 0) + (has_note ? body * 1.1f : 0);
  float y = inner.y + std::max(0.0f, (inner.h - total) / 2);
  if (has_label) {
    put_in(f, FontRole::Body, Rect{inner.x, y, inner.w, body}, label, theme::kMuted);
    y += body * 1.1f;
  }
  put_in(f, big, Rect{inner.x, y, inner.w, big_h}, value, accent);
  y += big_h;
  if (has_note) put_in(f, FontRole::Body, Rect{inner.x, y + body * 0.1f, inner.w, body}, note, theme::kText);
}

// ---- [SECTION] sankey ----

void draw_sankey(Frame& f, Rect r, const SankeyInput& input, const std::vector<std::string>& labels,
                 const std::vector<theme::Colour>& node_colours) {
  if (!usable(r)) return;
  const Clip clip(r);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImFont* body = f.fonts.font(FontRole::Body);
  const float u = f.unit;
  SankeyStyle style;
  style.node_width = 0.55f * u;
  style.node_gap = 0.35f * u;
  style.label_height = body->FontSize * 1.08f;
  style.label_gap = 0.3f * u;
  style.min_node_height = 0.12f * u;
  const SankeyLayout layout =
      layout_sankey(input, labels, r, style, [body](std::string_view s) { return width_of(body, s); });
  const auto colour_of = [&](int node) {
    const auto i = static_cast<std::size_t>(node);
    return i < node_colours.size() ? node_colours[i] : series_colour(i);
  };

  for (const auto& l : layout.links) {
    if (l.width < 0.2f) continue;  // thinner than a pixel can show
    const int segments = std::clamp(static_cast<int>((l.x1 - l.x0) / (0.4f * u)), 8, 40);
    ribbon(draw, l.x0, l.y0, l.x1, l.y1, l.width, with_alpha(colour_of(l.source), 0.45f), segments);
  }
  for (std::size_t i = 0; i < layout.nodes.size(); ++i) {
    const auto& n = layout.nodes[i];
    if (n.value <= 0 || n.rect.h <= 0) continue;
    draw->AddRectFilled(v(n.rect.x, n.rect.y), v(n.rect.right(), n.rect.bottom()), colour_of(static_cast<int>(i)));
  }
  // Labels last, on a veil of paper so that they read over the flows they cross.
  for (std::size_t i = 0; i < layout.nodes.size(); ++i) {
    const auto& n = layout.nodes[i];
    if (!n.label_shown) continue;
    const std::string_view text = i < labels.size() ? std::string_view(labels[i]) : std::string_view(input.nodes[i].label);
    const std::string shown = fit(body, text, n.label.w);
    if (shown.empty()) continue;
    const float w = width_of(body, shown);
    const bool left = n.label.x < n.rect.x;
    const float x = left ? n.label.right() - w : n.label.x;  // left of its node: flush right
    // A label moved off its node's height (crowded small nodes) is joined to it by a thin leader.
    const float mid = n.label.y + n.label.h / 2;
    if (mid < n.rect.y - 1 || mid > n.rect.bottom() + 1) {
      const float node_x = left ? n.rect.x : n.rect.right();
      const float node_y = std::clamp(mid, n.rect.y, n.rect.bottom());
      const float text_x = left ? x + w + 0.1f * u : x - 0.1f * u;
      draw->AddLine(v(node_x, node_y), v(text_x, mid), theme::kMuted, std::max(1.0f, 0.04f * u));
    }
    draw->AddRectFilled(v(x - 0.1f * u, n.label.y), v(x + w + 0.1f * u, n.label.bottom()),
                        with_alpha(theme::kBackground, 0.8f), 0.15f * u);
    put(f, FontRole::Body, v(x, n.label.y + (n.label.h - body->FontSize) / 2), shown, theme::kText);
  }
}

// ---- [SECTION] bars and columns ----

int bars_rows(const Frame& f, float height, const BarsStyle& style) {
  const float row_h = std::max(f.fonts.px(FontRole::Body), style.row_units * f.unit);
  return row_h > 0 && std::isfinite(height) ? std::max(0, static_cast<int>(std::floor(height / row_h + 1e-4f))) : 0;
}

void draw_bars(Frame& f, Rect r, const std::vector<BarItem>& items, const BarsStyle& style) {
  if (!usable(r)) return;
  const Clip clip(r);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImFont* body = f.fonts.font(FontRole::Body);
  const float u = f.unit;
  const float row_h = std::max(body->FontSize, style.row_units * u);
  const auto figure = [&](std::int64_t value) {
    const std::int64_t shown = std::max<std::int64_t>(0, value);
    return style.money ? money_short(shown) : count_short(shown) + style.unit;
  };
  float names = 0, figures = 0;
  for (const auto& item : items) {
    names = std::max(names, width_of(body, item.label));
    figures = std::max(figures, width_of(body, figure(item.value)));
  }
  const float label_w = std::min(names + 0.5f * u, 0.34f * r.w);
  const float value_w = std::min(figures + 0.5f * u, 0.3f * r.w);
  BarsLayout layout = layout_bars(items, r, row_h, label_w, value_w, style.money, style.axis_max);
  const bool more = layout.hidden > 0 && !style.more_label.empty();
  if (more)
    layout = layout_bars(items, Rect{r.x, r.y, r.w, std::max(0.0f, r.h - row_h)}, row_h, label_w, value_w, style.money,
                         style.axis_max);

  if (!layout.rows.empty()) {
    const float top = layout.rows.front().label.y;
    const float bottom = layout.rows.back().label.bottom();
    for (std::size_t t = 1; t < layout.tick_x.size(); ++t)
      draw->AddLine(v(layout.tick_x[t], top), v(layout.tick_x[t], bottom), theme::kLine, std::max(1.0f, 0.04f * u));
    draw->AddLine(v(layout.tick_x.front(), top), v(layout.tick_x.front(), bottom), theme::kMuted, std::max(1.0f, 0.06f * u));
  }
  for (const auto& row : layout.rows) {
    const auto& item = items[static_cast<std::size_t>(row.item)];
    if (row.bar.w > 0.5f)
      draw->AddRectFilled(v(row.bar.x, row.bar.y), v(row.bar.right(), row.bar.bottom()), style.colour, 0.12f * u,
                          ImDrawFlags_RoundCornersRight);
    put_in(f, FontRole::Body, row.label, item.label, theme::kText, Align::Right);
    put_in(f, FontRole::Body, row.value, figure(item.value), theme::kText);
  }
  if (more) {
    std::string line;
    try {
      line = fmt::format(fmt::runtime(style.more_label), layout.hidden);
    } catch (const fmt::format_error&) {
      line = fmt::format("+{}", layout.hidden);  // a pattern without its {}: still say how many
    }
    const float y = layout.rows.empty() ? r.y : layout.rows.back().label.bottom();
    put_in(f, FontRole::Body, Rect{r.x + label_w, y, r.w - label_w, row_h}, line, theme::kMuted);
  }
}

namespace {
theme::Colour colour_of_series(const ColumnsInput& input, std::size_t s) {
  return s < input.series.size() && input.series[s].colour != 0 ? input.series[s].colour : series_colour(s);
}
}  // namespace

void draw_columns(Frame& f, Rect r, const ColumnsInput& input) {
  if (!usable(r)) return;
  const Clip clip(r);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImFont* body = f.fonts.font(FontRole::Body);
  ImFont* small = f.fonts.font(FontRole::Small);
  const float u = f.unit;
  const float line = body->FontSize;

  // Legend along the top: a swatch and the name, left to right, on as many as two lines; a
  // series that finds no room is left out of the legend rather than drawn over another.
  float x = r.x;
  float y = r.y;
  int lines = 1;
  const float swatch = 0.7f * line;
  for (std::size_t s = 0; s < input.series.size(); ++s) {
    const float want = swatch + 0.25f * u + width_of(body, input.series[s].label);
    if (x > r.x && x + want > r.right()) {
      if (lines == 2) break;
      ++lines;
      x = r.x;
      y += line * 1.15f;
    }
    const float sy = y + (line - swatch) / 2;
    draw->AddRectFilled(v(x, sy), v(x + swatch, sy + swatch), colour_of_series(input, s), 0.1f * u);
    const float w = put_in(f, FontRole::Body, Rect{x + swatch + 0.25f * u, y, r.right() - x - swatch - 0.25f * u, line},
                           input.series[s].label, theme::kText);
    x += swatch + 0.25f * u + w + 0.9f * u;
  }
  const float legend_h = input.series.empty() ? 0.0f : y + line * 1.15f + 0.3f * u - r.y;

  // The plot below the legend, with half a tick label of air at the top for the highest tick.
  const Rect area{r.x, r.y + legend_h + small->FontSize / 2, r.w, std::max(0.0f, r.h - legend_h - small->FontSize / 2)};
  std::vector<Month> months;
  float month_w = 0;
  for (const auto& c : input.columns) {
    months.push_back(month_of(c));
    month_w = std::max(month_w, width_of(body, months.back().month));
  }
  const float axis_h = line + small->FontSize + 0.25f * u;
  const float label_w = month_w + 0.6f * u;
  // The axis is as wide as its widest tick label, which is known once the ticks are.
  float axis_w = 2 * u;
  ColumnsLayout layout = layout_columns(input, area, axis_w, axis_h, label_w);
  float widest = 0;
  for (const auto& t : layout.ticks) widest = std::max(widest, width_of(small, t.label));
  if (widest + 0.5f * u > axis_w) {
    axis_w = std::min(widest + 0.5f * u, 0.3f * r.w);
    layout = layout_columns(input, area, axis_w, axis_h, label_w);
  }
  const Rect& plot = layout.plot;

  float last_label = FLT_MAX;  // tick labels from the bottom up, none closer than a line
  for (std::size_t t = 0; t < layout.ticks.size(); ++t) {
    const float ty = layout.tick_y[t];
    draw->AddLine(v(plot.x, ty), v(plot.right(), ty), t == 0 ? theme::kMuted : theme::kLine,
                  std::max(1.0f, (t == 0 ? 0.06f : 0.04f) * u));
    if (last_label - ty < small->FontSize * 1.1f) continue;
    put_in(f, FontRole::Small, Rect{r.x, ty - small->FontSize / 2, axis_w - 0.3f * u, small->FontSize},
           layout.ticks[t].label, theme::kMuted, Align::Right);
    last_label = ty;
  }
  for (const auto& seg : layout.segments) {
    if (seg.rect.h <= 0) continue;
    draw->AddRectFilled(v(seg.rect.x, seg.rect.y), v(seg.rect.right(), seg.rect.bottom()),
                        colour_of_series(input, static_cast<std::size_t>(seg.series)));
    // A hairline of paper between stacked segments keeps neighbours apart on a projector.
    if (seg.rect.h > 3 && seg.series > 0)
      draw->AddLine(v(seg.rect.x, seg.rect.bottom()), v(seg.rect.right(), seg.rect.bottom()), theme::kBackground, 1.5f);
  }
  bool year_shown = false;
  for (std::size_t c = 0; c < months.size(); ++c) {
    if (!layout.column_label_shown[c]) continue;
    const Rect& lr = layout.column_label[c];
    put_in(f, FontRole::Body, Rect{lr.x, lr.y + 0.1f * u, lr.w, line}, months[c].month, theme::kText, Align::Centre);
    if (!months[c].year.empty() && (!year_shown || months[c].january))
      put_in(f, FontRole::Small, Rect{lr.x - 0.3f * u, lr.y + 0.1f * u + line, lr.w + 0.6f * u, small->FontSize},
             months[c].year, theme::kMuted, Align::Centre);
    year_shown = year_shown || !months[c].year.empty();
  }
}

// ---- [SECTION] pipeline ----

namespace {

// An arrow from one monitoring point to the next at height `ay`, with the time between them
// ("约28天") centred above it.
void stage_arrow(Frame& f, float ax0, float ax1, float ay, float max_head, const std::string& gap) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImFont* small = f.fonts.font(FontRole::Small);
  const float u = f.unit;
  const float head = std::min(max_head, (ax1 - ax0) / 2);
  if (ax1 - ax0 > 2) {
    draw->AddLine(v(ax0, ay), v(ax1 - head, ay), theme::kMuted, std::max(2.0f, 0.09f * u));
    draw->AddTriangleFilled(v(ax1 - head, ay - head * 0.8f), v(ax1, ay), v(ax1 - head, ay + head * 0.8f), theme::kMuted);
  }
  if (!gap.empty())
    put_in(f, FontRole::Small, Rect{ax0 - 0.15f * u, ay - 0.22f * u - small->FontSize, ax1 - ax0 + 0.3f * u, small->FontSize},
           gap, theme::kMuted, Align::Centre);
}

}  // namespace

void draw_pipeline(Frame& f, Rect r, const PipelineRow& row) {
  if (!usable(r)) return;
  const Clip clip(r);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImFont* body = f.fonts.font(FontRole::Body);
  ImFont* small = f.fonts.font(FontRole::Small);
  ImFont* heading = f.fonts.font(FontRole::Heading);
  const float u = f.unit;
  float y = r.y;
  // Title, with the subtitle beside it when there is room, else under it when there is height.
  if (!row.title.empty()) {
    const float w = put_in(f, FontRole::Heading, Rect{r.x, y, r.w, heading->FontSize}, row.title, theme::kText);
    const float room = r.w - w - 0.8f * u;
    if (!row.subtitle.empty() && room >= width_of(body, row.subtitle)) {
      put_in(f, FontRole::Body, Rect{r.x + w + 0.8f * u, y + heading->FontSize - body->FontSize * 1.05f, room, body->FontSize},
             row.subtitle, theme::kMuted);
      y += heading->FontSize + 0.35f * u;
    } else {
      y += heading->FontSize + 0.1f * u;
      if (!row.subtitle.empty()) {
        put_in(f, FontRole::Body, Rect{r.x, y, r.w, body->FontSize}, row.subtitle, theme::kMuted);
        y += body->FontSize + 0.3f * u;
      }
    }
  }

  const float pad = 0.35f * u;
  const float box_h = pad + body->FontSize + 0.1f * u + heading->FontSize + 0.1f * u + small->FontSize + pad;
  float arrow_w = 3.4f * u;
  if ((r.w - 3 * arrow_w) / 4 < 5 * u) arrow_w = std::max(1.0f * u, (r.w - 20 * u) / 3);
  const float box_w = std::max(0.0f, (r.w - 3 * arrow_w) / 4);
  for (int s = 0; s < 4; ++s) {
    const auto& stage = row.stages[s];
    const float bx = r.x + static_cast<float>(s) * (box_w + arrow_w);
    const theme::Colour fill = stage.late ? kLate : stage.reached ? kDone : kPending;
    const theme::Colour ink = stage.late || stage.reached ? theme::kOnDark : theme::kMuted;
    draw->AddRectFilled(v(bx, y), v(bx + box_w, y + box_h), fill, theme::kRounding * u);
    const Rect inner{bx + pad, y + pad, std::max(0.0f, box_w - 2 * pad), box_h - 2 * pad};
    float ly = inner.y;
    put_in(f, FontRole::Body, Rect{inner.x, ly, inner.w, body->FontSize}, stage.name, ink);
    ly += body->FontSize + 0.1f * u;
    const std::string amount = stage.reached ? money_short(stage.amount) : std::string("尚未");
    put_in(f, FontRole::Heading, Rect{inner.x, ly, inner.w, heading->FontSize}, amount, ink);
    ly += heading->FontSize + 0.1f * u;
    std::string when = stage.when;
    if (!stage.share.empty()) when += when.empty() ? stage.share : "  " + stage.share;
    put_in(f, FontRole::Small, Rect{inner.x, ly, inner.w, small->FontSize}, when, ink);
    if (s == 3) break;
    // The arrow to the next stage, with the time between them above it.
    stage_arrow(f, bx + box_w + 0.25f * u, bx + box_w + arrow_w - 0.25f * u, y + box_h / 2 + 0.4f * u, 0.45f * u,
                row.gaps[s]);
  }
  y += box_h + 0.35f * u;
  if (!row.late_note.empty()) put_in(f, FontRole::Body, Rect{r.x, y, r.w, body->FontSize}, row.late_note, kLate);
}

namespace {

// The columns of the table form: a name column, then four cells with arrows between them.
struct PipelineColumns {
  Rect name;
  std::array<Rect, 4> cells;
  std::array<Rect, 3> arrows;
};

PipelineColumns pipeline_columns(Rect r, float u) {
  PipelineColumns c;
  const float name_w = std::clamp(r.w * 0.27f, 6.0f * u, 14.0f * u);
  c.name = Rect{r.x, r.y, std::min(name_w, r.w), r.h};
  const float rest = std::max(0.0f, r.w - name_w - 0.6f * u);
  const float arrow_w = std::min(2.8f * u, rest / 10);
  const float cell_w = std::max(0.0f, (rest - 3 * arrow_w) / 4);
  float x = r.x + name_w + 0.6f * u;
  for (std::size_t s = 0; s < 4; ++s) {
    c.cells[s] = Rect{x, r.y, cell_w, r.h};
    x += cell_w;
    if (s < 3) {
      c.arrows[s] = Rect{x, r.y, arrow_w, r.h};
      x += arrow_w;
    }
  }
  return c;
}

}  // namespace

void draw_pipeline_header(Frame& f, Rect r, const std::string (&names)[4]) {
  if (!usable(r)) return;
  const Clip clip(r);
  const auto c = pipeline_columns(r, f.unit);
  for (std::size_t s = 0; s < 4; ++s) {
    put_in(f, FontRole::Body, c.cells[s], names[s], theme::kMuted, Align::Centre);
  }
}

void draw_pipeline_row(Frame& f, Rect r, const PipelineRow& row) {
  if (!usable(r)) return;
  const Clip clip(r);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImFont* body = f.fonts.font(FontRole::Body);
  ImFont* small = f.fonts.font(FontRole::Small);
  const float u = f.unit;
  const auto c = pipeline_columns(r, u);
  // The name, and under it who runs it.
  const float text_h = body->FontSize + 0.1f * u + small->FontSize;
  const float top = r.y + std::max(0.0f, (r.h - text_h) / 2);
  put_in(f, FontRole::Body, Rect{c.name.x, top, c.name.w, body->FontSize}, row.title, theme::kText);
  put_in(f, FontRole::Small, Rect{c.name.x, top + body->FontSize + 0.1f * u, c.name.w, small->FontSize}, row.subtitle,
         theme::kMuted);
  const float pad = 0.3f * u;
  for (std::size_t s = 0; s < 4; ++s) {
    const auto& stage = row.stages[s];
    const Rect cell{c.cells[s].x, r.y + 0.1f * u, c.cells[s].w, r.h - 0.2f * u};
    const theme::Colour fill = stage.late ? kLate : stage.reached ? kDone : kPending;
    const theme::Colour ink = stage.late || stage.reached ? theme::kOnDark : theme::kMuted;
    draw->AddRectFilled(v(cell.x, cell.y), v(cell.right(), cell.bottom()), fill, theme::kRounding * u);
    const Rect inner{cell.x + pad, cell.y + std::max(0.0f, (cell.h - text_h) / 2), std::max(0.0f, cell.w - 2 * pad), text_h};
    std::string amount = stage.reached ? money_short(stage.amount) : std::string(stage.late ? "滞后" : "尚未");
    put_in(f, FontRole::Body, Rect{inner.x, inner.y, inner.w, body->FontSize}, amount, ink);
    std::string when = stage.when;
    if (!stage.share.empty()) when += when.empty() ? stage.share : " · " + stage.share;
    if (!stage.reached && stage.late) when = row.late_note;
    put_in(f, FontRole::Small, Rect{inner.x, inner.y + body->FontSize + 0.1f * u, inner.w, small->FontSize}, when, ink);
    if (s == 3) break;
    // The arrow to the next stage, the time between them above it.
    stage_arrow(f, c.arrows[s].x + 0.2f * u, c.arrows[s].right() - 0.2f * u, r.y + r.h * 0.62f, 0.35f * u, row.gaps[s]);
  }
}

}  // namespace sunlight::ui::charts
