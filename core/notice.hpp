// Village-affairs notices (村务公开) as published by a village, town or the district.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.hpp"
#include "core/i18n.hpp"
#include "core/problem.hpp"

namespace sunlight::core {

// The four tabs of the kiosk's notice board.
enum class NoticeCategory {
  VillageAffairs,  // 村务
  Finance,         // 财务
  PartyAffairs,    // 党务
  PublicNotice,    // 公示
};

// Problem: notice.bad_category (arg "input").
[[nodiscard]] Parsed<NoticeCategory> parse_notice_category(std::string_view text);
[[nodiscard]] std::string_view notice_category_name(NoticeCategory category, Lang lang = Lang::ZhCn);

struct Notice {
  std::string region_code;  // who published it: a village, a town or the district
  NoticeCategory category = NoticeCategory::VillageAffairs;
  std::string title;
  std::string body;  // paragraphs separated by a blank line; list items start with "- " or "1. "
  CivilDate published_on;
  std::optional<CivilDate> expires_on;

  // Shown on `day` when published by then and not yet past its expiry day.
  [[nodiscard]] bool visible_on(CivilDate day) const noexcept {
    return published_on <= day && (!expires_on || day <= *expires_on);
  }
};

}  // namespace sunlight::core
