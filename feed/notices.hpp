// Notices published by cadres and by imports: every revision kept, every write logged (invariants 2, 10).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/notice.hpp"
#include "feed/change_log.hpp"
#include "feed/users.hpp"

namespace sunlight::feed {

// Functions here use the connection they are given, one thread at a time. The cadre writers open
// their own WriteTransaction (call them outside any transaction); insert_imported_notice runs in
// the importer's. Errors are ApiError (errors.hpp).

// What a cadre submits to create or edit a notice.
struct NoticeDraft {
  std::string region_code;  // a village, town or the district; never a group
  core::NoticeCategory category = core::NoticeCategory::VillageAffairs;
  std::string title;                       // 1–80 code points, one line
  std::string body;                        // 1–20000 code points; line breaks allowed
  std::optional<core::Timestamp> publish_at;  // absent: now on create, unchanged on edit
  std::optional<core::Timestamp> expire_at;   // must be after publish_at
};

// The JSON body of a create or edit request: {"region", "category", "title", "body",
// "publish_at"?, "expire_at"?}. category is the English word or 村务/财务/党务/公示; the times are
// UTC ISO ("2026-03-01T06:05:00Z") or null. Wrong types, unknown or missing fields: 400
// "bad_field" naming the field. Content rules (lengths, characters, region level) are checked
// by create_notice / edit_notice, which accept drafts built in code too.
[[nodiscard]] NoticeDraft parse_notice_draft(const nlohmann::json& body);

struct NoticeRevision {
  int revision = 1;
  core::Timestamp at;
  std::string by;  // "李军（村干部）"
  std::string title;
};

struct NoticeRetraction {
  std::string by;
  core::Timestamp at;
  std::string reason;
};

// A notice as stored, with its history, oldest revision first.
struct NoticeView {
  std::int64_t id = 0;
  std::string region_code;
  core::NoticeCategory category = core::NoticeCategory::VillageAffairs;
  std::string title;
  std::string body;
  int revision = 1;
  core::Timestamp publish_at;
  std::optional<core::Timestamp> expire_at;
  std::string source;  // "console" or "import"
  std::string created_by;
  core::Timestamp created_at;
  std::string updated_by;  // the author of the latest revision
  core::Timestamp updated_at;
  std::optional<NoticeRetraction> retraction;
  std::vector<NoticeRevision> history;

  [[nodiscard]] bool retracted() const noexcept { return retraction.has_value(); }
};

// The notice as the change log carries it and the cadre API returns it:
// {"id","region","category","title","body","revision","status","publish_at","expire_at",
//  "created_by","created_at","updated_by","updated_at","retraction","history"}.
[[nodiscard]] nlohmann::json notice_json(const NoticeView& notice);

// Each writer checks require_write on the notice's region (403), the draft (400), then appends
// exactly one change-log entry (public stream, kind "notice", key the id, op "publish" / "edit" /
// "retract", data notice_json) and one audit row, all in one transaction. A notice whose
// publish_at is in the future is logged at once; terminals hold it back until then.
NoticeView create_notice(SQLite::Database& db, const User& user, const NoticeDraft& draft, std::string_view remote_addr,
                         core::Timestamp now);
// Replaces the title, body, category and times. 404 unknown; 403; 400 if the draft names another
// region; 409 "retracted"; 409 "stale_revision" when base_revision is not the current revision
// (someone edited it meanwhile: reload and redo the change).
NoticeView edit_notice(SQLite::Database& db, const User& user, std::int64_t id, int base_revision,
                       const NoticeDraft& draft, std::string_view remote_addr, core::Timestamp now);
// reason: 2–200 code points, one line. 404; 403; 400; 409 "retracted" when already retracted.
NoticeView retract_notice(SQLite::Database& db, const User& user, std::int64_t id, std::string_view reason,
                          std::string_view remote_addr, core::Timestamp now);

// 404 "unknown_notice"; 403 "forbidden" outside the user's region.
[[nodiscard]] NoticeView get_notice(SQLite::Database& db, const User& user, std::int64_t id);
// Every stored revision of a notice in full, oldest first: what GET /v1/notices/{id}/revisions
// returns, for the console's diffs. Same rights as get_notice (404, 403).
struct NoticeRevisionText {
  int revision = 1;
  core::Timestamp at;
  std::string by;  // "李军（村干部）"
  core::NoticeCategory category = core::NoticeCategory::VillageAffairs;
  std::string title;
  std::string body;
  core::Timestamp publish_at;
  std::optional<core::Timestamp> expire_at;
};
[[nodiscard]] std::vector<NoticeRevisionText> notice_revisions(SQLite::Database& db, const User& user, std::int64_t id);
// {"revision","at","by","category","title","body","publish_at","expire_at"}.
[[nodiscard]] nlohmann::json revision_json(const NoticeRevisionText& revision);

// Notices of `region` and the regions below it, newest first; "" means the user's region.
// 400 for a malformed region, 403 outside the user's region.
[[nodiscard]] std::vector<NoticeView> list_notices(SQLite::Database& db, const User& user, std::string_view region);

// For the CSV importer, inside its transaction, on a notice core/import.hpp has validated:
// publish_at is published_on at 00:00 Shanghai, expire_at the day after expires_on at 00:00
// Shanghai, source "import", author shown as 数据导入 (the actor is in the import's audit row).
// Appends the "publish" entry through `log`. Returns the new id.
std::int64_t insert_imported_notice(SQLite::Database& db, ChangeAppender& log, const core::Notice& notice,
                                    const std::string& actor, core::Timestamp now);
// The imported notice whose first revision (what the import wrote) has this region, title and
// publish_at, so a re-import is recognised even after a cadre corrected the notice. To tell an
// unchanged row from a conflicting one, compare with that notice's revision 1 in notice_revisions.
[[nodiscard]] std::optional<std::int64_t> find_imported_notice(SQLite::Database& db, std::string_view region,
                                                               std::string_view title, core::Timestamp publish_at);

}  // namespace sunlight::feed
