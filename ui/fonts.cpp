// The CJK font through fontconfig and an atlas of the characters shown (see fonts.hpp).
#include "ui/fonts.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <stdexcept>

#include <fmt/core.h>
#include <fontconfig/fontconfig.h>
#include <imgui.h>
#include <imgui_freetype.h>

namespace sunlight::ui {

namespace {

constexpr const char* kFamily = "Noto Sans CJK SC";
constexpr const char* kInstallHint = "install the Debian package fonts-noto-cjk (scripts/install-deps.sh does)";

// What every screen needs before any text arrives: printable ASCII, the ¥ sign, full-width
// punctuation and the few symbols the shells draw (· in status lines, ● for PIN digits).
void add_basics(GlyphSet& set) {
  set.add_range(0x20, 0x7E);
  set.add("¥·—…、。，：；？！（）《》“”‘’【】～％←→●○");
}

}  // namespace

float font_scale(FontRole role) noexcept {
  switch (role) {
    case FontRole::Small: return 0.8f;
    case FontRole::Body: return 1.0f;
    case FontRole::Heading: return 1.3f;
    case FontRole::Title: return 1.8f;
    case FontRole::Keypad: return 2.2f;
    case FontRole::PersonBody: return 1.0f;
    case FontRole::PersonHeading: return 1.3f;
  }
  return 1.0f;
}

bool font_bold(FontRole role) noexcept {
  return role == FontRole::Heading || role == FontRole::Title || role == FontRole::Keypad ||
         role == FontRole::PersonHeading;
}

bool person_role(FontRole role) noexcept { return static_cast<std::size_t>(role) >= kSharedRoles; }

std::optional<FontFace> find_font(const std::string& pattern_text) {
  if (!FcInit()) return std::nullopt;
  FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(pattern_text.c_str()));
  if (!pattern) return std::nullopt;
  FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcPattern* match = FcFontMatch(nullptr, pattern, &result);
  FcPatternDestroy(pattern);
  if (!match) return std::nullopt;
  std::optional<FontFace> face;
  FcChar8* family = nullptr;
  FcChar8* file = nullptr;
  int index = 0;
  if (FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch &&
      FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
      std::string_view(reinterpret_cast<const char*>(family)) == kFamily) {
    FcPatternGetInteger(match, FC_INDEX, 0, &index);
    face = FontFace{reinterpret_cast<const char*>(file), index};
  }
  FcPatternDestroy(match);
  return face;
}

MappedFile::MappedFile(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(fmt::format("cannot open the font {}", file.string()));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
    ::close(fd);
    throw std::runtime_error(fmt::format("cannot read the font {}", file.string()));
  }
  size_ = static_cast<std::size_t>(st.st_size);
  data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (data_ == MAP_FAILED) {
    data_ = nullptr;
    throw std::runtime_error(fmt::format("cannot map the font {}", file.string()));
  }
  // Glyphs are scattered over the file: read-ahead around each one would read most of it.
  ::madvise(data_, size_, MADV_RANDOM);
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

Fonts::Fonts(float unit_px)
    : person_atlas_(IM_NEW(ImFontAtlas)(), [](ImFontAtlas* atlas) { IM_DELETE(atlas); }), unit_(unit_px) {
  auto regular = find_font(kFamily);
  if (!regular) throw std::runtime_error(fmt::format("the font {} was not found: {}", kFamily, kInstallHint));
  auto bold = find_font(std::string(kFamily) + ":bold");
  regular_ = *regular;
  bold_ = bold ? *bold : *regular;
  regular_file_.emplace(regular_.file);
  if (bold_.file != regular_.file) bold_file_.emplace(bold_.file);
  for (auto& set : sets_) add_basics(set);
}

Fonts::~Fonts() = default;

void Fonts::note(std::string_view utf8) {
  for (std::size_t r = 0; r < kSharedRoles; ++r) note(static_cast<FontRole>(r), utf8);
}

void Fonts::note(FontRole role, std::string_view utf8) {
  if (sets_[static_cast<std::size_t>(role)].add(utf8) == 0) return;
  (person_role(role) ? person_dirty_ : dirty_) = true;
}

bool Fonts::check(FontRole role, std::string_view utf8) {
  auto& set = sets_[static_cast<std::size_t>(role)];
  if (set.covers(utf8)) return true;
  note(role, utf8);
  missed_ = true;
  return false;
}

void Fonts::set_unit(float px) {
  px = std::round(px);
  if (px != unit_) {
    unit_ = px;
    dirty_ = true;
    person_dirty_ = true;
  }
}

void Fonts::forget_person() {
  GlyphSet basics;
  add_basics(basics);
  for (std::size_t r = kSharedRoles; r < kFontRoles; ++r) {
    if (sets_[r].size() != basics.size()) {
      sets_[r] = basics;
      person_dirty_ = true;
    }
  }
}

void Fonts::forget_shared() {
  GlyphSet basics;
  add_basics(basics);
  for (std::size_t r = 0; r < kSharedRoles; ++r) {
    if (sets_[r].size() != basics.size()) {
      sets_[r] = basics;
      dirty_ = true;
    }
  }
}

std::size_t Fonts::shared_glyphs() const {
  std::size_t n = 0;
  for (std::size_t r = 0; r < kSharedRoles; ++r) n += sets_[r].size();
  return n;
}

void Fonts::rebuild() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  // FreeType hints CJK strokes far more crisply than stb_truetype at these sizes.
  atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  atlas->TexDesiredWidth = 4096;
  for (std::size_t r = 0; r < kSharedRoles; ++r) add_role(*atlas, static_cast<FontRole>(r));
  if (!atlas->Build()) throw std::runtime_error("the font atlas could not be built (too many characters for one texture)");
  unsigned char* pixels = nullptr;
  atlas->GetTexDataAsRGBA32(&pixels, &atlas_w_, &atlas_h_);
  ImGui::GetIO().FontDefault = fonts_[static_cast<std::size_t>(FontRole::Body)];
  note_absent(0, kSharedRoles);
  dirty_ = false;
  missed_ = person_dirty_;
  ++rebuilds_;
}

void Fonts::add_role(ImFontAtlas& atlas, FontRole role) {
  const auto r = static_cast<std::size_t>(role);
  const bool bold = font_bold(role) && bold_file_;
  const MappedFile& file = bold ? *bold_file_ : *regular_file_;
  ranges_[r] = sets_[r].ranges();
  ImFontConfig config;
  // ImGui 1.86 copies font data it does not own — a 20 MB collection per size, 100 MB in all.
  // Told it owns the mapping, it copies nothing; the flag is cleared again below so that
  // Clear() never frees what is ours to unmap.
  config.FontDataOwnedByAtlas = true;
  config.FontNo = bold ? bold_.index : regular_.index;
  config.OversampleH = 1;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  fonts_[r] = atlas.AddFontFromMemoryTTF(file.data(), static_cast<int>(file.size()), px(role), &config,
                                         reinterpret_cast<const ImWchar*>(ranges_[r].data()));
  atlas.ConfigData.back().FontDataOwnedByAtlas = false;
}

void Fonts::rebuild_person() {
  ImFontAtlas& atlas = *person_atlas_;
  atlas.Clear();
  atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  atlas.TexDesiredWidth = 1024;
  for (std::size_t r = kSharedRoles; r < kFontRoles; ++r) add_role(atlas, static_cast<FontRole>(r));
  if (!atlas.Build()) throw std::runtime_error("the font atlas for a person's text could not be built");
  note_absent(kSharedRoles, kFontRoles);
  person_dirty_ = false;
  missed_ = dirty_;
  ++person_rebuilds_;
}

void Fonts::note_absent(std::size_t from, std::size_t to) {
  for (std::size_t r = from; r < to; ++r) {
    for (std::size_t i = 0; i + 1 < ranges_[r].size(); i += 2) {
      for (std::uint32_t g = ranges_[r][i]; g <= ranges_[r][i + 1]; ++g) {
        if (!fonts_[r]->FindGlyphNoFallback(static_cast<ImWchar>(g))) absent_.add_range(static_cast<Glyph>(g), static_cast<Glyph>(g));
      }
    }
  }
}

}  // namespace sunlight::ui
