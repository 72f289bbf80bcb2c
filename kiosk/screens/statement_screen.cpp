// A person's payments after a lookup: masked name and address, then each year, programme and payment.
#include <fmt/format.h>

#include "kiosk/screens/screens.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::kiosk::screens {

namespace theme = ui::theme;

namespace {

// One payment as two lines: date and amount large, standard and method below, so nothing needs
// a table's narrow columns. Then, inside the payment's own block (above its rule, so it cannot be
// read as the next one's), 对这笔有疑问 at the right. True when that was tapped.
bool payment(ui::Frame& f, const PaymentLineView& line, float width, const std::string& id) {
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ui::text(f, ui::FontRole::Heading, line.date);
  const float amount_w = ui::text_size(f, ui::FontRole::Heading, line.amount).x;
  ImGui::SetCursorScreenPos(ImVec2(a.x + width - amount_w, a.y));
  ui::text(f, ui::FontRole::Heading, line.amount);
  ImGui::SetCursorScreenPos(ImVec2(a.x, ImGui::GetCursorScreenPos().y));
  // The standard is the payment's own free text: from the per-person atlas, like the name.
  std::string detail = line.method;
  if (!line.standard.empty()) detail = line.standard + "  ·  " + line.method;
  ui::text(f, ui::FontRole::PersonBody, detail, theme::kMuted, width);
  bool tapped = false;
  if (!line.question.empty()) {
    const float w = std::min(width, ui::text_size(f, ui::FontRole::Heading, line.question).x + 1.6f * f.unit);
    const float y = ImGui::GetCursorScreenPos().y + 0.2f * f.unit;
    ImGui::SetCursorScreenPos(ImVec2(a.x + width - w, y));
    tapped = ui::button(f, line.question, ImVec2(w, 2.4f * f.unit), ui::ButtonStyle{}, id);
    ImGui::SetCursorScreenPos(ImVec2(a.x, y + 2.4f * f.unit + 0.3f * f.unit));
  }
  const float y = ImGui::GetCursorScreenPos().y;
  ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, y), ImVec2(a.x + width, y), theme::kLine, 0.04f * f.unit);
  ImGui::Dummy(ImVec2(0, 0.2f * f.unit));
  return tapped;
}

}  // namespace

void statement(ui::Frame& f, KioskModel& model, const LookupView& view, float height) {
  const StatementView& r = *view.result;
  const float gap = theme::kGap * f.unit;
  const float width = ImGui::GetContentRegionAvail().x;
  const float buttons_h = 3.0f * f.unit;
  const ImVec2 origin = ImGui::GetCursorScreenPos();

  ui::begin_scroll_area(f, "statement", ImVec2(width, height - buttons_h - gap));
  const float inner = ImGui::GetContentRegionAvail().x - 0.8f * f.unit;  // room for the scrollbar
  // The person's own lines come from the small per-person atlas (ui/fonts.hpp): a new name's
  // characters then cost next to nothing between the tap and the answer.
  ui::text(f, ui::FontRole::PersonHeading, r.name, theme::kText, inner);
  ui::text(f, ui::FontRole::PersonBody, r.region, theme::kText, inner);
  ui::text(f, ui::FontRole::PersonBody, r.address, theme::kText, inner);
  ui::banner(f, r.summary, theme::rgb(0xF3, 0xE3, 0xC3), theme::kText, ui::FontRole::Heading);
  for (std::size_t yi = 0; yi < r.years.size(); ++yi) {
    const YearView& year = r.years[yi];
    ImGui::Dummy(ImVec2(0, gap));
    ui::banner(f, year.heading, theme::kPrimary, theme::kOnDark, ui::FontRole::Heading);
    for (std::size_t pi = 0; pi < year.programmes.size(); ++pi) {
      const ProgrammeView& p = year.programmes[pi];
      ImGui::Dummy(ImVec2(0, 0.3f * f.unit));
      const ImVec2 a = ImGui::GetCursorScreenPos();
      ui::text(f, ui::FontRole::Heading, p.name, theme::kSecond, inner * 0.7f);
      const float total_w = ui::text_size(f, ui::FontRole::Heading, p.total).x;
      const float after = ImGui::GetCursorScreenPos().y;
      ImGui::SetCursorScreenPos(ImVec2(a.x + inner - total_w, a.y));
      ui::text(f, ui::FontRole::Heading, p.total, theme::kSecond);
      ImGui::SetCursorScreenPos(ImVec2(a.x, std::max(after, ImGui::GetCursorScreenPos().y)));
      for (std::size_t li = 0; li < p.lines.size(); ++li) {
        if (payment(f, p.lines[li], inner, fmt::format("question-{}-{}-{}", yi, pi, li)))
          model.complain_about_payment(yi, pi, li);
      }
      ui::text(f, ui::FontRole::Small, p.ask, theme::kMuted, inner);
    }
  }
  ImGui::Dummy(ImVec2(0, gap));
  ui::end_scroll_area();

  const float w = (width - gap) / 2;
  const float y = origin.y + height - buttons_h;
  ImGui::SetCursorScreenPos(ImVec2(origin.x, y));
  if (ui::button(f, view.again_label, ImVec2(w, buttons_h), ui::primary_button(), "bottom-again")) model.new_lookup();
  ImGui::SetCursorScreenPos(ImVec2(origin.x + w + gap, y));
  if (ui::button(f, view.home_label, ImVec2(w, buttons_h), ui::second_button(), "bottom-home")) model.go_home();
}

}  // namespace sunlight::kiosk::screens
