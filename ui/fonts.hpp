// The CJK font (Noto Sans CJK SC through fontconfig) and an ImGui atlas holding only the characters shown.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ui/glyph_set.hpp"

struct ImFont;
struct ImFontAtlas;

namespace sunlight::ui {

// Sizes are multiples of one font unit (the body text's pixel height), so a screen laid out in
// units looks the same at 1080p and 4K (DESIGN.md "Rendering").
//
// The Person roles draw what belongs to one person (a looked-up name, an address) from a small
// atlas of their own: a new person's characters then cost a rebuild of a few dozen glyphs, not
// of the thousands every screen shares (55 ms on the 2-core test machine, between the tap on
// 查询 and the answer), and the characters are forgotten when the person leaves.
enum class FontRole { Small, Body, Heading, Title, Keypad, PersonBody, PersonHeading };
inline constexpr std::size_t kFontRoles = 7;
inline constexpr std::size_t kSharedRoles = 5;  // Small … Keypad live in ImGui's own atlas
[[nodiscard]] float font_scale(FontRole role) noexcept;  // 0.8, 1, 1.3, 1.8, 2.2; Person: 1, 1.3
[[nodiscard]] bool person_role(FontRole role) noexcept;
[[nodiscard]] bool font_bold(FontRole role) noexcept;

struct FontFace {
  std::filesystem::path file;
  int index = 0;  // the face inside a .ttc collection
};

// Asks fontconfig for `pattern` ("Noto Sans CJK SC", "Noto Sans CJK SC:bold"). nullopt when the
// best match is not that family (fontconfig always answers something; a Latin fallback would
// draw every Chinese character as a box).
[[nodiscard]] std::optional<FontFace> find_font(const std::string& pattern);

// A read-only mapping of a font file: pages are shared and only those read become resident,
// which keeps a 20 MB collection from costing 20 MB per font size.
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& file);  // throws std::runtime_error
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  [[nodiscard]] void* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

// The fonts of the current ImGui context. ImGui 1.86 has no dynamic atlas, so glyphs are added
// by note() and the atlas is rebuilt between frames when new ones arrived (rebuild()). A frame
// that met a character the atlas lacks is thrown away and built again after the rebuild, so no
// box is ever shown. UI thread only.
class Fonts {
 public:
  // Finds the regular and bold faces; throws std::runtime_error naming the package to install.
  explicit Fonts(float unit_px);
  ~Fonts();
  Fonts(const Fonts&) = delete;
  Fonts& operator=(const Fonts&) = delete;

  // Text about to be shown in every shared role (catalog strings, place names) or in one role.
  void note(std::string_view utf8);
  void note(FontRole role, std::string_view utf8);
  // Called by widgets as they draw: false (and the frame marked for a redo) when a character is
  // missing; the character is noted for the next rebuild.
  bool check(FontRole role, std::string_view utf8);
  [[nodiscard]] bool frame_missed() const noexcept { return missed_; }
  void new_frame() noexcept { missed_ = false; }  // each build of a frame starts clean

  void set_unit(float px);  // the body size in pixels: window height or large text changed
  [[nodiscard]] float unit() const noexcept { return unit_; }
  [[nodiscard]] float px(FontRole role) const noexcept { return unit_ * font_scale(role); }

  [[nodiscard]] bool needs_rebuild() const noexcept { return dirty_; }
  // Rebuilds the atlas with every noted character; the caller then re-uploads the texture
  // (Platform::reload_font_texture). Between frames only.
  void rebuild();

  // The Person roles' atlas: rebuilt alone (the caller uploads it: Platform::upload_atlas), and
  // emptied of the last person's characters by forget_person() when they leave.
  [[nodiscard]] bool person_needs_rebuild() const noexcept { return person_dirty_; }
  void rebuild_person();
  void forget_person();
  // Empties the shared roles back to the basics (printable ASCII and common punctuation): a
  // screen that runs for months and meets new text every day calls it now and then, so the
  // atlas holds what is shown now rather than everything ever shown. The caller notes the
  // current text again; anything missed is caught while drawing.
  void forget_shared();
  [[nodiscard]] std::size_t shared_glyphs() const;  // noted in the shared roles, all sizes together
  [[nodiscard]] ImFontAtlas& person_atlas() noexcept { return *person_atlas_; }
  [[nodiscard]] std::size_t person_rebuilds() const noexcept { return person_rebuilds_; }

  [[nodiscard]] ImFont* font(FontRole role) const noexcept { return fonts_[static_cast<std::size_t>(role)]; }
  [[nodiscard]] std::size_t glyphs(FontRole role) const { return sets_[static_cast<std::size_t>(role)].size(); }
  [[nodiscard]] int atlas_width() const noexcept { return atlas_w_; }
  [[nodiscard]] int atlas_height() const noexcept { return atlas_h_; }
  [[nodiscard]] std::size_t rebuilds() const noexcept { return rebuilds_; }  // the shared atlas's
  // Characters asked for that the font itself lacks (drawn as '?'): a screen that shows one
  // should say it another way. Filled by rebuild().
  [[nodiscard]] const GlyphSet& absent() const noexcept { return absent_; }
  [[nodiscard]] const FontFace& regular_face() const noexcept { return regular_; }

 private:
  void add_role(ImFontAtlas& atlas, FontRole role);
  void note_absent(std::size_t from, std::size_t to);

  FontFace regular_;
  FontFace bold_;
  std::optional<MappedFile> regular_file_;
  std::optional<MappedFile> bold_file_;
  std::array<GlyphSet, kFontRoles> sets_;
  std::array<ImFont*, kFontRoles> fonts_{};
  std::array<std::vector<Glyph>, kFontRoles> ranges_;  // must outlive the atlas build
  std::unique_ptr<ImFontAtlas, void (*)(ImFontAtlas*)> person_atlas_;
  float unit_ = 0;
  bool dirty_ = true;
  bool person_dirty_ = true;
  std::size_t person_rebuilds_ = 0;
  bool missed_ = false;
  int atlas_w_ = 0;
  int atlas_h_ = 0;
  std::size_t rebuilds_ = 0;
  GlyphSet absent_;
};

}  // namespace sunlight::ui
