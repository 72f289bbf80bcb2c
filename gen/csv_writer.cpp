// Buffered CSV output for the generator's five files.
#include "gen/csv_writer.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace sunlight::gen {

namespace {
// Big enough that a district's 400 MB of payments goes out in a few hundred writes.
constexpr std::size_t kFlushAt = std::size_t{1} << 20;

std::runtime_error io_error(const std::filesystem::path& path, std::string_view what) {
  return std::runtime_error(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}
}  // namespace

CsvWriter::CsvWriter(const std::filesystem::path& path, std::initializer_list<std::string_view> header)
    : path_(path) {
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) throw io_error(path, "cannot create");
  buffer_.reserve(kFlushAt + 64 * 1024);
  for (const auto name : header) field(name);
  end_row();
  rows_ = 0;
}

CsvWriter::~CsvWriter() {
  if (file_ != nullptr) {
    // Best effort only: close() is the path that reports errors.
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    std::fclose(file_);
  }
}

void CsvWriter::separator() {
  if (row_started_) buffer_.push_back(',');
  row_started_ = true;
}

CsvWriter& CsvWriter::field(std::string_view text) {
  separator();
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    buffer_.append(text);
    return *this;
  }
  buffer_.push_back('"');
  for (const char c : text) {
    if (c == '"') buffer_.push_back('"');
    buffer_.push_back(c);
  }
  buffer_.push_back('"');
  return *this;
}

CsvWriter& CsvWriter::plain(std::string_view text) {
  separator();
  buffer_.append(text);
  return *this;
}

CsvWriter& CsvWriter::number(std::int64_t value) {
  separator();
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  buffer_.append(digits, result.ptr);
  return *this;
}

CsvWriter& CsvWriter::empty() {
  separator();
  return *this;
}

void CsvWriter::end_row() {
  buffer_.push_back('\n');
  row_started_ = false;
  ++rows_;
  if (buffer_.size() >= kFlushAt) flush();
}

void CsvWriter::flush() {
  if (buffer_.empty()) return;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) throw io_error(path_, "cannot write");
  buffer_.clear();
}

void CsvWriter::close() {
  if (file_ == nullptr) return;
  flush();
  std::FILE* f = file_;
  file_ = nullptr;
  if (std::fclose(f) != 0) throw io_error(path_, "cannot write");
}

}  // namespace sunlight::gen
