// gzip (RFC 1952): the feed compresses bodies once per head; terminals and kiosks decompress bodies and sealed records.
#pragma once

#include <string>
#include <string_view>

namespace sunlight::core {

// The gzip (RFC 1952) encoding of `data` at zlib level 6. Throws std::runtime_error only when
// zlib fails (out of memory).
[[nodiscard]] std::string gzip_compress(std::string_view data);

// Decodes a gzip stream; throws std::runtime_error on damaged input or when the result would
// exceed `max_bytes`. Callers cap the size of what they accept from the network.
[[nodiscard]] std::string gzip_decompress(std::string_view data, std::size_t max_bytes = 256u << 20);

}  // namespace sunlight::core
