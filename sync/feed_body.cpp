// Checking a feed body before anything of it reaches the replica (docs/feed-protocol.md §5.5, §5.6).
#include "sync/feed_body.hpp"

#include <fmt/format.h>

namespace sunlight::sync {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "sunlight-feed/1";

const json& member(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end()) throw BodyError(fmt::format("the body has no \"{}\"", name));
  return *it;
}

std::string text(const json& object, const char* name) {
  const auto& value = member(object, name);
  if (!value.is_string()) throw BodyError(fmt::format("\"{}\" is not a string", name));
  return value.get<std::string>();
}

std::int64_t count(const json& object, const char* name) {
  const auto& value = member(object, name);
  if (!value.is_number_integer()) throw BodyError(fmt::format("\"{}\" is not a whole number", name));
  const auto n = value.get<std::int64_t>();
  if (n < 0) throw BodyError(fmt::format("\"{}\" is negative", name));
  return n;
}

FeedEntry read_entry(json& raw) {
  if (!raw.is_object()) throw BodyError("an entry is not an object");
  FeedEntry entry;
  entry.seq = count(raw, "seq");
  entry.kind = text(raw, "kind");
  entry.key = text(raw, "key");
  entry.op = text(raw, "op");
  entry.region = text(raw, "region");
  entry.at = text(raw, "at");
  auto& data = raw["data"];
  if (!data.is_object()) throw BodyError(fmt::format("entry {} has no data object", entry.seq));
  entry.data = std::move(data);
  return entry;
}

}  // namespace

std::string_view stream_word(Stream stream) noexcept { return stream == Stream::People ? "people" : "public"; }

FeedBody accept_body(const core::PublicKey& key, std::string_view bytes, std::string_view signature_base64,
                     const Expected& expected) {
  if (signature_base64.empty()) throw BodyError("the response is not signed");
  if (!core::verify_base64(key, bytes, signature_base64))
    throw BodyError("the signature does not match the pinned feed key");

  json root;
  try {
    root = json::parse(bytes);
  } catch (const json::exception&) {
    throw BodyError("a signed body is not JSON");  // only a server bug can sign such a thing
  }
  if (!root.is_object()) throw BodyError("the body is not a JSON object");
  if (const auto format = text(root, "format"); format != kFormat)
    throw BodyError(fmt::format("the feed speaks {}, this terminal {}: a software update is needed",
                                format.substr(0, 40), kFormat));

  FeedBody body;
  const auto type = text(root, "type");
  if (type != (expected.snapshot ? "snapshot" : "changes"))
    throw BodyError(fmt::format("asked for {}, got a body of type {}", expected.snapshot ? "snapshot" : "changes",
                                type.substr(0, 20)));
  body.snapshot = expected.snapshot;
  const auto stream = text(root, "stream");
  if (stream != stream_word(expected.stream))
    throw BodyError(fmt::format("asked for the {} stream, got {}", stream_word(expected.stream), stream.substr(0, 20)));
  body.stream = expected.stream;
  body.scope = text(root, "scope");
  if (body.scope != expected.scope)
    throw BodyError(fmt::format("asked for scope {}, got {}", expected.scope, body.scope.substr(0, 20)));
  if (root.contains("log_id")) body.log_id = text(root, "log_id");

  if (expected.stream == Stream::People) {
    const auto& seal = member(root, "seal");
    if (!seal.is_object()) throw BodyError("the people stream's seal is not an object");
    body.seal = seal;
  }

  std::int64_t ceiling = 0;
  if (body.snapshot) {
    body.as_of = count(root, "as_of");
    ceiling = body.as_of;
  } else {
    body.after = count(root, "after");
    if (body.after != expected.after)
      throw BodyError(fmt::format("asked for entries after {}, got a page after {} (a replayed or misrouted response)",
                                  expected.after, body.after));
    body.next = count(root, "next");
    body.head = count(root, "head");
    const auto& more = member(root, "more");
    if (!more.is_boolean()) throw BodyError("\"more\" is not true or false");
    body.more = more.get<bool>();
    if (body.next < body.after) throw BodyError(fmt::format("next {} is before after {}", body.next, body.after));
    if (body.next > body.head) throw BodyError(fmt::format("next {} is beyond head {}", body.next, body.head));
    ceiling = body.head;
  }

  auto& entries = root["entries"];
  if (!entries.is_array()) throw BodyError("the body has no entries array");
  body.entries.reserve(entries.size());
  std::int64_t previous = body.snapshot ? 0 : body.after;
  for (auto& raw : entries) {
    auto entry = read_entry(raw);
    if (entry.seq <= previous)
      throw BodyError(fmt::format("entry {} is out of sequence (after {})", entry.seq, previous));
    if (entry.seq > ceiling) throw BodyError(fmt::format("entry {} is beyond the head {}", entry.seq, ceiling));
    previous = entry.seq;
    body.entries.push_back(std::move(entry));
  }
  if (!body.snapshot && body.more) {
    if (body.entries.empty()) throw BodyError("a page says more but holds no entries");
    if (body.next != body.entries.back().seq)
      throw BodyError(fmt::format("a page says more but next {} is not its last entry {}", body.next,
                                  body.entries.back().seq));
  }
  if (!body.snapshot && !body.more && !body.entries.empty() && body.next < body.entries.back().seq)
    throw BodyError(fmt::format("next {} is before the page's last entry {}", body.next, body.entries.back().seq));
  return body;
}

}  // namespace sunlight::sync
