# Compiles text files into programs, so nothing fails at 2 a.m. for want of an assets path.

# sunlight_embed_catalogs(OUT_CPP DIR): every DIR/<lang>/<part>.json becomes an entry of
# `sunlight::embedded::catalog_parts()` as {lang, part, json text}.
function(sunlight_embed_catalogs out_cpp dir)
  file(GLOB parts CONFIGURE_DEPENDS ${dir}/*/*.json)
  list(SORT parts)
  set(defs "")
  set(entries "")
  set(i 0)
  foreach(part ${parts})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${part})
    file(READ ${part} hex HEX)
    string(LENGTH "${hex}" hex_len)
    math(EXPR n "${hex_len} / 2")
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
    get_filename_component(part_name ${part} NAME_WE)
    get_filename_component(lang_dir ${part} DIRECTORY)
    get_filename_component(lang ${lang_dir} NAME)
    string(APPEND defs "static const char part_${i}[] = {${bytes} '\\0'};\n")
    string(APPEND entries "      {\"${lang}\", \"${part_name}\", {part_${i}, ${n}}},\n")
    math(EXPR i "${i} + 1")
  endforeach()
  file(WRITE ${out_cpp}.tmp
    "// Generated from ${dir} by cmake/EmbedFile.cmake; do not edit.\n"
    "#include \"core/embedded.hpp\"\n"
    "namespace sunlight::embedded {\n${defs}"
    "std::span<const CatalogPart> catalog_parts() {\n"
    "  static const CatalogPart parts[] = {\n${entries}  };\n"
    "  return parts;\n}\n}\n")
  file(COPY_FILE ${out_cpp}.tmp ${out_cpp} ONLY_IF_DIFFERENT)
endfunction()
