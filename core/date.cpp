// Civil dates and Shanghai-time instants: parsing what people and Excel write, and formatting.
#include "core/date.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace sunlight::core {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;
constexpr std::int64_t kSecondsPerDay = 86400;
// Enough to recognise the input in a message without letting a pasted row flood the screen.
constexpr std::size_t kShownInputChars = 40;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian). Hand-written
// rather than std::chrono::year_month_day so the arithmetic stays in int64 and noexcept.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr CivilDate civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);
static_assert(civil_from_days(-1).year == 1969);

constexpr bool is_leap(int y) noexcept { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// The input as a message shows it: trimmed, cut to a readable length, and with malformed
// UTF-8 and control characters replaced, so a Problem can always be written out as JSON.
std::string shown_input(std::string_view raw) {
  const std::string_view s = text::trim(raw);
  std::string out;
  std::size_t pos = 0;
  std::size_t count = 0;
  while (pos < s.size() && count < kShownInputChars) {
    char32_t cp = text::next_code_point(s, pos);
    if (cp < 0x20 || cp == 0x7F) cp = 0xFFFD;
    text::append_utf8(out, cp);
    ++count;
  }
  if (pos < s.size()) out += "…";
  return out;
}

Problem date_problem(const char* code, std::string_view raw) {
  return Problem{code, {{"input", shown_input(raw)}}};
}

// Reads code points with the full-width folding of text::fold_width applied on the fly, so the
// common ASCII input is parsed without building a folded copy.
class Scanner {
 public:
  explicit Scanner(std::string_view s) noexcept : s_(s) {}

  [[nodiscard]] bool at_end() const noexcept { return pos_ >= s_.size(); }
  [[nodiscard]] char32_t peek() const noexcept {
    std::size_t p = pos_;
    return read(p);
  }
  char32_t next() noexcept { return read(pos_); }

  // Reads min..max decimal digits; fails when fewer, or when a further digit follows (so a
  // two-digit year or a three-digit month is refused rather than silently split).
  bool number(unsigned min_digits, unsigned max_digits, unsigned& value) noexcept {
    value = 0;
    unsigned count = 0;
    while (count < max_digits && is_digit(peek())) {
      value = value * 10 + static_cast<unsigned>(next() - U'0');
      ++count;
    }
    return count >= min_digits && !is_digit(peek());
  }

  void skip_spaces() noexcept {
    while (peek() == U' ' || peek() == U'\t') (void)next();
  }

 private:
  static bool is_digit(char32_t c) noexcept { return c >= U'0' && c <= U'9'; }

  char32_t read(std::size_t& p) const noexcept {
    if (p >= s_.size()) return 0;
    const auto b = static_cast<unsigned char>(s_[p]);
    if (b < 0x80) {
      ++p;
      return b;
    }
    const char32_t cp = text::next_code_point(s_, p);
    if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
    if (cp == 0x3000 || cp == 0x00A0) return U' ';
    return cp;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

// "0:00", "00:00:00", "00:00:00.000" as spreadsheets append to dates. Returns false for
// anything that is not a well-formed clock time; sets `midnight`.
bool read_time(Scanner& sc, bool& midnight) noexcept {
  unsigned hour = 0, minute = 0, second = 0, fraction = 0;
  if (!sc.number(1, 2, hour) || sc.next() != U':' || !sc.number(2, 2, minute)) return false;
  if (sc.peek() == U':') {
    (void)sc.next();
    if (!sc.number(2, 2, second)) return false;
    if (sc.peek() == U'.') {
      (void)sc.next();
      if (!sc.number(1, 9, fraction)) return false;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  midnight = hour == 0 && minute == 0 && second == 0 && fraction == 0;
  return true;
}

}  // namespace

bool CivilDate::is_valid(int year, unsigned month, unsigned day) noexcept {
  // Calendar validity only; the 1900..2200 policy belongs to parse_date.
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const unsigned last = month == 2 && is_leap(year) ? 29 : kDays[month - 1];
  return day <= last;
}

std::int64_t CivilDate::days_since_epoch() const noexcept { return days_from_civil(year, month, day); }

CivilDate CivilDate::from_days(std::int64_t days) noexcept { return civil_from_days(days); }

std::string CivilDate::iso() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

std::string CivilDate::zh() const { return fmt::format("{}年{}月{}日", year, month, day); }

Parsed<CivilDate> parse_date(std::string_view raw) {
  const std::string_view text = text::trim(raw);
  if (text.empty()) return date_problem("date.empty", raw);

  unsigned year = 0, month = 0, day = 0;
  // Bank and social-security exports write "20260301"; eight bare digits can only mean that.
  if (text.size() == 8 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    auto digits = [&](std::size_t at, std::size_t n) {
      unsigned v = 0;
      for (std::size_t i = at; i < at + n; ++i) v = v * 10 + static_cast<unsigned>(text[i] - '0');
      return v;
    };
    year = digits(0, 4);
    month = digits(4, 2);
    day = digits(6, 2);
    const auto y = static_cast<int>(year);
    if (y < kMinYear || y > kMaxYear) return date_problem("date.out_of_range", raw);
    if (!CivilDate::is_valid(y, month, day)) return date_problem("date.impossible", raw);
    return CivilDate{y, month, day};
  }

  Scanner sc(text);
  if (!sc.number(4, 4, year)) return date_problem("date.garbage", raw);
  const char32_t sep = sc.next();
  const bool chinese = sep == U'年';
  if (!chinese && sep != U'-' && sep != U'/' && sep != U'.') return date_problem("date.garbage", raw);
  if (!sc.number(1, 2, month)) return date_problem("date.garbage", raw);
  // Mixed separators ("2026-3/1") are more likely a typo than a date.
  if (sc.next() != (chinese ? U'月' : sep)) return date_problem("date.garbage", raw);
  if (!sc.number(1, 2, day)) return date_problem("date.garbage", raw);
  if (chinese && sc.next() != U'日') return date_problem("date.garbage", raw);

  bool midnight = true;
  if (!sc.at_end()) {
    // Numeric forms need a space before the time, or "2026-03-0100:00" would pass.
    if (!chinese && sc.peek() != U' ' && sc.peek() != U'\t') return date_problem("date.garbage", raw);
    sc.skip_spaces();
    if (!read_time(sc, midnight) || !sc.at_end()) return date_problem("date.garbage", raw);
  }

  const auto y = static_cast<int>(year);
  if (y < kMinYear || y > kMaxYear) return date_problem("date.out_of_range", raw);
  if (!CivilDate::is_valid(y, month, day)) return date_problem("date.impossible", raw);
  if (!midnight) return date_problem("date.time_not_midnight", raw);
  return CivilDate{y, month, day};
}

LocalDateTime to_shanghai(Timestamp t) noexcept {
  const std::int64_t local = static_cast<std::int64_t>(t.time_since_epoch().count()) + kShanghaiUtcOffsetSeconds;
  const std::int64_t days = floor_div(local, kSecondsPerDay);
  const auto secs = static_cast<unsigned>(local - days * kSecondsPerDay);
  return LocalDateTime{CivilDate::from_days(days), secs / 3600, secs / 60 % 60, secs % 60};
}

Timestamp from_shanghai(const LocalDateTime& local) noexcept {
  const std::int64_t secs = local.date.days_since_epoch() * kSecondsPerDay +
                            static_cast<std::int64_t>(local.hour * 3600 + local.minute * 60 + local.second) -
                            kShanghaiUtcOffsetSeconds;
  return Timestamp{std::chrono::seconds{secs}};
}

CivilDate shanghai_date(Timestamp t) noexcept { return to_shanghai(t).date; }

Timestamp now_utc() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

CivilDate today_shanghai() {
  return shanghai_date(now_utc());
}

std::string format_shanghai_datetime(Timestamp t) {
  const LocalDateTime l = to_shanghai(t);
  return fmt::format("{} {:02}:{:02}", l.date.iso(), l.hour, l.minute);
}

std::string format_shanghai_time(Timestamp t) {
  const LocalDateTime l = to_shanghai(t);
  return fmt::format("{:02}:{:02}", l.hour, l.minute);
}

std::string format_utc_iso(Timestamp t) {
  const std::int64_t secs = t.time_since_epoch().count();
  const std::int64_t days = floor_div(secs, kSecondsPerDay);
  const auto rem = static_cast<unsigned>(secs - days * kSecondsPerDay);
  return fmt::format("{}T{:02}:{:02}:{:02}Z", CivilDate::from_days(days).iso(), rem / 3600, rem / 60 % 60,
                     rem % 60);
}

Parsed<Timestamp> parse_utc_iso(std::string_view text) {
  // Fixed layout "YYYY-MM-DDTHH:MM:SS" then "Z" or "+00:00"; anything else is refused, since
  // these strings are machine-written (feed, heartbeats) and leniency would hide a bug.
  static constexpr std::string_view kLayout = "dddd-dd-ddTdd:dd:dd";
  const auto garbage = [&] { return Problem{"time.garbage", {{"input", shown_input(text)}}}; };
  if (text.size() < kLayout.size()) return garbage();
  const std::string_view suffix = text.substr(kLayout.size());
  if (suffix != "Z" && suffix != "+00:00") return garbage();
  for (std::size_t i = 0; i < kLayout.size(); ++i) {
    const char c = text[i];
    if (kLayout[i] == 'd' ? (c < '0' || c > '9') : c != kLayout[i]) return garbage();
  }
  const auto field = [&](std::size_t at, std::size_t len) {
    unsigned v = 0;
    for (std::size_t i = at; i < at + len; ++i) v = v * 10 + static_cast<unsigned>(text[i] - '0');
    return v;
  };
  const auto year = static_cast<int>(field(0, 4));
  const unsigned month = field(5, 2), day = field(8, 2);
  const unsigned hour = field(11, 2), minute = field(14, 2), second = field(17, 2);
  if (!CivilDate::is_valid(year, month, day) || hour > 23 || minute > 59 || second > 59) return garbage();
  const std::int64_t secs = CivilDate{year, month, day}.days_since_epoch() * kSecondsPerDay +
                            static_cast<std::int64_t>(hour * 3600 + minute * 60 + second);
  return Timestamp{std::chrono::seconds{secs}};
}

}  // namespace sunlight::core
