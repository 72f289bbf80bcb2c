// Tests for core/csv: RFC 4180 structure, line numbers, broken rows, limits, encodings and chunk edges.
#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include "core/csv.hpp"

using namespace sunlight::core;
using namespace std::string_literals;

namespace {

struct Row {
  std::size_t line = 0;
  std::vector<std::string> fields;
  std::string problem;  // code, or "" when the record is sound
  std::string problem_field;

  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Row& row) {
  os << "{line " << row.line << ":";
  for (const auto& f : row.fields) os << " [" << f << "]";
  if (!row.problem.empty()) os << " " << row.problem << "@" << row.problem_field;
  return os << "}";
}

std::vector<Row> read_all(const std::string& bytes, Encoding encoding = Encoding::Auto,
                          CsvLimits limits = {}) {
  std::istringstream in(bytes);
  CsvReader reader(in, encoding, limits);
  std::vector<Row> rows;
  CsvRecord record;
  while (reader.next(record)) {
    Row row{record.line, {record.fields.begin(), record.fields.end()}, {}, {}};
    if (record.problem) {
      row.problem = record.problem->code;
      row.problem_field = record.problem->arg("field");
      CHECK(record.problem->arg("line") == std::to_string(record.line));
    }
    rows.push_back(std::move(row));
  }
  CHECK(reader.bytes_consumed() == bytes.size());
  return rows;
}

// The same input read with tiny chunks must give the same records: every byte is a chunk edge.
std::vector<Row> read_all_every_chunk_size(const std::string& bytes, Encoding encoding = Encoding::Auto,
                                           std::size_t max_field = std::size_t{1} << 20) {
  const auto whole = read_all(bytes, encoding, CsvLimits{max_field, std::size_t{1} << 20});
  for (std::size_t chunk = 1; chunk <= bytes.size() + 1; ++chunk) {
    INFO("chunk size " << chunk);
    CHECK(read_all(bytes, encoding, CsvLimits{max_field, chunk}) == whole);
  }
  return whole;
}

Row row(std::size_t line, std::vector<std::string> fields, std::string problem = {}, std::string field = {}) {
  return Row{line, std::move(fields), std::move(problem), std::move(field)};
}

using Rows = std::vector<Row>;

}  // namespace

TEST_CASE("plain records, empty fields, no trailing newline", "[csv]") {
  CHECK(read_all_every_chunk_size("a,b,c\n1,2,3\n") == Rows{row(1, {"a", "b", "c"}), row(2, {"1", "2", "3"})});
  CHECK(read_all_every_chunk_size("a,,c\n,,\nx,\n") ==
        Rows{row(1, {"a", "", "c"}), row(2, {"", "", ""}), row(3, {"x", ""})});
  CHECK(read_all_every_chunk_size("a,b\n1,2") == Rows{row(1, {"a", "b"}), row(2, {"1", "2"})});
  CHECK(read_all_every_chunk_size("a,b\n1,") == Rows{row(1, {"a", "b"}), row(2, {"1", ""})});
  CHECK(read_all_every_chunk_size(" a , b \n") == Rows{row(1, {" a ", " b "})});  // spaces are data
  CHECK(read_all("").empty());
  CHECK(read_all("\n\r\n\r").empty());
}

TEST_CASE("LF, CRLF and lone CR all end records and count as one line each", "[csv]") {
  const Rows want{row(1, {"a", "b"}), row(2, {"c", "d"}), row(3, {"e"})};
  CHECK(read_all_every_chunk_size("a,b\nc,d\ne\n") == want);
  CHECK(read_all_every_chunk_size("a,b\r\nc,d\r\ne\r\n") == want);
  CHECK(read_all_every_chunk_size("a,b\rc,d\re\r") == want);
  CHECK(read_all_every_chunk_size("a,b\r\nc,d\re\n") == want);
}

TEST_CASE("blank lines are skipped but still counted", "[csv]") {
  CHECK(read_all_every_chunk_size("\n\na\n\r\n\r\nb\r\r\nc\n\n") ==
        Rows{row(3, {"a"}), row(6, {"b"}), row(8, {"c"})});
}

TEST_CASE("a UTF-8 BOM is stripped", "[csv]") {
  const auto rows = read_all_every_chunk_size("\xEF\xBB\xBF编号,金额\nP1,105.00\n");
  CHECK(rows == Rows{row(1, {"编号", "金额"}), row(2, {"P1", "105.00"})});
  std::istringstream in("\xEF\xBB\xBF" "a\n");
  CsvReader reader(in);
  CHECK(reader.encoding() == Encoding::Utf8);
}

TEST_CASE("quoted fields: commas, escaped quotes, newlines", "[csv]") {
  CHECK(read_all_every_chunk_size(R"("a,b","say ""hi""","",x)" "\n") ==
        Rows{row(1, {"a,b", R"(say "hi")", "", "x"})});
  CHECK(read_all_every_chunk_size(R"("""","a""")" "\n") == Rows{row(1, {R"(")", R"(a")"})});
  // Quoted line breaks are kept as they are, and the next record reports its physical line.
  CHECK(read_all_every_chunk_size("h1,h2\n\"line one\nline two\",x\n\"a\r\nb\rc\",y\r\nlast,z\n") ==
        Rows{row(1, {"h1", "h2"}), row(2, {"line one\nline two", "x"}), row(4, {"a\r\nb\rc", "y"}),
             row(7, {"last", "z"})});
  CHECK(read_all_every_chunk_size("\"a\",\"b\"") == Rows{row(1, {"a", "b"})});
}

TEST_CASE("a file cut inside a quoted field", "[csv]") {
  CHECK(read_all_every_chunk_size("a,b\nc,\"half a\ncell") ==
        Rows{row(1, {"a", "b"}), row(2, {"c", "half a\ncell"}, "csv.unterminated_quote", "2")});
  CHECK(read_all_every_chunk_size("\"") == Rows{row(1, {""}, "csv.unterminated_quote", "1")});
}

TEST_CASE("stray quotes and text after a closing quote are reported, parsing goes on", "[csv]") {
  CHECK(read_all_every_chunk_size("x,ab\"c,d\ne,f\n") ==
        Rows{row(1, {"x", "ab\"c", "d"}, "csv.stray_quote", "2"), row(2, {"e", "f"})});
  CHECK(read_all_every_chunk_size("x,y,\"ab\"c,d\ne,f\n") ==
        Rows{row(1, {"x", "y", "ab", "d"}, "csv.text_after_quote", "3"), row(2, {"e", "f"})});
  CHECK(read_all_every_chunk_size("\"ab\" \n\"q\"\"\"x\"y,1\n2\n") ==
        Rows{row(1, {"ab"}, "csv.text_after_quote", "1"), row(2, {"q\"", "1"}, "csv.text_after_quote", "1"),
             row(3, {"2"})});
  // Only the first fault of a record is kept; every bad record gets its own.
  CHECK(read_all("a\"b,\"c\"d\n\"e\"f,g\"h\n") ==
        Rows{row(1, {"a\"b", "c"}, "csv.stray_quote", "1"),
             row(2, {"e", "g\"h"}, "csv.text_after_quote", "1")});
}

TEST_CASE("long fields: 10,000 characters are fine, over the limit is a problem", "[csv]") {
  const std::string long_cell(10000, 'x');
  const std::string long_cn = [] {
    std::string s;
    for (int i = 0; i < 10000; ++i) s += "龙";
    return s;
  }();
  CHECK(read_all("a," + long_cell + "\n\"" + long_cn + "\",b\n") ==
        Rows{row(1, {"a", long_cell}), row(2, {long_cn, "b"})});

  // Over the limit: the fields before it survive, the rest of the record is skipped, the next
  // record (and its line number) is right, whether the long field is quoted or not.
  const std::string input = "a,b," + std::string(100, 'y') + ",c\n" + "d,\"" + std::string(50, 'z') + "\n" +
                            std::string(60, 'z') + "\",e\nf,g\n";
  const auto rows = read_all_every_chunk_size(input, Encoding::Auto, 40);
  CHECK(rows == Rows{row(1, {"a", "b"}, "csv.field_too_long", "3"), row(2, {"d"}, "csv.field_too_long", "2"),
                     row(4, {"f", "g"})});
  std::istringstream in(input);
  CsvReader reader(in, Encoding::Auto, CsvLimits{40, 16});
  CsvRecord record;
  REQUIRE(reader.next(record));
  REQUIRE(record.problem);
  CHECK(record.problem->arg("limit") == "40");
}

TEST_CASE("an overlong field does not hold the file in memory", "[csv]") {
  // 64 MiB in one unquoted cell, then a quote that is never closed; read with a 1 KiB limit.
  // The reader must skip it in chunks; the quote left open at the end is the reported cause.
  const std::string input = "a," + std::string(std::size_t{64} << 20, 'x') + "\nnext,\"" +
                            std::string(std::size_t{8} << 20, 'y') + "\n...";
  const auto rows = read_all(input, Encoding::Auto, CsvLimits{1024, std::size_t{1} << 20});
  CHECK(rows == Rows{row(1, {"a"}, "csv.field_too_long", "2"),
                     row(2, {"next"}, "csv.unterminated_quote", "2")});
}

TEST_CASE("invalid UTF-8 passes through a UTF-8 file untouched", "[csv]") {
  const std::string input = "\xE6\xB8\x9D,\x80\xFF,\"\xC3\"\n\xE6\xB8\n"s;
  std::istringstream in(input);
  CsvReader reader(in, Encoding::Utf8);
  CHECK(reader.encoding() == Encoding::Utf8);
  CHECK(read_all_every_chunk_size(input, Encoding::Utf8) ==
        Rows{row(1, {"\xE6\xB8\x9D", "\x80\xFF", "\xC3"}), row(2, {"\xE6\xB8"})});
}

TEST_CASE("GB18030 files, chosen or detected", "[csv][encoding]") {
  // 编号 is ASCII here; 渝北区 D3E5 B1B1 C7F8, € A2E3, U+20087 95329031 (four bytes).
  const std::string gb = "id,name\nP1,\xD3\xE5\xB1\xB1\xC7\xF8\n\"P2\",\"\xA2\xE3,\x95\x32\x90\x31\"\r\n"s;
  const Rows want{row(1, {"id", "name"}), row(2, {"P1", "渝北区"}), row(3, {"P2", "€,\xF0\xA0\x82\x87"})};
  CHECK(read_all_every_chunk_size(gb, Encoding::Gb18030) == want);
  CHECK(read_all(gb) == want);
  std::istringstream in(gb);
  CsvReader reader(in);
  CHECK(reader.encoding() == Encoding::Gb18030);

  // Bytes that are not GB18030 reach the caller raw, so validation can report the row.
  CHECK(read_all("a,\x80x\n"s, Encoding::Gb18030) == Rows{row(1, {"a", "\x80x"})});
  // A GB18030 BOM (84 31 95 33) is stripped too.
  CHECK(read_all("\x84\x31\x95\x33id\n"s, Encoding::Gb18030) == Rows{row(1, {"id"})});
}

TEST_CASE("encodings that cannot be read are refused up front", "[csv][encoding]") {
  for (const auto encoding : {Encoding::Auto, Encoding::Utf8, Encoding::Gb18030}) {
    std::istringstream in("\xFF\xFEi\0d\0"s);
    try {
      CsvReader reader(in, encoding);
      FAIL("UTF-16 accepted");
    } catch (const ProblemError& e) {
      CHECK(e.problem().code == "encoding.utf16");
    }
  }
  // A UTF-8 BOM beats a GB18030 choice: the file says what it is.
  std::istringstream in("\xEF\xBB\xBF渝北区\n");
  CsvReader reader(in, Encoding::Gb18030);
  CHECK(reader.encoding() == Encoding::Utf8);
  CsvRecord record;
  REQUIRE(reader.next(record));
  CHECK(record.fields.at(0) == "渝北区");
}

TEST_CASE("a stream that fails mid-read is an error, not a short file", "[csv]") {
  struct FailingBuf : std::streambuf {
    int_type underflow() override { throw std::runtime_error("disk gone"); }
  };
  FailingBuf failing;
  std::istream in(&failing);
  try {
    CsvReader reader(in);
    FAIL("read error ignored");
  } catch (const ProblemError& e) {
    CHECK(e.problem().code == "csv.read_error");
  }
}

TEST_CASE("records straddling 1 MiB chunks, in UTF-8 and GB18030", "[csv][encoding]") {
  // Many chunks at the default size; every record and line number must survive the edges.
  std::string utf8;
  std::string gb;
  std::size_t rows = 0;
  while (utf8.size() < (std::size_t{3} << 20) + 12345) {
    const std::string n = std::to_string(rows);
    utf8 += "P" + n + ",渝北区,\"multi\nline " + n + "\",105.00\r\n";
    gb += "P" + n + ",\xD3\xE5\xB1\xB1\xC7\xF8,\"multi\nline " + n + "\",105.00\r\n";
    ++rows;
  }
  for (const auto* bytes : {&utf8, &gb}) {
    std::istringstream in(*bytes);
    CsvReader reader(in);
    CHECK(reader.encoding() == (bytes == &utf8 ? Encoding::Utf8 : Encoding::Gb18030));
    CsvRecord record;
    std::size_t seen = 0;
    while (reader.next(record)) {
      const std::string n = std::to_string(seen);
      REQUIRE(record.line == 2 * seen + 1);
      REQUIRE(record.fields.size() == 4);
      REQUIRE(record.fields[0] == "P" + n);
      REQUIRE(record.fields[1] == "渝北区");
      REQUIRE(record.fields[2] == "multi\nline " + n);
      REQUIRE_FALSE(record.problem);
      ++seen;
    }
    CHECK(seen == rows);
  }

  // A multi-byte GB18030 character cut exactly at the 1 MiB read boundary, two- and four-byte.
  for (const auto& gb_char : {"\xD3\xE5"s, "\x95\x32\x90\x31"s}) {
    for (std::size_t before = 1; before < gb_char.size(); ++before) {
      const std::string head = "a,b\n" + std::string((std::size_t{1} << 20) - 8 - before, 'x') + ",";
      const std::string input = "\xC7\xF8\n" + head + gb_char + "\n";
      REQUIRE(("\xC7\xF8\n" + head).size() + before == std::size_t{1} << 20);
      const auto got = read_all(input, Encoding::Gb18030);
      REQUIRE(got.size() == 3);
      CHECK(got[0] == row(1, {"区"}));
      CHECK(got[2].fields.at(1) == (gb_char.size() == 2 ? "渝" : "\xF0\xA0\x82\x87"));
    }
  }
}
