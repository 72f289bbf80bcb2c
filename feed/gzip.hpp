// gzip for feed bodies: compressed once per head and served to every terminal that asks.
#pragma once

#include <string>
#include <string_view>

namespace sunlight::feed {

// The gzip (RFC 1952) encoding of `data` at zlib level 6. Throws std::runtime_error only when
// zlib fails (out of memory).
[[nodiscard]] std::string gzip_compress(std::string_view data);

// Decodes a gzip stream; throws std::runtime_error on damaged input or when the result would
// exceed `max_bytes`. For tests and tools.
[[nodiscard]] std::string gzip_decompress(std::string_view data, std::size_t max_bytes = 256u << 20);

}  // namespace sunlight::feed
