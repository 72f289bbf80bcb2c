// The notice board's lists and detail pages (村务公开), read from the replica's snapshot and already in the reader's language.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n.hpp"
#include "core/notice.hpp"
#include "sync/terminal_data.hpp"

namespace sunlight::kiosk {

// One row of a tab's list.
struct NoticeRow {
  std::int64_t id = 0;
  std::string title;
  std::string date;         // Shanghai publish date, "2026-03-01"
  std::string publisher;    // the publishing region's name: 柏树村, 龙兴镇 or 渝北区
  std::string level;        // 村居 / 镇街 / 区县 (Village / Town / District)
  bool corrected = false;
  bool retracted = false;
  std::string flag;         // "已撤回" or "已更正", "" when neither
};

// One notice's page. When the notice is no longer listed (gone from the data, expired, or an
// unknown id) `gone` is set and only `gone_message` is meaningful: never a crash, never blank.
struct NoticeDetail {
  std::int64_t id = 0;
  bool gone = false;
  std::string gone_message;  // 该公告已不再显示
  std::string title;
  std::string publisher;     // 柏树村（村居）
  std::string published;     // 发布于 2026-03-01 14:05
  std::string corrected;     // 已更正 · 2026-03-02 10:00 — "" unless revised
  std::string retracted;     // 已撤回 · 2026-03-05 09:00 — "" unless retracted
  std::string retract_reason;  // 撤回原因：… — "" unless retracted
  std::string body;          // long text, paragraphs separated by blank lines
};

// Reads one TerminalData snapshot; keeps no state but the snapshot. UI thread only (the
// snapshot itself is immutable and may be shared).
class NoticesModel {
 public:
  void set_data(std::shared_ptr<const sync::TerminalData> data) { data_ = std::move(data); }

  // Notices of `tab` listed at `now_iso` (current, or retracted within their dates), newest
  // publish time first.
  [[nodiscard]] std::vector<NoticeRow> list(core::NoticeCategory tab, std::string_view now_iso, core::Lang lang) const;
  [[nodiscard]] NoticeDetail detail(std::int64_t id, std::string_view now_iso, core::Lang lang) const;

 private:
  std::shared_ptr<const sync::TerminalData> data_;
};

// The wire word of a tab's category: village_affairs, finance, party_affairs, public_notice.
[[nodiscard]] std::string_view category_word(core::NoticeCategory category) noexcept;
// A UTC ISO time as the Shanghai date "2026-03-01" / date-time "2026-03-01 14:05"; a time that
// does not parse is shown as written rather than hidden.
[[nodiscard]] std::string shanghai_date_of(std::string_view utc_iso);
[[nodiscard]] std::string shanghai_datetime_of(std::string_view utc_iso);

}  // namespace sunlight::kiosk
