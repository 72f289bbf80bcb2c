// The big screen as a ui::App (see display_app.hpp).
#include "display/display_app.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <imgui.h>

#include "core/date.hpp"
#include "display/scenes/scenes.hpp"
#include "ui/charts/draw.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::display {

namespace {

// Characters noted in the four text sizes together before the atlas starts again (a district's
// screen shows about 1,500 in all; 6,000 at 4K is an atlas of about 4096 x 8000).
constexpr std::size_t kGlyphBudget = 6000;

constexpr const char* kWeekdays[7] = {"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"};

// "11月29日 星期日 14:27" in Shanghai time.
std::string clock_text(core::Timestamp t) {
  const auto local = core::to_shanghai(t);
  const auto weekday = ((local.date.days_since_epoch() + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
  return fmt::format("{}月{}日 {} {:02}:{:02}", local.date.month, local.date.day, kWeekdays[weekday], local.hour,
                     local.minute);
}

// Ease in and out for the slide between scenes: starts and ends at rest.
float slide(float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  return t * t * (3 - 2 * t);
}

}  // namespace

DisplayScreen::DisplayScreen(const ui::PlatformOptions& options, DisplayConfig config, sync::FeedSync* sync)
    : platform(options), fonts(ui::theme::base_unit(platform.width(), platform.height())), app(std::move(config), sync),
      runner(platform, fonts, app) {
  app.report_stats(&runner.stats());
}

DisplayApp::DisplayApp(DisplayConfig config, sync::FeedSync* sync)
    : config_(std::move(config)), sync_(sync), rotation_(config_.scenes, std::chrono::milliseconds(config_.transition_ms)) {}

void DisplayApp::set_data(std::shared_ptr<const sync::TerminalData> data, std::shared_ptr<const sync::SyncStatus> status) {
  if (data != data_ || status != status_) dirty_ = true;
  data_ = std::move(data);
  status_ = std::move(status);
}

void DisplayApp::pin(std::optional<Scene> scene) {
  rotation_ = Rotation(config_.scenes, std::chrono::milliseconds(config_.transition_ms));
  if (scene) rotation_.pin(*scene);
  start_.reset();
}

// What of a status the view says (display_view.cpp's header and waiting line): the sync thread
// publishes a new status every poll (2 s), and the view is built again only when this changes.
std::string status_key(const sync::SyncStatus* s) {
  if (!s) return {};
  return fmt::format("{}|{}|{}|{}|{}|{}", sync::connection_word(s->connection), s->problem, s->data_time,
                     s->last_success.substr(0, std::min<std::size_t>(16, s->last_success.size())),
                     s->has_data ? 0 : s->failed_rounds, s->last_error);
}

void DisplayApp::take_snapshots() {
  if (!sync_) return;
  auto data = sync_->data();
  auto status = sync_->status();
  if (data == data_ && status == status_) return;  // most frames: nothing new
  if (data != data_ || status_key(status.get()) != status_key(status_.get())) set_data(std::move(data), std::move(status));
  else status_ = std::move(status);
}

void DisplayApp::note_text(ui::Frame& f) const {
  // What the scenes will draw, in the roles they draw it in, so that a new figure or notice costs
  // one atlas build when the data arrives rather than one per scene as it comes round. Anything
  // missed is caught while drawing (Fonts::check) and the frame is built again.
  std::string all;
  for (const Scene s : kAllScenes) all += display::dump(view_, s);
  f.fonts.note(ui::FontRole::Body, all);
  f.fonts.note(ui::FontRole::Heading, all);
  f.fonts.note(ui::FontRole::Small, all);
  f.fonts.note(ui::FontRole::Title, view_.header.title + view_.header.scope_name + "正在获取数据本年度尚无发放记录项目暂无公告");
  for (const auto& card : view_.notices.cards) f.fonts.note(ui::FontRole::Title, card.title);
  f.fonts.note("0123456789.,:%年月日万亿元人次第页合计其余个—…　◆·→");
}

void DisplayApp::rebuild_view(ui::Frame& f, const std::string& now_iso) {
  view_ = build_view(data_.get(), status_.get(), config_, now_iso);
  ++view_builds_;
  shown_.retarget(view_, f.now);
  // Months of new notices would otherwise only ever add characters: at 4K the atlas would
  // outgrow a GPU's largest texture. Past the budget it starts again from what is shown now.
  if (f.fonts.shared_glyphs() > kGlyphBudget) {
    f.fonts.forget_shared();
    ++atlas_resets_;
  }
  note_text(f);
}

void DisplayApp::update(ui::Frame& f) {
  take_snapshots();
  const auto wall = core::Timestamp(std::chrono::duration_cast<std::chrono::seconds>(f.wall.time_since_epoch()));
  const std::string now_iso = core::format_utc_iso(wall);
  // Once a minute the view is built again without new data: notices reach their start or end,
  // and "显示 3 小时前的数据" moves on.
  const std::string minute = now_iso.substr(0, 16);
  if (dirty_ || minute != view_minute_) {
    rebuild_view(f, now_iso);
    dirty_ = false;
    view_minute_ = minute;
  }
  clock_ = clock_text(wall);
  shown_.step(f.now);
  if (!start_) start_ = f.now;
  state_ = rotation_.at(*start_, f.now);
  f.fonts.set_unit(ui::theme::base_unit(static_cast<int>(f.width), static_cast<int>(f.height)));
  if (sync_ && stats_ && f.now >= next_report_) {
    sync_->report_frame_ms(stats_->frame_percentile(99));
    next_report_ = f.now + std::chrono::seconds(5);
  }
}

void DisplayApp::build(ui::Frame& f) {
  ui::begin_screen(f, "display");
  const float u = f.unit;
  const float m = ui::theme::kMargin * u;
  scenes::Chrome chrome;
  chrome.clock = clock_;
  chrome.scene_title = view_.has_data ? std::string(scene_title(state_.scene)) : std::string("等待数据");
  chrome.slot = state_.slot;
  chrome.slots = static_cast<int>(rotation_.slots().size());
  // Everything is drawn straight into the window's draw list, edge to edge.
  ImGui::PushClipRect(ImVec2(0, 0), ImVec2(f.width, f.height), false);
  scenes::header(f, view_, chrome);
  const float top = scenes::header_height(f) + 0.6f * u;
  const scenes::Rect area{m, top, f.width - 2 * m, f.height - scenes::ticker_height(f) - 0.8f * u - top};
  if (!view_.has_data) {
    scenes::waiting(f, area, view_);
  } else {
    const scenes::SceneContext context{view_, shown_, config_, state_.elapsed, state_.length, state_.round};
    // The next scene slides in from the right as this one leaves to the left; both stay whole,
    // so the screen is never blank between them.
    const float shift = slide(state_.fade) * (area.w + 2 * m);
    ImGui::PushClipRect(ImVec2(0, area.y), ImVec2(f.width, area.bottom()), true);
    scenes::Rect now_area = area;
    now_area.x -= shift;
    scenes::draw_scene(f, state_.scene, now_area, context);
    if (state_.fade > 0 && state_.next != state_.scene) {
      scenes::Rect next_area = area;
      next_area.x += area.w + 2 * m - shift;
      const scenes::SceneContext next{view_, shown_, config_, std::chrono::milliseconds(0),
                                      rotation_.slots()[static_cast<std::size_t>(state_.slot + 1) % rotation_.slots().size()].seconds *
                                          std::chrono::milliseconds(1000),
                                      state_.slot + 1 >= static_cast<int>(rotation_.slots().size()) ? state_.round + 1 : state_.round};
      scenes::draw_scene(f, state_.next, next_area, next);
    }
    ImGui::PopClipRect();
  }
  // The time since the last frame built, once per frame (a frame built again for a missing glyph
  // does not move the ticker twice).
  const double dt = last_ticker_ ? std::chrono::duration<double>(f.now - *last_ticker_).count() : 0.0;
  last_ticker_ = f.now;
  scenes::ticker(f, view_, ticker_px_, dt);
  ImGui::PopClipRect();
  ui::end_screen();
}

std::string DisplayApp::dump() const {
  // Without data the scene area says only that it is waiting (scenes::waiting), whatever scene
  // the rotation is on.
  if (!view_.has_data) return "正在获取数据\n" + display::dump(view_, state_.scene);
  return display::dump(view_, state_.scene);
}

namespace scenes {
void draw_scene(ui::Frame& f, Scene scene, Rect r, const SceneContext& c) {
  switch (scene) {
    case Scene::Overview: overview(f, r, c); break;
    case Scene::Stages: stages(f, r, c); break;
    case Scene::Towns: towns(f, r, c); break;
    case Scene::Trend: trend(f, r, c); break;
    case Scene::Notices: notices(f, r, c); break;
  }
}
}  // namespace scenes

}  // namespace sunlight::display
