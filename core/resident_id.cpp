// Resident ID rules (GB 11643-1999): normalising what people type, validating, masking.
#include "core/resident_id.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <sodium.h>

#include "core/text.hpp"

namespace sunlight::core {
namespace {

constexpr std::size_t kLength = 18;
constexpr std::size_t kLegacyLength = 15;

// Province-level codes (GB/T 2260) that can begin an ID; 71 Taiwan, 81 Hong Kong, 82 Macao
// and 83 for residence permits of Taiwan residents are issued too.
bool is_province_code(unsigned code) noexcept {
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82 || code == 83;
}

// Separators people put in an ID, by hand or through a word processor's auto-replacement.
bool is_ignorable(char32_t cp) noexcept {
  return cp == U' ' || cp == U'\t' || cp == U'\r' || cp == U'\n' || cp == 0x3000 || cp == 0x00A0 ||
         cp == 0xFEFF || cp == U'-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212;
}

bool is_digit(char32_t cp) noexcept { return cp >= U'0' && cp <= U'9'; }

// One character as a message may show it; control characters become "U+0001" so the text stays
// printable and valid UTF-8 (malformed bytes already arrive as U+FFFD).
void append_shown(std::string& out, char32_t cp) {
  if (cp < 0x20 || cp == 0x7F)
    out += fmt::format("U+{:04X}", static_cast<unsigned>(cp));
  else
    text::append_utf8(out, cp);
}

// The significant characters of the input after normalising. Holds at most 18 code points but
// counts all of them, so a wrong length can be reported. Lives on the stack and is wiped on
// every return path, so parse() leaves no copy of an ID behind (invariant 7).
struct Normalised {
  std::array<char32_t, kLength> cps{};
  std::size_t length = 0;
  std::size_t first_non_digit = 0;  // 1-based position; 0 when every character is a digit
  char32_t non_digit = 0;

  Normalised() = default;
  Normalised(const Normalised&) = delete;
  Normalised& operator=(const Normalised&) = delete;
  ~Normalised() { sodium_memzero(cps.data(), sizeof(cps)); }

  void push(char32_t cp) noexcept {
    if (length < kLength) cps[length] = cp;
    ++length;
    if (!is_digit(cp) && first_non_digit == 0) {
      first_non_digit = length;
      non_digit = cp;
    }
  }

  // "500112********123X". Only meaningful when length == 18.
  [[nodiscard]] std::string masked() const {
    std::string out;
    out.reserve(kLength);
    for (std::size_t i = 0; i < 6; ++i) append_shown(out, cps[i]);
    out.append(8, '*');
    for (std::size_t i = 14; i < kLength; ++i) append_shown(out, cps[i]);
    return out;
  }
};

void normalise(std::string_view text, Normalised& n) noexcept {
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t cp = 0;
    const auto b = static_cast<unsigned char>(text[pos]);
    if (b < 0x80) {
      cp = b;
      ++pos;
    } else {
      cp = text::next_code_point(text, pos);
      if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width forms, as text::fold_width
    }
    if (is_ignorable(cp)) continue;
    if (cp == U'x') cp = U'X';
    n.push(cp);
  }
}

unsigned number_at(const std::array<char, kLength>& d, std::size_t at, std::size_t len) noexcept {
  unsigned v = 0;
  for (std::size_t i = at; i < at + len; ++i) v = v * 10 + static_cast<unsigned>(d[i] - '0');
  return v;
}

// Problems about an 18-character input carry it masked, as invariant 8 masks IDs anywhere
// they are shown; shorter or longer inputs carry no "input" at all, since no masking of a
// wrong-length string is both recognisable and safe.
Problem masked_problem(const char* code, const Normalised& n,
                       std::vector<std::pair<std::string, std::string>> args = {}) {
  args.emplace_back("input", n.masked());
  return Problem{code, std::move(args)};
}

}  // namespace

char resident_id_check_digit(std::string_view first17) noexcept {
  // ISO 7064 MOD 11-2: weights 2^(17-i) mod 11.
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

Parsed<ResidentId> ResidentId::parse(std::string_view text) { return parse(text, today_shanghai()); }

Parsed<ResidentId> ResidentId::parse(std::string_view text, CivilDate today) {
  Normalised n;
  normalise(text, n);

  if (n.length == 0) return Problem{"id.empty"};

  ResidentId id;
  auto& d = id.digits_;
  if (n.length == kLegacyLength && n.first_non_digit == 0) {
    // 15-digit IDs (issued before 1999) were all for people born in the 1900s.
    for (std::size_t i = 0; i < 6; ++i) d[i] = static_cast<char>(n.cps[i]);
    d[6] = '1';
    d[7] = '9';
    for (std::size_t i = 6; i < kLegacyLength; ++i) d[i + 2] = static_cast<char>(n.cps[i]);
    d[17] = resident_id_check_digit({d.data(), 17});
    std::copy(d.begin(), d.end(), n.cps.begin());
  } else if (n.length != kLength) {
    // Never echo a wrong-length input: 17 of 18 digits is as personal as the whole number.
    return Problem{"id.bad_length", {{"length", std::to_string(n.length)}}};
  } else {
    if (n.first_non_digit != 0 && !(n.first_non_digit == kLength && n.non_digit == U'X')) {
      if (n.non_digit == U'X') return masked_problem("id.x_not_last", n);
      std::string shown;
      append_shown(shown, n.non_digit);
      return masked_problem("id.bad_char",
                            n, {{"char", std::move(shown)}, {"position", std::to_string(n.first_non_digit)}});
    }
    for (std::size_t i = 0; i < kLength; ++i) d[i] = static_cast<char>(n.cps[i]);
  }

  if (!is_province_code(number_at(d, 0, 2))) return masked_problem("id.bad_region", n);

  const auto year = static_cast<int>(number_at(d, 6, 4));
  const unsigned month = number_at(d, 10, 2), day = number_at(d, 12, 2);
  if (!CivilDate::is_valid(year, month, day)) {
    // The date plus the masked input would spell out all 18 characters, so this one carries
    // only the date; the date of a wrong number says little about anybody.
    return Problem{"id.bad_birth_date", {{"date", fmt::format("{:04}-{:02}-{:02}", year, month, day)}}};
  }
  const CivilDate birth{year, month, day};
  if (birth > today) return masked_problem("id.future_birth_date", n);
  if (year < 1900) return masked_problem("id.too_old", n);

  if (resident_id_check_digit({d.data(), 17}) != d[17]) return masked_problem("id.check_digit", n);
  return id;
}

ResidentId::~ResidentId() { sodium_memzero(digits_.data(), digits_.size()); }

std::string ResidentId::masked() const {
  std::string out;
  out.reserve(kLength);
  out.append(digits_.data(), 6);
  out.append(8, '*');
  out.append(digits_.data() + 14, 4);
  return out;
}

CivilDate ResidentId::birth_date() const noexcept {
  return CivilDate{static_cast<int>(number_at(digits_, 6, 4)), number_at(digits_, 10, 2), number_at(digits_, 12, 2)};
}

Sex ResidentId::sex() const noexcept { return (digits_[16] - '0') % 2 == 1 ? Sex::Male : Sex::Female; }

int ResidentId::age_on(CivilDate day) const noexcept {
  // Completed years, counted from the birthday itself; someone born on 29 February turns a
  // year older on 1 March in common years. Negative before birth, which callers treat as "not born".
  const CivilDate birth = birth_date();
  int age = day.year - birth.year;
  if (day.month < birth.month || (day.month == birth.month && day.day < birth.day)) --age;
  return age;
}

}  // namespace sunlight::core
