// Which change-log entries reach which terminal: the scope rules of docs/feed-protocol.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sunlight::feed {

// The two streams of the feed. Public holds regions, funds, notices and aggregates — anyone may
// read it and caches may share it. People holds sealed person records and the parameters to open
// them, served only to enrolled kiosks whose scope covers the request.
enum class Stream { Public = 0, People = 1 };

[[nodiscard]] std::string_view stream_name(Stream stream) noexcept;  // "public", "people"

// `scope` and the codes above it, district first ("500112", "500112101", "500112101001").
// `scope` must be a normalised region code.
[[nodiscard]] std::vector<std::string> ancestors_or_self(std::string_view scope);

// Whether an entry homed at `region` reaches a terminal subscribed to `scope`:
//  - public: the region is the scope, one of its ancestors (district notices reach every village),
//    or below it (a town's screen charts its villages);
//  - people: the region is the scope or below it (a kiosk holds its own village's records only).
[[nodiscard]] bool reaches(Stream stream, std::string_view region, std::string_view scope);

// Whether a terminal enrolled for `enrolled_scope` may read `requested_scope` on the people
// stream: only its own scope or a part of it.
[[nodiscard]] bool may_read_people(std::string_view enrolled_scope, std::string_view requested_scope);

}  // namespace sunlight::feed
