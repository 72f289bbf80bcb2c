// Tests for core/encoding: names, detection from a sample, and chunked GB18030 → UTF-8.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "core/encoding.hpp"
#include "core/text.hpp"

using namespace sunlight::core;
using namespace std::string_literals;
using namespace std::string_view_literals;

namespace {

// Known GB18030 bytes with their UTF-8.
const std::string gb_yubei = "\xD3\xE5\xB1\xB1\xC7\xF8"s;       // 渝北区
const std::string gb_euro = "\xA2\xE3"s;                         // € (two bytes)
const std::string gb_u20087 = "\x95\x32\x90\x31"s;               // U+20087 (four bytes)
const std::string utf8_yubei = "渝北区";
const std::string utf8_u20087 = "\xF0\xA0\x82\x87"s;

std::string decode_in_pieces(std::string_view bytes, std::size_t piece) {
  Gb18030Decoder decoder;
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += piece) {
    const auto part = bytes.substr(i, piece);
    decoder.decode(part, i + piece >= bytes.size(), out);
  }
  if (bytes.empty()) decoder.decode({}, true, out);
  return out;
}

}  // namespace

TEST_CASE("encoding names", "[encoding]") {
  CHECK(parse_encoding("auto").value() == Encoding::Auto);
  CHECK(parse_encoding("UTF-8").value() == Encoding::Utf8);
  CHECK(parse_encoding("utf8").value() == Encoding::Utf8);
  CHECK(parse_encoding("GB18030").value() == Encoding::Gb18030);
  CHECK(parse_encoding("gbk").value() == Encoding::Gb18030);
  CHECK(parse_encoding("GB2312").value() == Encoding::Gb18030);
  const auto bad = parse_encoding("latin1");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.problem().code == "encoding.unknown");
  CHECK(bad.problem().arg("input") == "latin1");
  CHECK(encoding_name(Encoding::Auto) == "auto");
  CHECK(encoding_name(Encoding::Utf8) == "utf-8");
  CHECK(encoding_name(Encoding::Gb18030) == "gb18030");
  for (const auto e : {Encoding::Auto, Encoding::Utf8, Encoding::Gb18030})
    CHECK(parse_encoding(encoding_name(e)).value() == e);
}

TEST_CASE("detection: ASCII, UTF-8 and BOMs", "[encoding]") {
  CHECK(detect_encoding("", true).value() == Encoding::Utf8);
  CHECK(detect_encoding("id,amount\r\nP1,105.00\r\n", true).value() == Encoding::Utf8);
  CHECK(detect_encoding("name\n" + utf8_yubei + "\n", true).value() == Encoding::Utf8);
  CHECK(detect_encoding("\xEF\xBB\xBFid\n"s, true).value() == Encoding::Utf8);
  CHECK(detect_encoding("\xEF\xBB\xBF\xD3\xE5\n"s, true).value() == Encoding::Utf8);  // the BOM wins

  const auto boms = {"\xFF\xFEi\0d\0"sv, "\xFE\xFF\0i\0d"sv, "\xFF\xFE\0\0i\0\0\0"sv, "\0\0\xFE\xFF\0\0\0i"sv};
  for (const auto bom : boms) {
    const auto got = detect_encoding(bom, true);
    REQUIRE_FALSE(got.ok());
    CHECK(got.problem().code == "encoding.utf16");
  }
}

TEST_CASE("detection: GB18030 and files that are neither", "[encoding]") {
  CHECK(detect_encoding("name\n" + gb_yubei + "," + gb_euro + "\n", true).value() == Encoding::Gb18030);
  CHECK(detect_encoding(gb_u20087 + "\n", true).value() == Encoding::Gb18030);
  // Not valid in either: fall back to UTF-8 so the rows report their bad bytes.
  CHECK(detect_encoding("a,\x80\x80,b\n"s, true).value() == Encoding::Utf8);
  CHECK(detect_encoding("a,\xFF,b\n"s, true).value() == Encoding::Utf8);
}

TEST_CASE("detection: a sequence cut by the end of a partial sample is not held against it", "[encoding]") {
  // UTF-8 渝北区 cut inside 区: the cut bytes happen to be valid GB18030 pairs.
  const std::string cut_utf8 = utf8_yubei.substr(0, utf8_yubei.size() - 1);
  CHECK(detect_encoding(cut_utf8, false).value() == Encoding::Utf8);
  CHECK(detect_encoding(cut_utf8, true).value() == Encoding::Gb18030);  // whole file: it is what it is
  CHECK(detect_encoding("ab" + utf8_u20087.substr(0, 3), false).value() == Encoding::Utf8);
  CHECK(detect_encoding("ab" + utf8_u20087.substr(0, 1), false).value() == Encoding::Utf8);

  // GB18030 cut after a lead byte, and inside a four-byte sequence.
  const std::string gb_cut2 = gb_yubei.substr(0, 5);
  CHECK(detect_encoding(gb_cut2, false).value() == Encoding::Gb18030);
  CHECK(detect_encoding(gb_cut2, true).value() == Encoding::Utf8);
  for (std::size_t keep = 1; keep < 4; ++keep) {
    INFO(keep);
    CHECK(detect_encoding(gb_yubei + gb_u20087.substr(0, keep), false).value() == Encoding::Gb18030);
    CHECK(detect_encoding(gb_yubei + gb_u20087.substr(0, keep), true).value() == Encoding::Utf8);
  }
}

TEST_CASE("GB18030 decoding, whole and split at every byte", "[encoding]") {
  const std::string gb = "P1," + gb_yubei + "," + gb_euro + "," + gb_u20087 + ",105.00\n";
  const std::string want = "P1," + utf8_yubei + ",€," + utf8_u20087 + ",105.00\n";
  for (std::size_t piece = 1; piece <= gb.size(); ++piece) {
    INFO(piece);
    CHECK(decode_in_pieces(gb, piece) == want);
  }
  CHECK(decode_in_pieces("", 1).empty());
}

TEST_CASE("GB18030 decoding passes invalid bytes through unchanged", "[encoding]") {
  // 0x80 and 0xFF are never GB18030; D3 followed by ',' is a lead byte without its trail.
  const std::string gb = "a,\x80,\xFF,\xD3,"s + gb_yubei + "\n";
  const std::string want = "a,\x80,\xFF,\xD3,"s + utf8_yubei + "\n";
  for (std::size_t piece = 1; piece <= gb.size(); ++piece) {
    INFO(piece);
    CHECK(decode_in_pieces(gb, piece) == want);
  }
  CHECK_FALSE(text::is_valid_utf8(want));

  // A file that ends inside a sequence: the leftover bytes come out raw with the last chunk.
  CHECK(decode_in_pieces("x" + gb_u20087.substr(0, 3), 2) == "x" + gb_u20087.substr(0, 3));
  CHECK(decode_in_pieces("x" + gb_yubei.substr(0, 1), 1) == "x" + gb_yubei.substr(0, 1));
}

TEST_CASE("a GB18030 file full of invalid bytes stays linear", "[encoding]") {
  // Wrong-encoding input must not make each passed-through byte cost a buffer's worth of work.
  const std::string garbage(std::size_t{1} << 18, '\x80');
  std::string out;
  Gb18030Decoder decoder;
  for (std::size_t i = 0; i < garbage.size(); i += 65536)
    decoder.decode(std::string_view(garbage).substr(i, 65536), false, out);
  decoder.decode({}, true, out);
  CHECK(out == garbage);
}

TEST_CASE("a decoder is reusable after the last chunk", "[encoding]") {
  Gb18030Decoder decoder;
  std::string out;
  decoder.decode(gb_yubei.substr(0, 1), true, out);
  out.clear();
  decoder.decode(gb_yubei, true, out);
  CHECK(out == utf8_yubei);
}
