// The script language of scripted runs (see script.hpp).
#include "ui/script.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "ui/glyph_set.hpp"

namespace sunlight::ui {

ScriptError::ScriptError(int line, const std::string& message)
    : std::runtime_error(line > 0 ? fmt::format("script line {}: {}", line, message) : message), line_(line) {}

namespace {

std::vector<std::string> split_words(std::string_view line, int number) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t') {
      ++i;
      continue;
    }
    if (line[i] == '#') break;
    std::string word;
    if (line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '\\' && i + 1 < line.size()) {
          word += line[i + 1];
          i += 2;
        } else if (line[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          word += line[i++];
        }
      }
      if (!closed) throw ScriptError(number, "a quote is not closed");
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') word += line[i++];
    }
    words.push_back(std::move(word));
  }
  return words;
}

float coordinate(const std::string& word, int line) {
  float v = 0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
  if (ec != std::errc() || end != word.data() + word.size() || !std::isfinite(v)) {
    throw ScriptError(line, fmt::format("'{}' is not a number", word));
  }
  if (v < 0 || v > 16384) throw ScriptError(line, fmt::format("{} is off any screen (0 to 16384 pixels)", word));
  return v;
}

bool is_number(const std::string& word) {
  float v = 0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
  return ec == std::errc() && end == word.data() + word.size();
}

int duration_ms(const std::string& word, int line) {
  std::string_view digits = word;
  int scale = 1;
  if (digits.ends_with("ms")) {
    digits.remove_suffix(2);
  } else if (digits.ends_with("s")) {
    digits.remove_suffix(1);
    scale = 1000;
  }
  long long v = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || v < 0) {
    throw ScriptError(line, fmt::format("'{}' is not a duration (2000, 2000ms or 2s)", word));
  }
  if (v > kMaxWaitMs / scale) throw ScriptError(line, fmt::format("{} is longer than an hour", word));
  return static_cast<int>(v * scale);
}

void expect_words(const std::vector<std::string>& w, std::size_t min, std::size_t max, int line, const char* usage) {
  if (w.size() < min || w.size() > max) throw ScriptError(line, fmt::format("expected: {}", usage));
}

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    const std::uint32_t cp = next_code_point(text, i);
    if (cp == 0xFFFD && !(text.substr(at, 3) == "\xEF\xBF\xBD")) return false;
    if (cp == 0) return false;
  }
  return true;
}

}  // namespace

Script parse_script(std::string_view text) {
  if (text.size() > kMaxScriptBytes) throw ScriptError(0, "the script is larger than 1 MiB");
  Script script;
  int number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!valid_utf8(line)) throw ScriptError(number, "the line is not UTF-8 text");
    const auto w = split_words(line, number);
    if (w.empty()) continue;
    ScriptStep step;
    step.line = number;
    const std::string& verb = w[0];
    if (verb == "tap") {
      if (w.size() == 3 && is_number(w[1]) && is_number(w[2])) {
        step.kind = ScriptStep::Kind::TapPoint;
        step.x = coordinate(w[1], number);
        step.y = coordinate(w[2], number);
      } else {
        expect_words(w, 2, 3, number, "tap LABEL [N] or tap X Y");
        step.kind = ScriptStep::Kind::TapLabel;
        step.text = w[1];
        if (step.text.empty()) throw ScriptError(number, "tap needs a label");
        if (w.size() == 3) {
          // The Nth button with that label, from the top (two 返回首页 on a result page).
          int nth = 0;
          const auto parsed = std::from_chars(w[2].data(), w[2].data() + w[2].size(), nth);
          if (parsed.ec != std::errc() || parsed.ptr != w[2].data() + w[2].size() || nth < 1 || nth > 99)
            throw ScriptError(number, fmt::format("'{}' is not a button number (1 to 99)", w[2]));
          step.nth = nth - 1;
        }
      }
    } else if (verb == "type") {
      expect_words(w, 2, 2, number, "type CHARACTERS");
      step.kind = ScriptStep::Kind::Type;
      step.text = w[1];
      // One tap per key: the keypad has 0-9 and X, nothing else.
      if (step.text.find_first_not_of("0123456789Xx") != std::string::npos)
        throw ScriptError(number, "type takes digits and X only (the keys of the keypad)");
      for (char& c : step.text) c = c == 'x' ? 'X' : c;
    } else if (verb == "drag") {
      expect_words(w, 5, 6, number, "drag X1 Y1 X2 Y2 [MS]");
      step.kind = ScriptStep::Kind::Drag;
      step.x = coordinate(w[1], number);
      step.y = coordinate(w[2], number);
      step.x2 = coordinate(w[3], number);
      step.y2 = coordinate(w[4], number);
      step.ms = w.size() == 6 ? duration_ms(w[5], number) : 300;
      if (step.ms < 16 || step.ms > 10000) throw ScriptError(number, "a drag takes 16 ms to 10 s");
    } else if (verb == "wait") {
      expect_words(w, 2, 2, number, "wait MS (or 2s)");
      step.kind = ScriptStep::Kind::Wait;
      step.ms = duration_ms(w[1], number);
    } else if (verb == "screenshot") {
      expect_words(w, 2, 2, number, "screenshot NAME");
      step.kind = ScriptStep::Kind::Screenshot;
      step.text = w[1];
      const bool plain = step.text.size() <= 64 && step.text.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == std::string::npos;
      if (!plain) throw ScriptError(number, "a screenshot name is letters, digits, - and _ (no folders)");
    } else if (verb == "expect" || verb == "expect_not") {
      expect_words(w, 2, 2, number, "expect TEXT");
      step.kind = verb == "expect" ? ScriptStep::Kind::Expect : ScriptStep::Kind::ExpectNot;
      step.text = w[1];
      if (step.text.empty()) throw ScriptError(number, "expect needs some text");
    } else {
      throw ScriptError(number, fmt::format("unknown step '{}' (tap, type, drag, wait, screenshot, expect, expect_not)",
                                            verb.substr(0, 40)));
    }
    script.steps.push_back(std::move(step));
    if (script.steps.size() > kMaxScriptSteps) throw ScriptError(number, "more than 20000 steps");
  }
  return script;
}

Script load_script(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScriptError(0, fmt::format("cannot read the script {}", path));
  // Never more than the limit and one byte: --script /dev/zero must not fill the memory.
  std::string text(kMaxScriptBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw ScriptError(0, fmt::format("cannot read the script {}", path));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_script(text);
}

}  // namespace sunlight::ui
