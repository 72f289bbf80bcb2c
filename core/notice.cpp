// Names of notice categories, in both languages.
#include "core/notice.hpp"

#include <array>

#include "core/enum_words.hpp"

namespace sunlight::core {
namespace {

constexpr std::array<EnumWord<NoticeCategory>, 4> kCategoryWords{{
    {NoticeCategory::VillageAffairs, {"村务", "村务公开"}, "village_affairs"},
    {NoticeCategory::Finance, {"财务", "财务公开"}, "finance"},
    {NoticeCategory::PartyAffairs, {"党务", "党务公开"}, "party_affairs"},
    {NoticeCategory::PublicNotice, {"公示"}, "public_notice"},
}};

}  // namespace

Parsed<NoticeCategory> parse_notice_category(std::string_view text) {
  return parse_enum_word<NoticeCategory>(kCategoryWords, text, "notice.bad_category");
}
std::string_view notice_category_name(NoticeCategory category, Lang lang) {
  return enum_word_name<NoticeCategory>(kCategoryWords, category, lang);
}

}  // namespace sunlight::core
