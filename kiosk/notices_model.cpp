// Notice lists and pages: listed_at(now) filtering, newest first, corrections and retractions said in words.
#include "kiosk/notices_model.hpp"

#include <algorithm>

#include "core/date.hpp"
#include "core/region.hpp"

namespace sunlight::kiosk {
namespace {

std::string level_of(const sync::Notice& notice, core::Lang lang) {
  const auto code = core::normalize_region_code(notice.region);
  if (!code) return {};
  switch (core::level_of_code(code.value())) {
    case core::RegionLevel::District: return std::string(core::tr(lang, "kiosk.level.district"));
    case core::RegionLevel::Town: return std::string(core::tr(lang, "kiosk.level.town"));
    case core::RegionLevel::Village: return std::string(core::tr(lang, "kiosk.level.village"));
    case core::RegionLevel::Group: return std::string(core::tr(lang, "kiosk.level.group"));
  }
  return {};
}

std::string publisher_of(const sync::Notice& notice) {
  return notice.region_name.empty() ? notice.region : notice.region_name;
}

}  // namespace

std::string_view category_word(core::NoticeCategory category) noexcept {
  switch (category) {
    case core::NoticeCategory::VillageAffairs: return "village_affairs";
    case core::NoticeCategory::Finance: return "finance";
    case core::NoticeCategory::PartyAffairs: return "party_affairs";
    case core::NoticeCategory::PublicNotice: return "public_notice";
  }
  return "village_affairs";
}

std::string shanghai_date_of(std::string_view utc_iso) {
  const auto t = core::parse_utc_iso(utc_iso);
  return t ? core::shanghai_date(t.value()).iso() : std::string(utc_iso);
}

std::string shanghai_datetime_of(std::string_view utc_iso) {
  const auto t = core::parse_utc_iso(utc_iso);
  return t ? core::format_shanghai_datetime(t.value()) : std::string(utc_iso);
}

std::vector<NoticeRow> NoticesModel::list(core::NoticeCategory tab, std::string_view now_iso, core::Lang lang) const {
  std::vector<NoticeRow> rows;
  if (!data_) return rows;
  std::vector<const sync::Notice*> picked;
  for (const auto& n : data_->notices)
    if (n.category == category_word(tab) && n.listed_at(now_iso)) picked.push_back(&n);
  // The replica already sends newest first; sorted again so a screen never depends on it.
  std::stable_sort(picked.begin(), picked.end(), [](const sync::Notice* a, const sync::Notice* b) {
    return a->publish_at != b->publish_at ? a->publish_at > b->publish_at : a->id > b->id;
  });
  rows.reserve(picked.size());
  for (const auto* n : picked) {
    NoticeRow row;
    row.id = n->id;
    row.title = n->title;
    row.date = shanghai_date_of(n->publish_at);
    row.publisher = publisher_of(*n);
    row.level = level_of(*n, lang);
    row.corrected = n->corrected();
    row.retracted = n->retracted();
    if (row.retracted) row.flag = core::tr(lang, "kiosk.notice.flag_retracted");
    else if (row.corrected) row.flag = core::tr(lang, "kiosk.notice.flag_corrected");
    rows.push_back(std::move(row));
  }
  return rows;
}

NoticeDetail NoticesModel::detail(std::int64_t id, std::string_view now_iso, core::Lang lang) const {
  NoticeDetail d;
  d.id = id;
  const sync::Notice* found = nullptr;
  if (data_)
    for (const auto& n : data_->notices)
      if (n.id == id) found = &n;
  if (!found || !found->listed_at(now_iso)) {
    d.gone = true;
    d.gone_message = core::tr(lang, "kiosk.notice.gone");
    return d;
  }
  const auto& n = *found;
  d.title = n.title;
  const auto level = level_of(n, lang);
  d.publisher = core::tr_format(lang, "kiosk.notice.publisher", {{"name", publisher_of(n)}, {"level", level}});
  d.published = core::tr_format(lang, "kiosk.notice.published", {{"time", shanghai_datetime_of(n.publish_at)}});
  if (n.corrected()) {
    const auto& when = n.updated_at.empty() ? n.created_at : n.updated_at;
    d.corrected = core::tr_format(lang, "kiosk.notice.corrected", {{"time", shanghai_datetime_of(when)}});
  }
  if (n.retracted()) {
    d.retracted = core::tr_format(lang, "kiosk.notice.retracted", {{"time", shanghai_datetime_of(n.retracted_at)}});
    d.retract_reason = core::tr_format(
        lang, "kiosk.notice.retract_reason",
        {{"reason", n.retract_reason.empty() ? std::string(core::tr(lang, "kiosk.notice.no_reason")) : n.retract_reason}});
  }
  d.body = n.body;
  return d;
}

}  // namespace sunlight::kiosk
