// Streaming RFC 4180 reader: chunked reads, GB18030 → UTF-8 on the fly, SIMD-assisted field scanning.
#include "core/csv.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sunlight::core {
namespace {

bool is_special(char c) noexcept { return c == ',' || c == '"' || c == '\n' || c == '\r'; }
bool is_field_end(char c) noexcept { return c == ',' || c == '\n' || c == '\r'; }

// First of ',', '"', LF or CR in [p, end), or end. Most fields are short and plain, so this is
// where an import spends its time: 16 bytes per step where SSE2 exists (every x86-64).
char* find_special(char* p, char* end) noexcept {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#endif
  while (p < end && !is_special(*p)) ++p;
  return p;
}

// Physical line breaks in [p, end): LF, CR, and CRLF once. The byte before p is never CR here
// (callers start right after a quote), so a CRLF cannot straddle the start.
std::size_t count_line_breaks(const char* p, const char* end) noexcept {
  std::size_t n = 0;
  for (const char* c = p; c < end; ++c) {
    if (*c == '\r') ++n;
    else if (*c == '\n' && (c == p || c[-1] != '\r')) ++n;
  }
  return n;
}

// Turns the "" pairs of a quoted field's content into single quotes, in place; returns the new end.
char* unescape_in_place(char* begin, char* end) noexcept {
  char* w = begin;
  for (char* r = begin; r < end; ++w) {
    *w = *r;
    r += (*r == '"') ? 2 : 1;
  }
  return w;
}

}  // namespace

struct CsvReader::Impl {
  enum class Step { Done, NeedMore, TooLong };
  // Where the state machine of skip_rest() stands inside a record it is throwing away.
  enum class Skip { FieldStart, Unquoted, Quoted, QuoteInQuoted };
  // A finished field as offsets from the record start, so compacting the buffer keeps it valid.
  struct Span {
    std::size_t begin;
    std::size_t end;
    bool unescape;
  };

  std::istream& in;
  Encoding encoding;
  CsvLimits limits;
  std::optional<Gb18030Decoder> decoder;
  std::string raw;  // GB18030 bytes before conversion
  std::string buf;  // UTF-8 text; [pos, size) is not yet parsed
  std::size_t pos = 0;
  bool eof = false;
  std::uint64_t consumed = 0;
  std::size_t line = 1;      // physical line of buf[pos]
  bool pending_cr = false;   // the last record ended with CR, so a leading LF completes a CRLF

  // The record being parsed: fields done so far, and where the unfinished field starts.
  std::vector<Span> spans;
  std::size_t resume = 0;
  std::size_t record_lines = 0;  // line breaks inside the finished fields' quotes
  std::optional<Problem> problem;
  std::string scratch;  // fields kept when an overlong field makes us drop the buffer

  // Skipping the rest of a record after an overlong field.
  std::size_t skip_from = 0;
  Skip skip_state = Skip::FieldStart;
  std::size_t skip_field = 0;

  Impl(std::istream& raw_bytes, Encoding requested, CsvLimits lim)
      : in(raw_bytes), encoding(requested), limits(lim) {
    limits.read_chunk_bytes = std::max<std::size_t>(limits.read_chunk_bytes, 1);
    // The first read is the detection sample; at least 4 bytes so a BOM is never split.
    std::string first = read_raw(std::max<std::size_t>(limits.read_chunk_bytes, 4));
    using namespace std::string_view_literals;
    const bool utf8_bom = std::string_view(first).starts_with("\xEF\xBB\xBF"sv);
    switch (requested) {
      case Encoding::Auto: encoding = detect_encoding(first, eof).value(); break;
      case Encoding::Utf8:
      case Encoding::Gb18030: {
        // Only the BOM matters here: the caller chose the encoding.
        const auto bom = detect_encoding(std::string_view(first).substr(0, 4), false);
        if (!bom.ok()) throw ProblemError(bom.problem());
        // A UTF-8 BOM is unambiguous; honouring it beats decoding the file as GB18030 mojibake.
        encoding = utf8_bom ? Encoding::Utf8 : requested;
        break;
      }
      default:
        throw ProblemError(Problem{"encoding.unknown", {{"input", std::to_string(static_cast<int>(requested))}}});
    }
    if (encoding == Encoding::Gb18030) {
      decoder.emplace();
      decoder->decode(first, eof, buf);
    } else {
      buf = std::move(first);
    }
    // Also catches the GB18030 BOM (84 31 95 33), which decodes to U+FEFF.
    if (std::string_view(buf).starts_with("\xEF\xBB\xBF"sv)) pos = 3;
  }

  std::string read_raw(std::size_t n) {
    std::string out(n, '\0');
    const std::size_t got = read_into(out.data(), n);
    out.resize(got);
    return out;
  }

  std::size_t read_into(char* dst, std::size_t n) {
    in.read(dst, static_cast<std::streamsize>(n));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (in.bad()) throw ProblemError(Problem{"csv.read_error"});
    consumed += got;
    if (got < n) eof = true;
    return got;
  }

  // Drops what is parsed, appends the next chunk as UTF-8; false when the input was already done.
  bool read_more() {
    if (eof) return false;
    if (pos > 0) {
      buf.erase(0, pos);
      pos = 0;
    }
    const std::size_t n = limits.read_chunk_bytes;
    if (decoder) {
      raw.resize(n);
      raw.resize(read_into(raw.data(), n));
      decoder->decode(raw, eof, buf);
    } else {
      const std::size_t old_size = buf.size();
      buf.resize(old_size + n);
      buf.resize(old_size + read_into(buf.data() + old_size, n));
    }
    return true;
  }

  void set_problem(const char* code, std::size_t field) {
    if (problem) return;  // the first fault in a record explains it best
    problem = Problem{code, {{"line", std::to_string(line)}, {"field", std::to_string(field)}}};
  }

  bool next(CsvRecord& record) {
    record.fields.clear();
    record.problem.reset();
    if (!skip_blank_lines()) return false;
    for (;;) {
      switch (parse(record)) {
        case Step::Done: return true;
        case Step::NeedMore: read_more(); break;  // parse() only asks while input remains
        case Step::TooLong: {
          keep_fields_in_scratch(record);
          const bool terminated = skip_rest();
          finish(record, terminated);
          return true;
        }
      }
    }
  }

  // Consumes empty lines before a record; false at the end of input.
  bool skip_blank_lines() {
    for (;;) {
      if (pos == buf.size()) {
        if (!read_more()) return false;
        continue;
      }
      const char c = buf[pos];
      if (c == '\n') {
        if (!pending_cr) ++line;
      } else if (c == '\r') {
        ++line;
      } else {
        pending_cr = false;
        return true;
      }
      pending_cr = c == '\r';
      ++pos;
    }
  }

  // Parses the record at buf[pos], resuming at the unfinished field after a refill.
  Step parse(CsvRecord& record) {
    char* const base = buf.data() + pos;
    char* const end = buf.data() + buf.size();
    const bool at_eof = eof;
    const std::size_t max = limits.max_field_bytes;
    char* p = base + resume;
    for (;;) {
      char* const field = p;
      const std::size_t field_no = spans.size() + 1;
      const bool had_problem = problem.has_value();
      auto need_more = [&] {
        resume = static_cast<std::size_t>(field - base);
        if (!had_problem) problem.reset();  // this field is parsed again after the refill
        return Step::NeedMore;
      };
      auto too_long = [&] {
        if (!problem) {
          problem = Problem{"csv.field_too_long", {{"line", std::to_string(line)},
                                                   {"field", std::to_string(field_no)},
                                                   {"limit", std::to_string(max)}}};
        }
        skip_from = static_cast<std::size_t>(field - buf.data());
        skip_state = Skip::FieldStart;
        skip_field = field_no;
        return Step::TooLong;
      };
      std::size_t field_lines = 0;
      char* begin = field;
      char* stop = field;
      bool unescape = false;
      if (p < end && *p == '"') {
        begin = p + 1;
        char* s = begin;
        std::size_t escapes = 0;
        for (;;) {
          auto* q = static_cast<char*>(std::memchr(s, '"', static_cast<std::size_t>(end - s)));
          if (q == nullptr) q = end;
          field_lines += count_line_breaks(s, q);
          if (static_cast<std::size_t>(q - begin) - escapes > max) return too_long();
          if (q == end) {
            if (!at_eof) return need_more();
            set_problem("csv.unterminated_quote", field_no);
            stop = p = end;
            break;
          }
          if (q + 1 == end && !at_eof) return need_more();  // "" or a closing quote?
          if (q + 1 < end && q[1] == '"') {
            ++escapes;
            s = q + 2;
            continue;
          }
          stop = q;
          p = q + 1;
          break;
        }
        unescape = escapes > 0;
        if (p < end && !is_field_end(*p)) {
          set_problem("csv.text_after_quote", field_no);
          while (p < end && !is_field_end(*p)) p = find_special(p + 1, end);
          if (static_cast<std::size_t>(p - begin) > max) return too_long();
          if (p == end && !at_eof) return need_more();
        }
      } else {
        char* q = find_special(p, end);
        while (q < end && *q == '"') {
          // Past the limit, "too long" came first; deciding by position keeps the verdict the
          // same wherever the chunk edges fall.
          if (static_cast<std::size_t>(q - field) > max) break;
          set_problem("csv.stray_quote", field_no);
          q = find_special(q + 1, end);
        }
        if (static_cast<std::size_t>(q - field) > max) return too_long();
        if (q == end && !at_eof) return need_more();
        stop = p = q;
      }
      spans.push_back(
          {static_cast<std::size_t>(begin - base), static_cast<std::size_t>(stop - base), unescape});
      record_lines += field_lines;
      if (p < end && *p == ',') {
        ++p;
        continue;
      }
      const bool terminated = p < end;  // at LF or CR; otherwise the input ended
      if (terminated) {
        pending_cr = *p == '\r';
        ++p;
      }
      record.fields.reserve(spans.size());
      for (const auto& span : spans) {
        char* const b = base + span.begin;
        char* const e = span.unescape ? unescape_in_place(b, base + span.end) : base + span.end;
        record.fields.emplace_back(b, static_cast<std::size_t>(e - b));
      }
      pos = static_cast<std::size_t>(p - buf.data());
      finish(record, terminated);
      return Step::Done;
    }
  }

  // The buffer is about to be dropped while we skip an overlong field, so the fields before it
  // move to scratch: the caller still sees them, and memory stays at one field's limit.
  void keep_fields_in_scratch(CsvRecord& record) {
    char* const base = buf.data() + pos;
    std::size_t total = 0;
    for (auto& span : spans) {
      if (span.unescape) {
        span.end = static_cast<std::size_t>(unescape_in_place(base + span.begin, base + span.end) - base);
      }
      total += span.end - span.begin;
    }
    scratch.clear();
    scratch.reserve(total);
    for (const auto& span : spans) scratch.append(base + span.begin, span.end - span.begin);
    std::size_t at = 0;
    for (const auto& span : spans) {
      record.fields.emplace_back(scratch.data() + at, span.end - span.begin);
      at += span.end - span.begin;
    }
  }

  // Throws away the rest of the record a byte at a time (this path only runs on hostile or broken
  // input), following quotes so that the next record starts in the right place. True when it
  // ended at a line break, false at the end of input.
  bool skip_rest() {
    bool prev_cr = false;
    for (;;) {
      const char* const data = buf.data();
      const std::size_t size = buf.size();
      for (std::size_t i = skip_from; i < size; ++i) {
        const char c = data[i];
        const bool newline = c == '\n' || c == '\r';
        switch (skip_state) {
          case Skip::QuoteInQuoted:
            if (c == '"') {
              skip_state = Skip::Quoted;
              break;
            }
            [[fallthrough]];
          case Skip::FieldStart:
          case Skip::Unquoted:
            if (newline) {
              pending_cr = c == '\r';
              pos = i + 1;
              return true;
            }
            if (c == ',') {
              skip_state = Skip::FieldStart;
              ++skip_field;
            } else if (c == '"' && skip_state == Skip::FieldStart) {
              skip_state = Skip::Quoted;
            } else {
              skip_state = Skip::Unquoted;
            }
            break;
          case Skip::Quoted:
            if (c == '"') skip_state = Skip::QuoteInQuoted;
            else if (c == '\r' || (c == '\n' && !prev_cr)) ++record_lines;
            break;
        }
        prev_cr = c == '\r';
      }
      pos = size;
      skip_from = 0;
      if (!read_more()) break;
    }
    // A quote still open at the end of the file is the real cause: say that, not "too long".
    if (skip_state == Skip::Quoted && problem && problem->code == "csv.field_too_long") {
      problem.reset();
      set_problem("csv.unterminated_quote", skip_field);
    }
    return false;
  }

  void finish(CsvRecord& record, bool terminated) {
    record.line = line;
    record.problem = std::move(problem);
    problem.reset();
    line += record_lines + (terminated ? 1 : 0);
    record_lines = 0;
    resume = 0;
    spans.clear();
  }
};

CsvReader::CsvReader(std::istream& raw_bytes, Encoding encoding, CsvLimits limits)
    : impl_(std::make_unique<Impl>(raw_bytes, encoding, limits)) {}

CsvReader::~CsvReader() = default;

Encoding CsvReader::encoding() const noexcept { return impl_->encoding; }

bool CsvReader::next(CsvRecord& record) { return impl_->next(record); }

std::uint64_t CsvReader::bytes_consumed() const noexcept { return impl_->consumed; }

}  // namespace sunlight::core
