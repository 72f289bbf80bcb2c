# Script mode (cmake -DDIR=… -DOUT=… -P embed_files.cmake): every file directly in DIR becomes an
# entry {name, content type, ETag, bytes} of sunlight::feed::console_files() in the C++ file OUT,
# so sunlight-feed serves the cadre console from its own binary (docs/console.md).
# Names that are not plain (dot files, editor backups such as "app.js~") are left out.
if(NOT DIR OR NOT OUT)
  message(FATAL_ERROR "embed_files.cmake needs -DDIR=<folder> -DOUT=<file.cpp>")
endif()

file(GLOB files LIST_DIRECTORIES false ${DIR}/*)
list(SORT files)
set(defs "")
set(entries "")
set(i 0)
foreach(file ${files})
  get_filename_component(name ${file} NAME)
  if(NOT name MATCHES "^[A-Za-z0-9][A-Za-z0-9._-]*$")
    continue()
  endif()
  get_filename_component(ext ${file} LAST_EXT)
  string(TOLOWER "${ext}" ext)
  if(ext STREQUAL ".html")
    set(type "text/html; charset=utf-8")
  elseif(ext STREQUAL ".js" OR ext STREQUAL ".mjs")
    set(type "text/javascript; charset=utf-8")
  elseif(ext STREQUAL ".css")
    set(type "text/css; charset=utf-8")
  elseif(ext STREQUAL ".svg")
    set(type "image/svg+xml")
  elseif(ext STREQUAL ".ico")
    set(type "image/x-icon")
  elseif(ext STREQUAL ".png")
    set(type "image/png")
  elseif(ext STREQUAL ".json" OR ext STREQUAL ".webmanifest")
    set(type "application/json; charset=utf-8")
  elseif(ext STREQUAL ".txt")
    set(type "text/plain; charset=utf-8")
  else()
    set(type "application/octet-stream")
  endif()
  file(READ ${file} hex HEX)
  string(LENGTH "${hex}" hex_len)
  math(EXPR n "${hex_len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  # The ETag: the first 128 bits of the file's SHA-256, so it changes exactly when the bytes do.
  file(SHA256 ${file} sha)
  string(SUBSTRING "${sha}" 0 32 etag)
  string(APPEND defs "const char file_${i}[] = {${bytes} '\\0'};\n")
  string(APPEND entries "      {\"${name}\", \"${type}\", \"\\\"${etag}\\\"\", {file_${i}, ${n}}},\n")
  math(EXPR i "${i} + 1")
endforeach()

if(i EQUAL 0)
  set(body "std::span<const ConsoleFile> console_files() { return {}; }\n")
else()
  set(body "std::span<const ConsoleFile> console_files() {\n  static const ConsoleFile files[] = {\n${entries}  };\n  return files;\n}\n")
endif()
file(WRITE ${OUT}.tmp
  "// Generated from ${DIR} by cmake/embed_files.cmake; do not edit.\n"
  "#include \"feed/console_files.hpp\"\n"
  "namespace sunlight::feed {\n"
  "namespace {\n${defs}}  // namespace\n"
  "${body}"
  "}  // namespace sunlight::feed\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.tmp)
